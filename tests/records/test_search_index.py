"""The lists' search can use its trigram indexes on PostgreSQL (records.search).

An index on an expression serves a query only if the query spells the same expression:
this checks that what Django writes for ``icontains`` is what the migrations indexed.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from records.kinds import KINDS
from records.models import Record
from records.search import record_search
from tests.factories import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's (DATABASE_URL)")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows would be read whole anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_every_searched_column_is_read_through_its_trigram_index(postgresql, demo):
    make_record("study", title="三月理论学习", on=date(2026, 3, 5), speaker="丁嘉欣")
    searched = Record.objects.filter(record_search("理论学习", KINDS.values(), Record))
    text = plan(searched)
    indexed = [f"{Record._meta.db_table}_{name}_trgm" for name in ("title", "summary", "place")]
    for kind in KINDS.values():
        indexed += [f"{kind.model._meta.db_table}_{name}_trgm" for name in kind.search]
    missing = [name for name in indexed if name not in text]
    assert not missing, text
    assert [record.title for record in searched] == ["三月理论学习"]
