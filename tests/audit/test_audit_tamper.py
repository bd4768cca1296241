"""What someone with the database's keys could do to the log, and what now finds it out.

The portal should run as a role that does not own the tables (manage.py db_app_role):
that role can only append. The owner can still get past the triggers; then the head's
MAC, and the checkpoints `audit_verify` keeps outside the database, catch a trimmed or
replaced log.
"""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.log import Checkpoint, audit_verify, audit_write, head_mac
from audit.models import AuditChain, AuditEvent, Event
from tests.audit.test_audit_log import chain_of, tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("triggers on TRUNCATE and database roles are PostgreSQL's (DATABASE_URL)")


def trim(entries: list[AuditEvent], keep: int, *, mac: str = "") -> None:
    """Delete the newest entries past `keep` and point the head at the last one kept."""
    kept = entries[keep - 1]
    tamper("DELETE FROM audit_auditevent WHERE seq > %s", [kept.seq])
    tamper("UPDATE audit_auditchain SET seq = %s, hash = %s, mac = %s", [kept.seq, kept.hash, mac])


def test_trimming_the_newest_entries_and_resetting_the_head_is_detected(demo):
    entries = chain_of(demo, 5)
    old_mac = AuditChain.objects.get().mac  # even the MAC the head had: it signed another entry
    trim(entries, 3, mac=old_mac)
    report = audit_verify()
    assert not report.intact
    assert "MAC" in report.problems[0][1]


def test_a_checkpoint_outside_the_database_catches_a_trim_by_someone_holding_the_key(demo, tmp_path):
    points = tmp_path / "checkpoints"
    entries = chain_of(demo, 5)
    call_command("audit_verify", checkpoints=str(points), stdout=io.StringIO())
    assert points.read_text().split() == [str(entries[-1].seq), entries[-1].hash]
    kept = entries[2]
    trim(entries, 3, mac=head_mac(kept.seq, kept.hash))  # the key, so a consistent head
    assert audit_verify().intact  # what the database alone can tell
    report = audit_verify(checkpoints=[Checkpoint.parse(points.read_text())])
    assert [seq for seq, _message in report.problems] == [entries[-1].seq]
    errors = io.StringIO()
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit_verify", checkpoints=str(points), stdout=io.StringIO(), stderr=errors)
    assert "before checkpoint" in errors.getvalue()
    assert len(points.read_text().splitlines()) == 1  # a failed run adds no checkpoint


def test_a_log_replaced_at_the_same_length_fails_its_checkpoint(demo):
    entries = chain_of(demo, 2)
    seen = Checkpoint(entries[-1].seq, "e" * 64)
    assert "replaced" in audit_verify(checkpoints=[seen]).problems[0][1]


def test_postgresql_refuses_truncate_and_deleting_the_head(postgresql, demo):
    chain_of(demo, 2)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL portal.allow_audit_truncate = off")  # as every session but the suite's
        for statement in (
            "TRUNCATE audit_auditevent",
            "TRUNCATE audit_auditchain",
            "DELETE FROM audit_auditchain",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(statement)
    assert AuditEvent.objects.exists() and AuditChain.objects.exists()


def test_the_app_role_can_append_to_the_log_and_nothing_else(postgresql, demo):
    role = f"portal_app_{uuid.uuid4().hex[:8]}"  # rolled back with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("db_app_role", role, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        entry = audit_write(Event.LOGIN, user=demo["leader"])  # the portal's own writes work
        for statement in (
            "DELETE FROM audit_auditevent",
            "UPDATE audit_auditevent SET username = 'x'",
            "TRUNCATE audit_auditevent",
            "DELETE FROM audit_auditchain",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
            "SET session_replication_role = replica",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(statement)
        cursor.execute("RESET ROLE")
    assert audit_verify().intact
    assert AuditEvent.objects.filter(seq=entry.seq).exists()


def test_the_role_command_refuses_what_it_cannot_limit(postgresql, demo):
    with pytest.raises(CommandError, match="no role"):
        call_command("db_app_role", "no_such_role_here", stdout=io.StringIO())
    with pytest.raises(CommandError, match="superuser"):
        call_command("db_app_role", "postgres", stdout=io.StringIO())


def test_the_auditors_check_uses_the_checkpoint_file_the_settings_name(demo, client_as, settings, tmp_path):
    entries = chain_of(demo, 1)
    points = tmp_path / "checkpoints"
    points.write_text(f"{entries[-1].seq + 50} {'a' * 64}\n")  # a head this log never reached
    settings.AUDIT_CHECKPOINT_FILE = str(points)
    response = client_as("auditor").post("/audit/verify/", follow=True)
    assert "日志链校验发现 1 处异常" in response.content.decode()
