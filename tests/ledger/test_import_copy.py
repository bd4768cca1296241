"""On PostgreSQL the import writes with COPY, then analyses what it wrote.

The rest of tests/ledger runs on PostgreSQL in CI too, so every field and check of the
import goes through the COPY path there; these check what only that path does.
"""

from __future__ import annotations

import pytest
from django.db import connection

from ledger import importing
from ledger.services import ledger_import
from records.kinds import KINDS
from records.models import Record
from tests.factories import make_record
from tests.ledger.test_ledger import GOOD, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's (DATABASE_URL)")


def test_copied_records_take_ids_from_the_sequence_so_later_records_follow(postgresql, demo, town):
    ledger_import(read(town, {name: [GOOD[name]] for name in GOOD}), by=demo["reviewer"])
    imported = list(Record.objects.all())
    later = make_record("study", title="导入之后登记")
    assert len(imported) == 4 and later.pk > max(record.pk for record in imported)
    for record in imported:  # each shared row has its kind's own row, under the same id
        assert KINDS[record.kind].model.objects.filter(pk=record.pk).exists()


def test_a_large_import_has_the_tables_it_wrote_analysed_after_it_commits(
    postgresql, demo, town, monkeypatch, django_capture_on_commit_callbacks
):
    analysed = []
    monkeypatch.setattr(importing, "ANALYZE_FROM", 2)
    monkeypatch.setattr(importing, "tables_analyze_now", analysed.extend)  # tasks run in-process here
    with django_capture_on_commit_callbacks(execute=True):
        ledger_import(read(town, {"理论学习": [GOOD["理论学习"]]}), by=demo["reviewer"])
    assert analysed == []  # one row: the statistics still hold
    with django_capture_on_commit_callbacks(execute=True):
        ledger_import(read(town, {name: [GOOD[name]] for name in GOOD}), by=demo["reviewer"])
    assert set(analysed) >= {"records_record", "activities_publicityevent"}


def test_analyse_runs_on_the_tables_and_passes_over_unknown_names(postgresql, demo):
    importing.tables_analyze_now(["records_record", "no_such_table"])


def test_an_import_stands_when_the_analyse_cannot_be_queued(postgresql, demo, town, monkeypatch, caplog):
    from ledger.tasks import tables_analyze

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(importing, "ANALYZE_FROM", 2)
    monkeypatch.setattr(tables_analyze, "delay", broker_down)
    importing._analyze_soon(["records_record"])
    assert "Could not queue ANALYZE" in caplog.text


def test_the_export_reads_its_rows_on_cursors_planned_for_every_row(postgresql, demo, town, monkeypatch):
    # Planned for their first tenth (PostgreSQL's default for cursors), a year's rows took
    # 1.5 s down the date index instead of 0.6 s through hash joins (docs/benchmarks.md).
    from io import BytesIO

    from ledger import writing
    from ledger.services import ledger_export

    make_record("study", title="导出")
    seen = []
    values = writing._values

    def watched(*args):
        for row in values(*args):
            with connection.cursor() as cursor:
                cursor.execute("SHOW cursor_tuple_fraction")
                seen.append(cursor.fetchone()[0])
            yield row

    monkeypatch.setattr(writing, "_values", watched)
    ledger_export(Record.objects.all(), BytesIO())
    assert seen == ["1"]
    with connection.cursor() as cursor:  # and only there
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone()[0] == "0.1"
