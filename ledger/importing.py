"""Importing a planned ledger: all or nothing, as approved records, fast enough for years of them."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import audit_write
from audit.models import AuditEvent, Event, Outcome
from ledger.reading import LedgerPlan, PlannedRecord, keys_present
from portal.models import OrgUnit, User, in_subtree
from portal.services import unit_create
from records.kinds import KINDS, kinds_written
from records.models import Record
from records.sheets import Lookup

# Rows per INSERT batch: large enough to amortise round trips, small enough to bound memory.
BATCH = 2000
log = logging.getLogger(__name__)
_BASE_FIELDS = frozenset(each.name for each in Record._meta.concrete_fields)


@dataclass(frozen=True)
class LedgerResult:
    """What an import created, and what it left out because it was already there."""

    created: dict[str, int]  # kind code → records created
    units: list[str] = field(default_factory=list)  # units created, by name
    # Rows of looked-up tables created (media outlets), by what they are ("媒体") and name.
    rows: dict[str, list[str]] = field(default_factory=dict)
    present: int = 0  # rows already in the database
    repeated: int = 0  # rows repeating an earlier row of the workbook

    @property
    def total(self) -> int:
        return sum(self.created.values())

    @property
    def message(self) -> str:
        return _("已导入 %(n)d 条记录（已通过）；%(skipped)d 行与已有记录相同，已跳过。") % {
            "n": self.total,
            "skipped": self.present + self.repeated,
        }


class AlreadyImported(ValidationError):
    """The upload was imported by another confirm (a double-click, or a second reviewer)."""


def ledger_import(plan: LedgerPlan, *, by: User, upload: str = "") -> LedgerResult:
    """Create what `plan` (from `ledger_read`) planned, in one transaction; refuse a plan with errors.

    The records are approved, with `by` as their author and reviewer. They are written
    in batches, the shared rows with `bulk_create` and each kind's own rows with one
    INSERT … executemany, because Django's `bulk_create` cannot do multi-table
    inheritance and a `create` per row costs two INSERTs and an audit entry each. That
    bypasses the per-record audit trail too: the import is one security-log entry
    "导入台账" naming the file and the counts, written in the same transaction, which
    says what happened better than 10,000 entries "created" would. The few units and
    looked-up rows (outlets) created are in the audit trail one by one, as when a
    reviewer adds them (a command sets the actor with auditlog's `set_actor`). Rows that
    became present since the plan was read (a second confirm of the same preview) are
    left out again.

    Imports into one town run one at a time: the town's row is locked first, so a
    second import sees the first one's records as present. `upload`, the stored file
    a preview was read from, is claimed by the import entry that names it: a second
    confirm of the same preview raises AlreadyImported and writes nothing.
    """
    if plan.errors:
        raise ValidationError(_("台账中有 %(n)d 处错误，未导入任何记录。") % {"n": len(plan.errors)})
    town = plan.town
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=town.pk).values_list("pk").get()
        if upload and _imported(town, upload):
            raise AlreadyImported(_("“%(name)s”已由另一次确认导入，没有再导入。") % {"name": plan.file_name})
        unit_ids, units = _units_ensure(plan)
        ref_ids, rows = _lookups_ensure(plan)
        present = keys_present(town, plan.records) if plan.records else set()
        records = [record for record in plan.records if record.key not in present]
        created = _records_create(records, unit_ids=unit_ids, ref_ids=ref_ids, by=by)
        result = LedgerResult(
            created=created,
            units=units,
            rows=rows,
            present=plan.present + len(plan.records) - len(records),
            repeated=plan.repeated,
        )
        audit_write(
            Event.IMPORT,
            user=by,
            object_repr=plan.file_name,
            town=town,
            detail={
                "file": plan.file_name,
                "upload": upload,
                "imported": result.total,
                "created": {str(KINDS[kind].label): n for kind, n in created.items()},
                "units": units,
                "rows": rows,
                "skipped": result.present + result.repeated,
            },
        )
    return result


def ledger_refused(plan: LedgerPlan, *, by: User) -> None:
    """Log a confirm refused because the workbook, read again, has errors."""
    audit_write(
        Event.IMPORT,
        outcome=Outcome.FAILURE,
        user=by,
        object_repr=plan.file_name,
        town=plan.town,
        detail={"errors": len(plan.errors)},
    )


def _imported(town: OrgUnit, upload: str) -> bool:
    """Whether an import entry already claims the stored upload (previews live a day at most)."""
    since = timezone.now() - timedelta(days=2)
    entries = AuditEvent.objects.filter(event=Event.IMPORT, town=town, at__gte=since, outcome=Outcome.SUCCESS)
    return entries.filter(detail__upload=upload).exists()


def _units_ensure(plan: LedgerPlan) -> tuple[dict[str, int], list[str]]:
    """The ids of the units the rows name, creating the planned ones; and the names created."""
    town = plan.town
    ids = dict(OrgUnit.objects.filter(in_subtree(town, field="")).values_list("name", "pk"))
    created = []
    for name, kind in plan.new_units.items():
        if name in ids:  # created by someone else since the plan was read
            continue
        parent = OrgUnit.objects.get(pk=town.pk)  # fresh: each child added changes the parent's row
        ids[name] = unit_create(parent=parent, name=name, kind=kind).pk
        created.append(name)
    if created:
        town.__dict__.pop("subtree_ids", None)
    return ids, created


def _lookups_ensure(plan: LedgerPlan) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """Per lookup field, name → id of the rows the records name, creating the planned ones."""
    ids: dict[str, dict[str, int]] = {}
    created: dict[str, list[str]] = {}
    for lookup in {lookup for kind in KINDS.values() for lookup in kind.sheet.lookups}:
        ids[lookup.field] = _lookup_rows(plan, lookup, created)
    return ids, created


def _lookup_rows(plan: LedgerPlan, lookup: Lookup, created: dict[str, list[str]]) -> dict[str, int]:
    town = {lookup.town_field: plan.town}
    ids = dict(lookup.model.objects.filter(**town).values_list("name", "pk"))
    for name, fields in plan.new_rows.get(lookup, {}).items():
        if name not in ids:  # or someone made it since the plan was read
            ids[name] = lookup.model.objects.create(name=name, **town, **fields).pk
            created.setdefault(lookup.label, []).append(name)
    return ids


def _records_create(
    records: list[PlannedRecord], *, unit_ids: dict[str, int], ref_ids: dict[str, dict[str, int]], by: User
) -> dict[str, int]:
    """Write the planned records, approved, `by` their author and reviewer; counts by kind.

    On PostgreSQL with COPY: ids are drawn from the sequence first, then each table's
    rows stream in as tuples (no model instances, no INSERT text to build), several
    times quicker at 100,000 rows. Elsewhere (SQLite) in batches: the shared rows with
    `bulk_create`, each kind's own with one INSERT … executemany.
    """
    now = timezone.now()
    given = {
        "status": Record.Status.APPROVED.value,
        "author": by.pk,
        "reviewed_by": by.pk,
        "reviewed_at": now,
        "submitted_at": now,
        "created_at": now,
        "updated_at": now,
    }

    def base_values(record: PlannedRecord) -> dict:
        values = {name: value for name, value in record.fields.items() if name in _BASE_FIELDS}
        # Looked-up rows of the shared table (a brand), by their ids.
        values.update({name: ref_ids[name][ref] for name, ref in record.refs.items() if name in _BASE_FIELDS})
        return values | given | {"kind": record.kind, "unit": unit_ids[record.unit], "theme": record.theme_id}

    created: Counter[str] = Counter(record.kind for record in records)
    written: dict[str, list[int]] = defaultdict(list)
    if connection.vendor == "postgresql":
        ids = _ids_reserve(Record, len(records))
        for pk, record in zip(ids, records, strict=True):
            written[record.kind].append(pk)
        _copy(Record, ((pk, base_values(record)) for pk, record in zip(ids, records, strict=True)))
        for kind in created:
            rows = [(pk, record) for pk, record in zip(ids, records, strict=True) if record.kind == kind]
            model = KINDS[kind].model
            _copy(model, ((pk, _own_values(model, record, ref_ids)) for pk, record in rows))
        if len(records) >= ANALYZE_FROM:
            tables = [model._meta.db_table for model in (Record, *(KINDS[kind].model for kind in created))]
            transaction.on_commit(lambda: _analyze_soon(tables))
    else:
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            bases = [Record(**_as_attnames(Record, base_values(record))) for record in batch]
            Record.objects.bulk_create(bases)
            by_kind: dict[str, list[tuple[int, PlannedRecord]]] = defaultdict(list)
            for base, record in zip(bases, batch, strict=True):
                by_kind[record.kind].append((base.pk, record))
                written[record.kind].append(base.pk)
            for kind, rows in by_kind.items():
                model = KINDS[kind].model
                _children_insert(model, [(pk, _own_values(model, record, ref_ids)) for pk, record in rows])
    kinds_written(written)
    return {kind: created[kind] for kind in KINDS if created[kind]}


# After this many rows the planner's statistics are stale enough to matter: a report
# built over freshly imported, unanalysed tables ran six times slower. Autovacuum would
# get there, if it is on and keeps up.
ANALYZE_FROM = 5000


def _analyze_soon(tables: list[str]) -> None:
    """ANALYZE by a worker: at 100,000 rows it takes seconds the importer need not wait for."""
    from ledger.tasks import tables_analyze

    try:
        tables_analyze.delay(tables)
    except Exception as exc:  # the broker is down: the import stands, autovacuum will get there
        log.warning("Could not queue ANALYZE of %s after an import: %s", ", ".join(tables), exc)


def tables_analyze_now(tables: list[str]) -> None:
    """ANALYZE the tables, and merge their GIN (search) indexes' pending lists: rows
    inserted in bulk wait in a list every search reads through until VACUUM merges it
    (a search of 100,000 fresh rows took 28 ms instead of 1)."""
    quote = connection.ops.quote_name
    known = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in tables:
            if table in known:
                cursor.execute(f"ANALYZE {quote(table)}")
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid::regclass::text = ANY(%s)",
            [[table for table in tables if table in known]],
        )


def _own_values(model: type[Record], record: PlannedRecord, ref_ids) -> dict:
    """The kind's own fields of a planned record, looked-up rows by their ids."""
    own = {field.name for field in model._meta.local_concrete_fields}
    values = {name: value for name, value in record.fields.items() if name in own}
    values.update({name: ref_ids[name][ref] for name, ref in record.refs.items() if name in own})
    return values


def _as_attnames(model: type[Record], values: dict) -> dict:
    """Field names to the names a model takes them by: a foreign key's id as `unit_id`."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    return {fields[name].attname: value for name, value in values.items()}


def _columns(model: type[Record]):
    """A table's own columns: for a kind, the parent link (record_ptr) and its own fields."""
    return model._meta.local_concrete_fields


def _row(columns, pk: int, values: dict) -> list:
    row = []
    for column in columns:
        if column.primary_key:
            value = pk
        elif column.name in values:
            value = values[column.name]
        else:
            value = column.get_default()
        row.append(value.value if isinstance(value, Enum) else value)
    return row


def _ids_reserve(model: type[Record], count: int) -> list[int]:
    """`count` new ids from the table's sequence, in order."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(model: type[Record], rows) -> None:
    """(pk, values) rows into the model's own table with PostgreSQL's COPY."""
    columns = _columns(model)
    quote = connection.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy,
    ):
        for pk, values in rows:
            copy.write_row(_row(columns, pk, values))


def _children_insert(model: type[Record], rows: list[tuple[int, dict]]) -> None:
    """The kind's own rows for records whose shared rows exist: one INSERT, executemany."""
    columns = _columns(model)
    quote = connection.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    values = [
        [
            column.get_db_prep_save(value, connection)
            for column, value in zip(columns, _row(columns, pk, own), strict=True)
        ]
        for pk, own in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})", values)
