"""Writes on accounts and units that carry rules beyond one form."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import OrgUnit, User, in_subtree
from portal.roles import ADMIN_ROLES, Role, validate_role_combination

PROTECTED_FROM_SYSADMIN = {Role.SECADMIN, Role.AUDITOR}


def user_set_roles(*, user: User, roles: Iterable[str], by: User) -> None:
    """Give `user` exactly `roles`, keeping the three administrator roles apart and filled."""
    roles = {Role(role) for role in roles}
    if user.pk == by.pk:
        raise ValidationError(_("不能修改自己的角色，请由另一位安全管理员操作。"))
    validate_role_combination(roles)
    for role in user.roles - roles:
        if role in ADMIN_ROLES and not _other_holders(role, user).exists():
            raise ValidationError(
                _("%(role)s至少要保留一人：请先把这个角色分配给别人，再取消%(user)s的。")
                % {"role": role.label, "user": user}
            )
    with transaction.atomic():
        user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    user.__dict__.pop("roles", None)
    user.__dict__.pop("scope_unit", None)


def _other_holders(role: Role, user: User):
    town = user.town
    others = User.objects.filter(groups__name=role.value, is_active=True).exclude(pk=user.pk)
    return others.filter(in_subtree(town)) if town else others


def user_check_manageable(*, user: User, by: User) -> None:
    """The sysadmin manages accounts, but not the accounts that watch over them.

    Resetting the secadmin's or auditor's password, or deactivating them, would let a
    sysadmin take over their role (三员分立).
    """
    if user.pk != by.pk and user.roles & PROTECTED_FROM_SYSADMIN:
        raise ValidationError(
            _("安全管理员和审计管理员的账号不能由系统管理员重设密码或停用（三员分立）；请由本人修改密码。")
        )


def user_set_active(*, user: User, active: bool, by: User) -> None:
    """Deactivate or reactivate an account; nobody deactivates themselves."""
    if user.pk == by.pk and not active:
        raise ValidationError(_("不能停用自己的账号。"))
    user_check_manageable(user=user, by=by)
    user.is_active = active
    user.save(update_fields=["is_active"])


def unit_create(*, parent: OrgUnit, name: str, kind: str) -> OrgUnit:
    """Add a unit under `parent` (the tree keeps siblings ordered by kind and name).

    A new town is made with `administration.services.town_create`, which gives it its
    work themes too.
    """
    return OrgUnit.objects.add_child(parent, create_kwargs={"name": name, "kind": kind})
