"""等保 安全审计: every security-relevant event is logged, append-only, in a chain a check can trust."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.log import audit_verify, audit_write
from audit.models import AppendOnlyError, AuditEvent, Event, Outcome
from portal.roles import Role
from records.models import Record
from tests.factories import make_record
from tests.ledger.test_ledger_pages import workbook
from tests.records.test_record_pages import volunteer_form

pytestmark = pytest.mark.django_db
IP = "192.0.2.15"


def events() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("event", flat=True))


def last(event: Event) -> AuditEvent:
    return AuditEvent.objects.filter(event=event).latest("seq")


def test_sign_in_failure_lockout_and_sign_out_are_logged_with_user_and_address(demo):
    client = Client(REMOTE_ADDR=IP)
    for _ in range(5):
        client.post(reverse("login"), {"username": "reporter", "password": "Wrong#Guess-1"})
    failed = last(Event.LOGIN_FAILED)
    assert (failed.username, failed.ip, failed.outcome) == ("reporter", IP, Outcome.FAILURE)
    assert last(Event.LOCKOUT).username == "reporter"
    client = Client(REMOTE_ADDR=IP)
    client.post(reverse("login"), {"username": "leader", "password": "Demo@2026"})
    client.post(reverse("logout"))
    signed_in, signed_out = last(Event.LOGIN), last(Event.LOGOUT)
    assert (signed_in.user, signed_in.ip, signed_in.outcome) == (demo["leader"], IP, Outcome.SUCCESS)
    assert signed_out.user == demo["leader"]
    assert signed_in.town.name == "青溪镇"


def test_a_proxy_header_is_trusted_only_when_configured(demo, settings):
    def signed_in_from(**headers) -> str:
        Client(REMOTE_ADDR="10.0.0.1", **headers).post(
            reverse("login"), {"username": "leader", "password": "Demo@2026"}
        )
        return last(Event.LOGIN).ip

    assert signed_in_from(HTTP_X_REAL_IP=IP) == "10.0.0.1"
    settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
    assert signed_in_from(HTTP_X_REAL_IP=IP) == IP


def test_password_user_and_role_changes_are_logged(demo, client_as):
    reporter = demo["reporter"]
    sysadmin = client_as(Role.SYSADMIN)
    sysadmin.post(
        reverse("administration:user_password", args=[reporter.pk]),
        {"new_password1": "Reset#Pass-2026", "new_password2": "Reset#Pass-2026"},
    )
    sysadmin.post(reverse("administration:user_toggle_active", args=[reporter.pk]))
    client_as(Role.SECADMIN).post(
        reverse("administration:role_edit", args=[reporter.pk]), {"roles": ["reviewer"]}
    )
    own = client_as(Role.LEADER)
    own.post(reverse("password_change"), {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    assert last(Event.PASSWORD_RESET).object_id == str(reporter.pk)
    assert last(Event.PASSWORD_RESET).user == demo["sysadmin"]
    assert last(Event.USER_CHANGE).detail["changes"]["is_active"] == ["True", "False"]
    assert last(Event.ROLE_CHANGE).user == demo["secadmin"]
    assert (last(Event.PASSWORD_CHANGE).user, last(Event.PASSWORD_CHANGE).outcome) == (
        demo["leader"],
        Outcome.FAILURE,
    )


def test_record_create_change_status_and_delete_are_logged(demo, client_as):
    reporter = client_as(Role.REPORTER)
    reporter.post(reverse("records:create", args=["volunteer"]), volunteer_form())
    record = Record.objects.get()
    created = last(Event.DATA_CREATE)
    assert (created.object_type, created.object_id, created.user) == (
        "activities.VolunteerActivity",
        str(record.pk),
        demo["reporter"],
    )
    reporter.post(reverse("records:submit", args=[record.pk]))
    assert last(Event.STATUS_CHANGE).detail["changes"]["status"] == ["draft", "submitted"]
    client_as(Role.REVIEWER).post(reverse("records:return", args=[record.pk]), {"reason": "请补充照片"})
    assert last(Event.STATUS_CHANGE).detail["changes"]["status"] == ["submitted", "returned"]
    reporter.post(reverse("records:create", args=["volunteer"]), volunteer_form(title="草稿"))
    draft = Record.objects.get(title="草稿")
    reporter.post(reverse("records:delete", args=[draft.pk]))
    assert last(Event.DATA_DELETE).object_id == str(draft.pk)
    assert audit_verify().intact


def test_import_export_report_build_download_and_settings_changes_are_logged(
    demo, client_as, django_capture_on_commit_callbacks
):
    reviewer = client_as(Role.REVIEWER)
    reviewer.post(
        reverse("ledger:import"),
        {"workbook": workbook([["2024-03-05", "宣讲", "主题宣传", "石桥村", 9]])},
    )
    reviewer.post(reverse("ledger:import_confirm"))
    imported = last(Event.IMPORT)
    assert (imported.detail["imported"], imported.detail["skipped"], imported.town) == (
        1,
        0,
        demo["reviewer"].town,
    )
    reviewer.get(reverse("ledger:export"))
    assert last(Event.EXPORT).detail["rows"] == 1
    client_as(Role.LEADER).post(reverse("dashboard:targets"), {"media.published": "300"})
    assert last(Event.SETTINGS_CHANGE).object_type == "figures.Target"
    secretary = client_as(Role.SECRETARY)
    make_record("study", on=timezone.localdate().replace(month=1, day=10))
    secretary.post(reverse("reports:home"), {"year": timezone.localdate().year})
    draft = AuditEvent.objects.filter(object_type="reports.ReportDraft").latest("seq")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(reverse("reports:build", args=[int(draft.object_id)]))
    assert response.status_code == 302
    assert last(Event.REPORT_BUILD).user == demo["secretary"]
    build = AuditEvent.objects.filter(object_type="reports.ReportBuild").latest("seq")
    secretary.get(reverse("reports:download", args=[int(build.object_id)]))
    assert last(Event.DOWNLOAD).object_id == build.object_id


def test_the_management_commands_log_what_they_do(demo, tmp_path):
    make_record("study")
    call_command(
        "export_records", org="青溪镇", year=timezone.localdate().year, output=str(tmp_path / "a.xlsx")
    )
    entry = last(Event.EXPORT)
    assert (entry.username, entry.town.name) == ("manage.py export_records", "青溪镇")


def test_entries_cannot_be_changed_or_deleted_through_the_application(demo):
    entry = audit_write(Event.LOGIN, user=demo["leader"])
    entry.username = "someone-else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent not in admin.site._registry


def test_the_database_refuses_to_change_an_entry(demo):
    entry = audit_write(Event.LOGIN, user=demo["leader"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET username = 'x' WHERE seq = %s", [entry.seq])


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL guards deletion (SQLite flushes delete)"
)
def test_postgresql_refuses_to_delete_a_young_entry(demo):
    entry = audit_write(Event.LOGIN, user=demo["leader"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [entry.seq])


def tamper(sql: str, params: list) -> None:
    """What someone with the database's keys could do: get past the triggers, then edit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_append_only")
        cursor.execute(sql, params)


