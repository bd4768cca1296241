from django.urls import path

from administration import views_account, views_system, views_units, views_users

app_name = "administration"

urlpatterns = [
    path("users/", views_users.user_list, name="user_list"),
    path("users/new/", views_users.user_create, name="user_create"),
    path("users/<id:pk>/", views_users.user_edit, name="user_edit"),
    path("users/<id:pk>/password/", views_users.user_password, name="user_password"),
    path("users/<id:pk>/active/", views_users.user_toggle_active, name="user_toggle_active"),
    path("users/<id:pk>/unlock/", views_account.user_unlock, name="user_unlock"),
    path("roles/", views_users.role_list, name="role_list"),
    path("roles/<id:pk>/", views_users.role_edit, name="role_edit"),
    path("units/", views_units.unit_list, name="unit_list"),
    path("units/new/", views_units.unit_create_view, name="unit_create"),
    path("units/<id:pk>/", views_units.unit_edit, name="unit_edit"),
    path("system/", views_system.system_status, name="system_status"),
    path("system/probe/", views_system.system_probe, name="system_probe"),
]
