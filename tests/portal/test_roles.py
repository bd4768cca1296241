"""Roles: the groups exist with their permissions, and 三员分立 holds."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from portal.roles import ROLE_PERMISSIONS, Role, admin_role_conflict
from portal.services import user_set_roles

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_exactly_its_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == perms, role


@pytest.mark.parametrize(
    ("roles", "conflict"),
    [
        ({Role.SYSADMIN, Role.AUDITOR}, ["sysadmin", "auditor"]),
        ({Role.SECADMIN, Role.SYSADMIN, Role.REPORTER}, ["reporter", "sysadmin", "secadmin"]),
        ({Role.SYSADMIN, Role.REVIEWER}, ["reviewer", "sysadmin"]),
        ({Role.AUDITOR}, []),
        ({Role.REVIEWER, Role.LEADER, Role.SECRETARY}, []),
    ],
)
def test_administrator_roles_stand_alone(roles, conflict):
    assert admin_role_conflict(roles) == conflict


def test_the_secadmin_cannot_give_anyone_two_administrator_roles(demo):
    with pytest.raises(ValidationError, match="三员分立"):
        user_set_roles(user=demo["sysadmin"], roles=["sysadmin", "auditor"], by=demo["secadmin"])
    assert demo["sysadmin"].roles == {Role.SYSADMIN}


def test_the_secadmin_cannot_change_their_own_roles(demo):
    with pytest.raises(ValidationError):
        user_set_roles(user=demo["secadmin"], roles=["secadmin", "reviewer"], by=demo["secadmin"])


def test_work_roles_combine(demo):
    reviewer = demo["reviewer"]
    user_set_roles(user=reviewer, roles=["reviewer", "secretary", "leader"], by=demo["secadmin"])
    assert reviewer.roles == {Role.REVIEWER, Role.SECRETARY, Role.LEADER}


def test_a_sysadmin_cannot_assign_roles_nor_a_secadmin_manage_accounts(demo):
    assert not demo["sysadmin"].has_perm("portal.assign_roles")
    assert not demo["secadmin"].has_perm("portal.manage_users")
    assert not demo["auditor"].has_perm("portal.manage_users")
