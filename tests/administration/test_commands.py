"""The commands that set up a new installation."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from portal.models import OrgUnit, User
from portal.roles import Role
from records.kinds import KINDS
from tests import conftest
from tests.factories import can_sign_in

pytestmark = pytest.mark.django_db


def test_a_new_installation_gets_its_town_and_first_administrator(monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "First#Admin-2026")
    call_command("create_town", "东坡镇", stdout=io.StringIO())
    call_command(
        "create_account", "admin1", name="管理员", unit="东坡镇", role=["sysadmin"], stdout=io.StringIO()
    )
    user = User.objects.get(username="admin1")
    assert (user.unit.kind, user.roles) == (OrgUnit.Kind.TOWN, {Role.SYSADMIN})
    assert not user.is_superuser
    assert can_sign_in("admin1", "First#Admin-2026")


def test_create_account_refuses_two_administrator_roles(monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "First#Admin-2026")
    call_command("create_town", "东坡镇", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Separation of duties"):
        call_command(
            "create_account", "admin1", "--name=管理员", "--unit=东坡镇", "--role=sysadmin", "--role=auditor"
        )
    assert not User.objects.filter(username="admin1").exists()


def test_create_account_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", "password")
    call_command("create_town", "东坡镇", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("create_account", "admin1", name="管理员", unit="东坡镇", role=["sysadmin"])
    assert not User.objects.filter(username="admin1").exists()


def test_create_account_refuses_a_user_name_taken_in_another_case(monkeypatch, demo):
    monkeypatch.setenv("PORTAL_PASSWORD", "First#Admin-2026")
    with pytest.raises(CommandError, match="taken"):
        call_command("create_account", "Reporter", name="另一个", unit="石桥村", role=["reporter"])
    assert list(User.objects.filter(username__iexact="reporter").values_list("username", flat=True)) == [
        "reporter"
    ]


def test_the_database_refuses_a_user_name_differing_only_in_case(demo):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("REVIEWER", password="Other#Pass-2026", name="别人")


def test_create_account_without_a_terminal_or_password_says_what_to_do(monkeypatch):
    monkeypatch.delenv("PORTAL_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # cron, a pipe, ssh without -t
    call_command("create_town", "东坡镇", stdout=io.StringIO())
    with pytest.raises(CommandError, match="PORTAL_PASSWORD"):
        call_command("create_account", "admin1", name="管理员", unit="东坡镇", role=["sysadmin"])


PERSON = {"username": "reporter", "name": "李明", "phone": "13800138000"}


@pytest.mark.parametrize(
    ("person", "password"),
    [
        ({"username": "t2rep", "name": "沙头信息员t2rep"}, "沙头信息员t2rep1A"),  # the probe's
        (PERSON, "Li#13800138000"),
        (PERSON, "李明#Pass2026x"),
        (PERSON, "Reporter#2026x"),
    ],
)
def test_a_password_holding_the_name_phone_or_user_name_is_refused(person, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="用户名、姓名或手机号"):
        validate_password(password, User(**person))


def test_seed_demo_refuses_a_production_site(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="refusing"):
        call_command("seed_demo")


def test_seed_demo_fills_two_years_of_records_once():
    from records.models import Record

    call_command("seed_demo", "--no-photos", stdout=io.StringIO())
    counts = (Record.objects.count(), User.objects.count())
    call_command("seed_demo", "--no-photos", stdout=io.StringIO())
    assert (Record.objects.count(), User.objects.count()) == counts
    assert counts[0] > 300
    assert set(Record.objects.values_list("kind", flat=True)) == set(KINDS)
    assert Record.objects.filter(status=Record.Status.SUBMITTED).exists()


@pytest.mark.django_db
def test_a_migrated_installation_has_no_account_at_all():
    """No default administrator: the first one is made by create_account, with its own password.

    Counted by the test run's database set-up right after `migrate`, before the shared
    demo world is made.
    """
    assert conftest.ACCOUNTS_AFTER_MIGRATE == 0
