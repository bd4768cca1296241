"""Importing a planned ledger: all or nothing, as approved records, fast enough for years of them."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from media_outreach.models import MediaOutlet
from portal.models import OrgUnit, User, in_subtree
from portal.services import unit_create
from records.kinds import KINDS
from records.ledger.layout import SHEETS
from records.ledger.reading import LedgerPlan, PlannedRecord, keys_present
from records.models import Record

# Rows per INSERT batch: large enough to amortise round trips, small enough to bound memory.
BATCH = 2000
_BASE_FIELDS = frozenset(each.name for each in Record._meta.concrete_fields)


@dataclass(frozen=True)
class LedgerResult:
    """What an import created, and what it left out because it was already there."""

    created: dict[str, int]  # kind code → records created
    units: list[str] = field(default_factory=list)  # units created, by name
    outlets: list[str] = field(default_factory=list)  # outlets created, by name
    present: int = 0  # rows already in the database
    repeated: int = 0  # rows repeating an earlier row of the workbook

    @property
    def total(self) -> int:
        return sum(self.created.values())


def ledger_import(plan: LedgerPlan, *, by: User) -> LedgerResult:
    """Create what `plan` (from `ledger_read`) planned, in one transaction; refuse a plan with errors.

    The records are approved, with `by` as their author and reviewer. They are written
    in batches, the shared rows with `bulk_create` and each kind's own rows with one
    INSERT … executemany, because Django's `bulk_create` cannot do multi-table
    inheritance and a `create` per row costs two INSERTs and an audit entry each. That
    bypasses the per-record audit entries too: the import is audited as one entry on
    the town naming the file and the counts, which says what happened better than
    10,000 entries "created" would. The few units and outlets created are audited one
    by one, as when a reviewer adds them (with the request's user as actor; a command
    sets it with auditlog's `set_actor`). Rows that became present since the plan
    was read (a second confirm of the same preview) are left out again.
    """
    if plan.errors:
        raise ValidationError(_("台账中有 %(n)d 处错误，未导入任何记录。") % {"n": len(plan.errors)})
    town = plan.town
    with transaction.atomic():
        unit_ids, units = _units_ensure(plan)
        outlet_ids, outlets = _outlets_ensure(plan)
        present = keys_present(town, plan.records) if plan.records else set()
        records = [record for record in plan.records if record.key not in present]
        created = _records_create(records, unit_ids=unit_ids, outlet_ids=outlet_ids, by=by)
        result = LedgerResult(
            created=created,
            units=units,
            outlets=outlets,
            present=plan.present + len(plan.records) - len(records),
            repeated=plan.repeated,
        )
        LogEntry.objects.log_create(
            town,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            actor=by,
            changes={_("导入台账"): ["", f"{plan.file_name}: {result.total} 条"]},
            additional_data={
                "file": plan.file_name,
                "created": created,
                "units": units,
                "outlets": outlets,
                "present": result.present,
                "repeated": result.repeated,
            },
        )
    return result


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


def _outlets_ensure(plan: LedgerPlan) -> tuple[dict[str, int], list[str]]:
    ids = dict(MediaOutlet.objects.filter(town=plan.town).values_list("name", "pk"))
    created = []
    for name, (level, channel) in plan.new_outlets.items():
        if name not in ids:
            ids[name] = MediaOutlet.objects.create(town=plan.town, name=name, level=level, channel=channel).pk
            created.append(name)
    return ids, created


def _records_create(
    records: list[PlannedRecord], *, unit_ids: dict[str, int], outlet_ids: dict[str, int], by: User
) -> dict[str, int]:
    now = timezone.now()
    created: Counter[str] = Counter()
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        bases = [
            Record(
                kind=record.kind,
                unit_id=unit_ids[record.unit],
                theme_id=record.theme_id,
                status=Record.Status.APPROVED,
                author_id=by.pk,
                reviewed_by_id=by.pk,
                reviewed_at=now,
                submitted_at=now,
                **{name: value for name, value in record.fields.items() if name in _BASE_FIELDS},
            )
            for record in batch
        ]
        Record.objects.bulk_create(bases)
        by_kind: dict[str, list[tuple[int, PlannedRecord]]] = defaultdict(list)
        for base, record in zip(bases, batch, strict=True):
            by_kind[record.kind].append((base.pk, record))
        for kind, rows in by_kind.items():
            _children_insert(KINDS[kind].model, rows, outlet_ids=outlet_ids)
            created[kind] += len(rows)
    return {kind: created[kind] for kind in SHEETS if created[kind]}


def _children_insert(model: type[Record], rows: list[tuple[int, PlannedRecord]], *, outlet_ids) -> None:
    """The kind's own rows for records whose shared rows exist: one INSERT, executemany."""
    columns = model._meta.local_concrete_fields  # the parent link (record_ptr) and the kind's own

    def value(column, pk: int, record: PlannedRecord):
        if column is model._meta.pk:
            return pk
        if column.name == "outlet":
            return outlet_ids[record.outlet]
        if column.name in record.fields:
            return record.fields[column.name]
        return column.get_default()

    quote = connection.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    values = [
        [column.get_db_prep_save(value(column, pk, record), connection) for column in columns]
        for pk, record in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})", values)
