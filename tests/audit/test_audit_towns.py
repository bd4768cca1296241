"""Each town's auditor reads only the town's entries, including those written with nobody signed in."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from administration.services import town_create
from audit.log import audit_write
from audit.models import AuditEvent, Event
from portal.jobs import job_enqueue
from portal.models import OrgUnit, User
from portal.roles import Role
from portal.services import unit_create

pytestmark = pytest.mark.django_db
PASSWORD = "Shatou#Audit-2026"


def account(username: str, unit: OrgUnit, role: Role) -> User:
    user = User.objects.create_user(username, password=PASSWORD, name=username, unit=unit)
    user.groups.set(Group.objects.filter(name=role.value))
    return user


@pytest.fixture
def shatou(demo) -> dict[str, User]:
    town = town_create(name="沙头镇")
    village = unit_create(parent=OrgUnit.objects.get(pk=town.pk), name="沙头村", kind=OrgUnit.Kind.VILLAGE)
    return {
        "reporter": account("shatou_rep", village, Role.REPORTER),
        "auditor": account("shatou_aud", town, Role.AUDITOR),
    }


def log_page(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("audit:log"), {"page": 1}).content.decode()


def fail_sign_in(username: str, times: int = 1) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "Wrong#Guess-1"})


def test_failed_sign_ins_and_a_lockout_belong_to_the_named_accounts_town(shatou, demo):
    fail_sign_in("SHATOU_REP", times=5)  # typed in capitals: still that account
    entries = AuditEvent.objects.filter(username__iexact="shatou_rep")
    assert {entry.event for entry in entries} >= {Event.LOGIN_FAILED, Event.LOCKOUT}
    assert {entry.town.name for entry in entries} == {"沙头镇"}
    assert "SHATOU_REP" not in log_page(demo["auditor"])
    assert "SHATOU_REP" in log_page(shatou["auditor"])


def test_an_unknown_user_name_is_read_only_by_an_auditor_over_every_town(shatou, demo):
    fail_sign_in("nobody-at-all")
    assert AuditEvent.objects.filter(username="nobody-at-all").get().town is None
    assert "nobody-at-all" not in log_page(demo["auditor"])
    assert "nobody-at-all" not in log_page(shatou["auditor"])
    district = OrgUnit.objects.add_root(create_kwargs={"name": "全区", "kind": OrgUnit.Kind.DISTRICT})
    for town in OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN):
        OrgUnit.objects.move(town, OrgUnit.objects.get(pk=district.pk), "sorted-child")
    above = account("district_aud", OrgUnit.objects.get(pk=district.pk), Role.AUDITOR)
    assert "nobody-at-all" in log_page(above)


def test_with_one_town_its_auditor_reads_the_entries_of_no_town(demo):
    fail_sign_in("nobody-at-all")
    assert "nobody-at-all" in log_page(demo["auditor"])


def test_a_command_and_a_job_write_into_the_town_they_act_on(shatou, demo, monkeypatch):
    monkeypatch.setenv("PORTAL_PASSWORD", PASSWORD)
    call_command(
        "create_account", "shatou_new", name="新人", unit="沙头村", role=["reporter"], stdout=io.StringIO()
    )
    new = User.objects.get(username="shatou_new")
    created = AuditEvent.objects.filter(object_type="portal.User", object_id=str(new.pk))
    assert {entry.town.name for entry in created} == {"沙头镇"}
    job = job_enqueue(kind="probe", by=shatou["reporter"])
    entry = audit_write(Event.DOWNLOAD, obj=job, username="celery worker")  # nobody signed in
    assert entry.town.name == "沙头镇"
    assert "shatou_new" not in log_page(demo["auditor"])
