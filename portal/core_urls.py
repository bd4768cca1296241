"""The shared core's pages: home, accounts and roles, units, system status."""

from django.urls import path

from portal.views import account, audit, dashboard, home, system, units, users

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<id:pk>/", users.user_edit, name="user_edit"),
    path("users/<id:pk>/password/", users.user_password, name="user_password"),
    path("users/<id:pk>/active/", users.user_toggle_active, name="user_toggle_active"),
    path("users/<id:pk>/unlock/", account.user_unlock, name="user_unlock"),
    path("roles/", users.role_list, name="role_list"),
    path("roles/<id:pk>/", users.role_edit, name="role_edit"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create_view, name="unit_create"),
    path("units/<id:pk>/", units.unit_edit, name="unit_edit"),
    path("system/", system.system_status, name="system_status"),
    path("system/probe/", system.system_probe, name="system_probe"),
    path("jobs/<uuid:pk>/", system.job_status, name="job_status"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/verify/", audit.audit_verify_view, name="audit_verify"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/targets/", dashboard.targets, name="targets"),
]
