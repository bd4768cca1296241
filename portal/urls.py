"""The portal's URLs: each app under its namespace, plus sign-in.

Apps are included by name only, so the foundation imports none of them.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from portal.converters import IdConverter
from portal.forms import SignInForm
from portal.views import system

register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("dashboard.urls")),
    path("", include("administration.urls")),
    path("", include("portal.core_urls")),
    path("audit/", include("audit.urls")),
    path("records/ledger/", include("ledger.urls")),
    path("records/", include("records.urls")),
    path("outreach/", include("media_outreach.urls")),
    path("reports/", include("reports.urls")),
    path("scoring/", include("scoring.urls")),
    path("inspection/", include("inspection.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("administration.account_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", system.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
