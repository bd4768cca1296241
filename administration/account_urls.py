"""Changing one's own password, at Django's usual names (no namespace) under accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from administration import views_account

urlpatterns = [
    path("password/", views_account.OwnPasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
