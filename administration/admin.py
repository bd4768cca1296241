"""Django admin, for superusers only (an operator's last resort, not a daily tool).

Roles are assigned on the secadmin's page, where the separation of the administrator
roles is enforced; the admin shows groups read-only for that reason.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from audit.log import audit_write
from audit.models import Event
from portal.forms import SetByAdministrator
from portal.models import Job, OrgUnit, User


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


class ForcedChangePasswordForm(SetByAdministrator, AdminPasswordChangeForm):
    """A password set here is, as on the sysadmin's page, changed by its holder and logged."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            audit_write(Event.PASSWORD_RESET, obj=user)
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    change_password_form = ForcedChangePasswordForm

    list_display = ["username", "name", "unit", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "unit"]
    search_fields = ["username", "name"]
    ordering = ["username"]
    readonly_fields = ["groups", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("个人信息"), {"fields": ["name", "unit", "phone", "email"]}),
        (_("权限"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("重要日期"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "name", "unit", "password1", "password2"]}),
    ]

    def save_model(self, request, obj: User, form, change: bool) -> None:
        if not change:
            obj.must_change_password = True  # as for an account made on the sysadmin's page
        super().save_model(request, obj, form, change)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "state", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