def chain_of(demo, n: int) -> list[AuditEvent]:
    return [audit_write(Event.LOGIN, user=demo["leader"]) for _ in range(n)]


def test_an_intact_chain_verifies(demo):
    chain_of(demo, 5)
    report = audit_verify()
    assert report.intact
    assert report.checked == AuditEvent.objects.count()


def test_an_edited_entry_is_detected(demo):
    entries = chain_of(demo, 5)
    tamper("UPDATE audit_auditevent SET ip = '10.9.9.9' WHERE seq = %s", [entries[2].seq])
    report = audit_verify()
    assert [seq for seq, _ in report.problems] == [entries[2].seq]
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit_verify", stdout=io.StringIO(), stderr=io.StringIO())


def test_an_entry_rehashed_without_the_key_is_detected(demo):
    entries = chain_of(demo, 3)
    tamper("UPDATE audit_auditevent SET username = 'x', hash = %s WHERE seq = %s", ["f" * 64, entries[1].seq])
    assert not audit_verify().intact


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_a_deleted_entry_is_detected(demo, which):
    entries = chain_of(demo, 5)
    victim = {"first": AuditEvent.objects.order_by("seq").first(), "middle": entries[2], "last": entries[-1]}[
        which
    ]
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [victim.seq])
    assert not audit_verify().intact


def write_at(when) -> AuditEvent:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("audit.log.timezone.now", lambda: when)
        return audit_write(Event.LOGIN, username="leader")


def test_the_purge_refuses_to_go_below_184_days():
    with pytest.raises(CommandError, match="at least 184 days"):
        call_command("audit_purge", days=183, stdout=io.StringIO())


