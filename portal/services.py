"""Writes on accounts and units that carry rules beyond one form."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import OrgUnit, User
from portal.roles import Role, admin_role_conflict


def user_set_roles(*, user: User, roles: Iterable[str], by: User) -> None:
    """Give `user` exactly `roles`, enforcing the separation of the administrator roles."""
    roles = {Role(role) for role in roles}
    if user.pk == by.pk:
        raise ValidationError(_("不能修改自己的角色，请由另一位安全管理员操作。"))
    conflict = admin_role_conflict(roles)
    if conflict:
        names = "、".join(str(Role(role).label) for role in conflict)
        raise ValidationError(_("三员分立：同一人不能同时担任%(roles)s。") % {"roles": names})
    with transaction.atomic():
        user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    user.__dict__.pop("roles", None)
    user.__dict__.pop("scope_unit", None)


def user_set_active(*, user: User, active: bool, by: User) -> None:
    """Deactivate or reactivate an account; nobody deactivates themselves."""
    if user.pk == by.pk and not active:
        raise ValidationError(_("不能停用自己的账号。"))
    user.is_active = active
    user.save(update_fields=["is_active"])


def unit_create(*, parent: OrgUnit, name: str, kind: str) -> OrgUnit:
    """Add a unit under `parent` (the tree keeps siblings ordered by kind and name)."""
    return OrgUnit.objects.add_child(parent, create_kwargs={"name": name, "kind": kind})
