"""Approving a record while its author's save is in flight: one waits, neither fails.

The probe saw a 500 in 1 race of 26: the approval locked the kind's row through the
join, then waited for the shared row the save held, and the save then waited for the
kind's row. Here the save's two steps are played by hand on a second connection,
with the approval in between, so the order is forced every time.
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection, connections

from portal.middleware import BusyDatabaseMiddleware
from records.kinds import KINDS
from records.models import Record
from tests.factories import make_record

pytestmark = pytest.mark.integration


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL)")


def second_connection() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"] or None, dbname=db["NAME"]
    )


def waiting_for_a_lock(pid: int) -> bool:
    with second_connection() as probe:
        row = probe.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    return bool(row) and row[0] == "Lock"


def test_an_approval_waits_for_a_save_without_holding_the_row_the_save_needs(
    postgresql, transactional_db, demo
):
    record = make_record("event", status=Record.Status.SUBMITTED)
    child = KINDS["event"].model._meta.db_table
    failures: list[Exception] = []
    pids: list[int] = []

    def approve() -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            Record.objects.get(pk=record.pk).approve(by=demo["reviewer"])
        except Exception as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    with second_connection() as save:
        save.execute("SET lock_timeout = '5s'")
        # record_save's first step: the version check takes the shared row.
        save.execute("UPDATE records_record SET version = version + 1 WHERE id = %s", [record.pk])
        reviewer = threading.Thread(target=approve)
        reviewer.start()
        deadline = time.monotonic() + 10
        while not (pids and waiting_for_a_lock(pids[0])) and time.monotonic() < deadline:
            time.sleep(0.05)
        # Its second step, form.save(): the kind's own row. Before the fix the approval held it.
        save.execute(f'UPDATE "{child}" SET event_type = event_type WHERE record_ptr_id = %s', [record.pk])
        save.commit()
    reviewer.join(timeout=30)
    assert not failures, failures
    assert Record.objects.get(pk=record.pk).status == Record.Status.APPROVED


class Busy(Exception):
    sqlstate = "40P01"


def test_a_deadlock_that_still_happens_answers_try_again_not_a_server_error(rf, demo):
    request = rf.post("/records/1/approve/")
    request.user = demo["reviewer"]
    error = OperationalError("deadlock detected")
    error.__cause__ = Busy()
    response = BusyDatabaseMiddleware(lambda request: None).process_exception(request, error)
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "请稍后重试" in response.content.decode()
    assert (
        BusyDatabaseMiddleware(lambda request: None).process_exception(request, OperationalError("gone"))
        is None
    )