@pytest.fixture
def empty_log():
    """The log as a new installation has it: the session's demo world wrote entries at the
    real time, before the back-dated ones here, and a purge takes a prefix of the chain.
    TRUNCATE passes the row triggers and rolls back with the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditevent")
        else:
            cursor.execute("DELETE FROM audit_auditevent")


def test_the_purge_deletes_old_entries_keeps_young_ones_and_the_chain_checkable(empty_log):
    now = timezone.now()
    old = [write_at(now - timedelta(days=400 - n)) for n in range(3)]
    young = [write_at(now - timedelta(days=200)), write_at(now)]
    call_command("audit_purge", days=365, stdout=io.StringIO())
    remaining = set(AuditEvent.objects.values_list("seq", flat=True))
    assert not remaining & {entry.seq for entry in old}
    assert {entry.seq for entry in young} <= remaining
    assert last(Event.PURGE).detail["through_seq"] == old[-1].seq
    assert audit_verify().intact
    call_command("audit_purge", days=184, stdout=io.StringIO())
    assert young[0].seq not in set(AuditEvent.objects.values_list("seq", flat=True))
    assert audit_verify().intact


def test_a_retention_below_184_days_is_a_configuration_error(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    assert "audit.E001" in {message.id for message in run_checks()}


def test_the_auditor_reads_the_log_and_checks_the_chain(demo, client_as):
    Client(REMOTE_ADDR=IP).post(reverse("login"), {"username": "reporter", "password": "Wrong#Guess-1"})
    auditor = client_as(Role.AUDITOR)
    page = auditor.get(reverse("audit:log"), {"event": "login_failed"}).content.decode()
    assert "登录失败" in page and IP in page
    response = auditor.post(reverse("audit:verify"), follow=True)
    assert "日志完整" in response.content.decode()
    tamper("UPDATE audit_auditevent SET ip = '10.9.9.9' WHERE event = %s", ["login_failed"])
    response = auditor.post(reverse("audit:verify"), follow=True)
    assert "日志可能被篡改" in response.content.decode()


def test_details_read_as_field_names_and_words_not_codes():
    from audit.reading import audit_detail, audit_object

    change = audit_write(
        Event.DATA_CHANGE,
        object_type="activities.StudySession",
        object_id="7",
        object_repr="党史专题学习",
        detail={"changes": {"title": ["旧", "新"], "photos": ["—", "a.jpg"], "照片": ["—", "b.jpg"]}},
    )
    assert audit_object(change) == "理论学习：党史专题学习（#7）"  # two records may share a title
    assert audit_detail(change)[0] == "标题：旧 → 新"
    assert audit_detail(change)[2] == "照片：— → b.jpg"
    failed = audit_write(Event.LOGIN_FAILED, outcome=Outcome.FAILURE, detail={"reason": "locked"})
    assert audit_detail(failed) == ["原因：账号已锁定"]


def test_an_ipv4_address_seen_through_ipv6_verifies(demo):
    Client(REMOTE_ADDR="::ffff:192.0.2.15").post(
        reverse("login"), {"username": "leader", "password": "Demo@2026"}
    )
    assert last(Event.LOGIN).ip in ("::ffff:192.0.2.15", "::ffff:c000:20f")
    assert audit_verify().intact


def test_a_deleted_chain_head_is_detected(demo):
    chain_of(demo, 2)
    tamper("DELETE FROM audit_auditchain", [])
    assert not audit_verify().intact


def test_a_change_of_superuser_or_staff_status_is_a_role_change(demo):
    reporter = demo["reporter"]
    reporter.is_superuser = True
    reporter.save()
    assert last(Event.ROLE_CHANGE).detail["changes"]["is_superuser"] == ["False", "True"]


def test_a_password_set_in_django_admin_must_be_changed_and_is_logged(demo):
    root = type(demo["reporter"]).objects.create_superuser("root", password="Root#Pass-2026", name="超级")
    client = Client()
    client.force_login(root)
    reporter = demo["reporter"]
    url = reverse("admin:auth_user_password_change", args=[reporter.pk])
    response = client.post(url, {"password1": "Admin#Set-2026", "password2": "Admin#Set-2026"})
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.must_change_password
    assert last(Event.PASSWORD_RESET).object_id == str(reporter.pk)


def test_the_verify_command_names_the_head_for_keeping_outside_the_database(demo):
    newest = chain_of(demo, 1)[0]
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert f"head: entry {newest.seq}, hash {newest.hash}" in out.getvalue()
