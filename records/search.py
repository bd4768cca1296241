"""Searching records' text: one subquery per table, each able to use its trigram indexes.

Django's ``icontains`` is ``UPPER(col) LIKE UPPER('%text%')``, which no B-tree index
serves; at 100,000 records a search read every row. On PostgreSQL each searched column
has a GIN index on ``UPPER(col) gin_trgm_ops`` (pg_trgm), made by `TrigramIndexes` in
its app's migrations; SQLite keeps the plain scan. The conditions are grouped by table
and the tables' matches united (`record_search`): an OR across a join could use no
index, an OR within one table becomes a BitmapOr of its indexes.

pg_trgm needs three characters to narrow a search: a one- or two-character search
(common in Chinese) still reads the index whole, which is about as fast as the scan.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import Q

# Searched in every record, beside each kind's own `Kind.search` fields.
BASE_SEARCH = ("title", "summary", "place")


def record_search(text: str, kinds, record_model) -> Q:
    """Records whose base text or whose kind's own searched fields hold `text`.

    One ``pk IN (… UNION …)``, not an OR of subqueries: PostgreSQL joins the few matches
    to the list by primary key instead of testing every row of the town against each.
    """
    base = Q()
    for name in BASE_SEARCH:
        base |= Q(**{f"{name}__icontains": text})
    matches = record_model.objects.filter(base).order_by().values("pk")
    own_matches = []
    for kind in kinds:
        if not kind.search:
            continue
        own = Q()
        for name in kind.search:
            own |= Q(**{f"{name}__icontains": text})
        own_matches.append(kind.model.objects.filter(own).order_by().values("pk"))
    return Q(pk__in=matches.union(*own_matches) if own_matches else matches)


class TrigramIndexes(migrations.operations.base.Operation):
    """GIN trigram indexes on UPPER(column) for `columns` of `table`, on PostgreSQL only."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, columns: tuple[str, ...]):
        self.table, self.columns = table, tuple(columns)

    def deconstruct(self):
        return self.__class__.__name__, [self.table, self.columns], {}

    def state_forwards(self, app_label, state):
        pass  # the indexes are on expressions Django's model state does not describe

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in self.columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{self._name(column)}" ON "{self.table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in self.columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self._name(column)}"')

    def describe(self):
        return f"Trigram indexes on {self.table} ({', '.join(self.columns)})"

    def _name(self, column: str) -> str:
        return f"{self.table}_{column}_trgm"[:63]
