"""Each town's auditor reads only the town's entries, including those written with nobody signed in."""

from __future__ import annotations

import io
import re

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


def test_a_new_account_reads_as_one_with_names_not_ids(demo, client_as, monkeypatch):
    """Logged as 新建账号 (it read 变更角色), its unit by name, its role by name, no defaults."""
    from audit.reading import detail_lines

    monkeypatch.setenv("PORTAL_PASSWORD", PASSWORD)
    call_command(
        "create_account", "liu_new", name="刘新", unit="石桥村", role=["reporter"], stdout=io.StringIO()
    )
    user = User.objects.get(username="liu_new")
    entries = AuditEvent.objects.filter(object_type="portal.User", object_id=str(user.pk)).order_by("seq")
    created = entries.filter(event=Event.USER_CREATE).get()
    lines = "；".join(detail_lines(created))
    assert lines == "姓名：刘新；所属单位：石桥村；用户名：liu_new；有效：是"
    roles = "；".join(line for entry in entries for line in detail_lines(entry))
    assert "新增 信息员" in roles and "add reporter" not in roles
    page = client_as(Role.AUDITOR).get(reverse("audit:log"), {"event": Event.USER_CREATE}).content.decode()
    assert "liu_new" in page


def test_a_lockout_is_logged_once_and_the_attempts_during_it_as_refused(shatou):
    fail_sign_in("shatou_rep", times=8)
    entries = AuditEvent.objects.filter(username="shatou_rep")
    assert entries.filter(event=Event.LOCKOUT).count() == 1
    refused = entries.filter(event=Event.LOGIN_FAILED, detail__reason="locked").count()
    assert refused >= 3


def test_the_auditor_exports_the_filtered_log(demo, client_as):
    import openpyxl

    fail_sign_in("=cmd|' /C calc'!A0")  # a user name that is a formula
    client = client_as(Role.AUDITOR)
    response = client.get(reverse("audit:export"), {"event": Event.LOGIN_FAILED})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0].startswith("青溪镇审计日志（") and rows[1][:3] == ("序号", "时间", "用户名")
    assert {row[5] for row in rows[2:]} == {"登录失败"}
    assert any(row[2] == "'=cmd|' /C calc'!A0" for row in rows[2:])  # guarded: never a formula
    assert AuditEvent.objects.filter(event=Event.EXPORT, object_repr="审计日志").exists()


def test_a_records_review_reads_with_names_labels_and_local_times(client_as, demo):
    """The user test's entries: 审核人：— → 2, 状态：submitted → void, a time in UTC."""
    from audit.reading import detail_lines, units_named
    from records.models import Record
    from tests.factories import make_record

    record = make_record("event", status=Record.Status.SUBMITTED)
    Record.objects.get(pk=record.pk).void(by=demo["reviewer"], reason="重复")
    entry = AuditEvent.objects.filter(event=Event.STATUS_CHANGE, object_id=str(record.pk)).latest("seq")
    units_named([entry])
    lines = "；".join(detail_lines(entry))
    assert "已作废" in lines and "void" not in lines
    assert "王芳（reviewer）" in lines
    assert re.search(r"审核时间：— → \d{4}-\d\d-\d\d \d\d:\d\d(；|$)", lines), lines
