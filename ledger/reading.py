"""Reading a ledger workbook into a plan: what would be created, and every error found."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.archive import UnsafeWorkbook, WorkbookSize, workbook_size
from ledger.cells import (
    HEADER_SEARCH_ROWS,
    INFO_HEADERS,
    INFO_SHEETS,
    CellError,
    Column,
    column_lookup,
    header_key,
    labels,
    parse,
    sheet_by_name,
    sheets,
    text_of,
)
from ledger.workbooks import CALAMINE_SECONDS, NotAWorkbook, Row, UnreadableWorkbook, Workbook
from portal.models import OrgUnit, in_subtree
from records.kinds import KINDS
from records.models import WorkTheme
from records.services import default_theme
from records.sheets import THEME, UNIT, Cell, Lookup, Sheet

# More rows than this in one workbook are refused; a year of a busy town is a few thousand.
MAX_ROWS = 200_000
# A header row per sheet comes on top of the rows (a sheet per kind, and a few to explain).
MAX_SHEETS = 20


@dataclass(slots=True)
class PlannedRecord:
    """One row that would become a record: its fields, its unit and looked-up rows by name."""

    kind: str
    sheet: str
    row: int
    unit: str
    theme_id: int
    fields: dict[str, object]  # fields of Record and of the kind's model
    refs: dict[str, str] = field(default_factory=dict)  # lookup field → the name the row gives

    @property
    def key(self) -> tuple:
        """What makes two rows the same record: kind, date, title and unit (DESIGN §6),
        and whatever the kind's sheet adds (`Sheet.key`)."""
        extra = tuple(self.value(target) for target in KINDS[self.kind].sheet.key)
        return (self.kind, self.fields["date"], self.fields["title"], self.unit, *extra)

    def value(self, target: str) -> object:
        for lookup in KINDS[self.kind].sheet.lookups:
            if lookup.name == target:
                return self.refs.get(lookup.field, "")
        return self.fields[target]


@dataclass
class SheetSummary:
    name: str
    rows: int = 0  # data rows read; blank rows are not counted
    new: int = 0  # rows that would be created
    present: int = 0  # rows already in the database
    repeated: int = 0  # rows repeating an earlier row of the workbook


@dataclass
class LedgerPlan:
    """What importing a workbook would do. Nothing is written until `ledger_import`."""

    town: OrgUnit
    file_name: str
    create_units: bool
    records: list[PlannedRecord] = field(default_factory=list)
    sheets: dict[str, SheetSummary] = field(default_factory=dict)  # by kind code
    new_units: dict[str, str] = field(default_factory=dict)  # name → OrgUnit.Kind
    # Rows of looked-up tables (media outlets) the import would create: lookup → name → fields.
    new_rows: dict[Lookup, dict[str, dict[str, str]]] = field(default_factory=dict)
    unknown_units: set[str] = field(default_factory=set)  # named but missing, without create_units
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def present(self) -> int:
        return sum(summary.present for summary in self.sheets.values())

    @property
    def repeated(self) -> int:
        return sum(summary.repeated for summary in self.sheets.values())

    @property
    def rows(self) -> int:
        return sum(summary.rows for summary in self.sheets.values())

    def planned(self, field_name: str) -> dict[str, dict[str, str]]:
        """The looked-up rows (by the kind's field, e.g. "outlet") this import would create."""
        return next((rows for lookup, rows in self.new_rows.items() if lookup.field == field_name), {})


@dataclass
class PlanSummary:
    """What the preview shows of a plan, kept as JSON when a worker read a large workbook."""

    file_name: str
    sheets: dict[str, SheetSummary]  # by kind code
    new_units: list[str]
    new_rows: dict[str, list[str]]  # what they are ("媒体") → names
    warnings: list[str]
    errors: list[str]
    # The first rows each sheet would create (kind → [{row, date, title, unit}]), for a look.
    samples: dict[str, list[dict]] = field(default_factory=dict)

    # Errors beyond these are counted, not kept: a broken 50,000-row sheet has 50,000.
    KEPT = 500
    SAMPLES = 10

    @classmethod
    def of(cls, plan: LedgerPlan) -> PlanSummary:
        more = len(plan.errors) - cls.KEPT
        return cls(
            file_name=plan.file_name,
            sheets=plan.sheets,
            new_units=list(plan.new_units),
            new_rows={str(lookup.label): list(rows) for lookup, rows in plan.new_rows.items()},
            warnings=plan.warnings[: cls.KEPT],
            errors=plan.errors[: cls.KEPT] + ([_("……另有 %(n)d 处错误") % {"n": more}] if more > 0 else []),
            samples=_samples(plan, cls.SAMPLES),
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> int:
        return sum(summary.new for summary in self.sheets.values())

    def as_json(self) -> dict:
        return {**asdict(self), "sheets": {kind: asdict(summary) for kind, summary in self.sheets.items()}}

    @classmethod
    def from_json(cls, data: dict) -> PlanSummary:
        sheets = {kind: SheetSummary(**summary) for kind, summary in data["sheets"].items()}
        return cls(**{**data, "sheets": sheets})


def _samples(plan: LedgerPlan, most: int) -> dict[str, list[dict]]:
    samples: dict[str, list[dict]] = {}
    for record in plan.records:
        rows = samples.setdefault(record.kind, [])
        if len(rows) < most:
            day = record.fields["date"]
            rows.append(
                {
                    "row": record.row,
                    "date": day.isoformat(),
                    "title": record.fields["title"],
                    "unit": record.unit,
                }
            )
    return samples


class ReadingTooLong(UnreadableWorkbook):
    pass


def unit_kind_for(name: str) -> str:
    """A new unit's kind, from how its name ends."""
    if name.endswith("村"):
        return OrgUnit.Kind.VILLAGE
    if name.endswith("社区"):
        return OrgUnit.Kind.COMMUNITY
    return OrgUnit.Kind.DEPARTMENT


def ledger_read(
    file: str | os.PathLike | IO[bytes],
    *,
    town: OrgUnit,
    create_units: bool = False,
    name: str = "",
    time_limit: float | None = None,
) -> LedgerPlan:
    """Read a ledger workbook (DESIGN §6) for `town` and plan its import.

    Every sheet named after a kind is read, its columns found by their headers in any
    order. Each bad cell is one error, `sheet!row column: reason`, with the row as Excel
    numbers it; reading goes on to the end so that every error is listed. Rows already
    in the database (same kind, date, title and unit) and repeats within the workbook
    are counted and left out. Units must exist in the town unless `create_units`;
    a looked-up row (a media outlet) the town has not yet is planned from the row's own
    columns (its level and channel). `name` is the file's name as its owner knows it
    (the uploaded name, not where the upload is stored); errors name the file by it.

    The archive is measured before it is parsed (ledger.archive): a workbook beyond
    any ledger's size is refused with one error. Reading stops with an error after
    `time_limit` seconds, if given.
    """
    plan = LedgerPlan(town=town, file_name=name or _file_name(file), create_units=create_units)
    try:
        size = _measure(file, name=plan.file_name)
    except UnsafeWorkbook as exc:
        plan.errors.append(str(exc))
        return plan
    names = _TownNames(town)
    deadline = time.monotonic() + time_limit if time_limit else None
    try:
        workbook = Workbook(
            file,
            whole=size.whole,
            only=sheet_by_name(),
            seconds=min(CALAMINE_SECONDS, time_limit) if time_limit else CALAMINE_SECONDS,
        )
    except NotAWorkbook:
        plan.errors.append(
            _("无法读取“%(name)s”：不是有效的 Excel 工作簿（.xlsx）") % {"name": plan.file_name}
        )
        return plan
    seen: set[tuple] = set()
    try:
        for sheet_name in workbook.names:
            kind = sheet_by_name().get(sheet_name.strip())
            if kind is None:
                if sheet_name.strip() not in INFO_SHEETS:
                    plan.warnings.append(_("工作表“%(sheet)s”不是台账工作表，已忽略") % {"sheet": sheet_name})
                continue
            if kind in plan.sheets:
                plan.errors.append(_("工作表“%(sheet)s”重复") % {"sheet": sheet_name})
                continue
            plan.sheets[kind] = SheetSummary(KINDS[kind].sheet.name)
            _sheet_read(plan, kind, workbook.rows(sheet_name), names=names, seen=seen, deadline=deadline)
    except ReadingTooLong:
        plan.errors.append(
            _("“%(name)s”读取超过 %(s)d 秒，已停止；请拆分后分批导入。")
            % {"name": plan.file_name, "s": time_limit}
        )
    except UnreadableWorkbook:
        plan.errors.append(_("“%(name)s”已损坏，无法读完") % {"name": plan.file_name})
    finally:
        workbook.close()
    if not plan.sheets and not plan.errors:
        plan.errors.append(
            _("工作簿中没有台账工作表（应为：%(sheets)s）")
            % {"sheets": "、".join(sheet.name for sheet in sheets().values())}
        )
    # Sheets in the registry's order, whatever the workbook's.
    plan.sheets = {kind: plan.sheets[kind] for kind in KINDS if kind in plan.sheets}
    _leave_out_present(plan)
    return plan


def _measure(file, *, name: str) -> WorkbookSize:
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as stream:
            return workbook_size(stream, name=name, max_rows=MAX_ROWS + MAX_SHEETS)
    size = workbook_size(file, name=name, max_rows=MAX_ROWS + MAX_SHEETS)
    file.seek(0)
    return size


def _file_name(file) -> str:
    name = getattr(file, "name", None) if not isinstance(file, str | os.PathLike) else file
    return os.path.basename(os.fspath(name)) if name else "workbook.xlsx"


class _TownNames:
    """The town's units, themes and looked-up rows (outlets) by name, read once per workbook."""

    def __init__(self, town: OrgUnit) -> None:
        self.town = town
        self.unit_ids: dict[str, int] = {}
        self.ambiguous: set[str] = set()
        for pk, name in OrgUnit.objects.filter(in_subtree(town, field="")).values_list("pk", "name"):
            if name in self.unit_ids:
                self.ambiguous.add(name)
            self.unit_ids[name] = pk
        self.theme_ids = dict(WorkTheme.objects.filter(town=town).values_list("name", "pk"))
        self._rows: dict[Lookup, dict[str, dict[str, str]]] = {}
        self._defaults: dict[str, int | None] = {}

    def rows(self, lookup: Lookup) -> dict[str, dict[str, str]]:
        """The town's rows of a looked-up table: name → the attributes the sheet gives."""
        if lookup not in self._rows:
            fields = [model_field for _target, model_field in lookup.attributes]
            found = lookup.model.objects.filter(**{lookup.town_field: self.town}).values_list("name", *fields)
            self._rows[lookup] = {name: dict(zip(fields, values, strict=True)) for name, *values in found}
        return self._rows[lookup]

    def default_theme_id(self, kind: str) -> int | None:
        if kind not in self._defaults:
            theme = default_theme(town=self.town, kind=kind)
            self._defaults[kind] = theme.pk if theme else None
        return self._defaults[kind]


def _sheet_read(
    plan: LedgerPlan, kind: str, rows: Iterator[Row], *, names: _TownNames, seen, deadline: float | None
) -> None:
    sheet = KINDS[kind].sheet
    header, at = _header_find(sheet, rows)
    if header is None:
        return  # a sheet left empty: nothing to import, nothing wrong
    columns = _header_read(plan, sheet, header, at)
    if columns is None:
        return
    summary = plan.sheets[kind]
    today = timezone.localdate()
    for number, values in enumerate(rows, start=at + 1):
        cells = [
            (column, title, values[index] if index < len(values) else None)
            for index, column, title in columns
        ]
        if all(_blank(raw) for _column, _title, raw in cells):
            continue
        summary.rows += 1
        if deadline and summary.rows % 1000 == 0 and time.monotonic() > deadline:
            raise ReadingTooLong
        if plan.rows > MAX_ROWS:
            plan.errors.append(
                _("%(sheet)s 第%(row)d行：一次最多导入 %(n)d 行，请分批导入")
                % {"sheet": sheet.name, "row": number, "n": MAX_ROWS}
            )
            raise UnreadableWorkbook
        record = _row_read(plan, kind, number, cells, names=names, today=today)
        if record is None:
            continue
        key = record.key
        if key in seen:
            summary.repeated += 1
            continue
        seen.add(key)
        plan.records.append(record)


def _header_find(sheet: Sheet, rows: Iterator[Row]) -> tuple[Row | None, int]:
    """The header row and its number: the first row of the first few naming two of the sheet's
    columns (an export has its title above), else the first row that is not blank."""
    lookup = column_lookup(sheet)
    first: tuple[Row, int] | None = None
    for number, row in enumerate(rows, start=1):
        known = sum(1 for raw in row if not _blank(raw) and header_key(text_of(raw)) in lookup)
        if known >= 2:
            return row, number
        if first is None and not all(_blank(raw) for raw in row):
            first = (row, number)
        if number >= HEADER_SEARCH_ROWS:
            break
    if first is None and all(_blank(raw) for row in rows for raw in row):
        return None, 0
    return first or ((), 1)


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not text_of(raw))


def _header_read(
    plan: LedgerPlan, sheet: Sheet, header: Row, at: int
) -> list[tuple[int, Column, str]] | None:
    """The known columns as (index, column, header as written); None if a required one is missing."""
    lookup = column_lookup(sheet)
    columns, found = [], {}
    where = _("%(sheet)s 第%(row)d行") % {"sheet": sheet.name, "row": at}
    for index, raw in enumerate(header):
        title = text_of(raw)
        if not title or header_key(title) in INFO_HEADERS:  # 序号, 状态…: an export's, for reading
            continue
        column = lookup.get(header_key(title))
        if column is None:
            plan.warnings.append(
                _("%(where)s “%(column)s”：不认识的列，已忽略") % {"where": where, "column": title}
            )
        elif column.target in found:
            plan.errors.append(_("%(where)s “%(column)s”：列名重复") % {"where": where, "column": title})
        else:
            found[column.target] = column
            columns.append((index, column, title))
    missing = [column for column in sheet.columns if column.required and column.target not in found]
    for column in missing:
        plan.errors.append(
            _("%(where)s “%(column)s”：缺少必填列") % {"where": where, "column": column.header}
        )
    return None if missing else columns


def _row_read(
    plan: LedgerPlan, kind: str, number: int, cells: list, *, names: _TownNames, today: date
) -> PlannedRecord | None:
    """One row as a planned record, or None with its errors added to the plan."""
    sheet = KINDS[kind].sheet

    def where() -> str:  # formatted only for a row with an error: most rows have none
        return _("%(sheet)s 第%(row)d行") % {"sheet": sheet.name, "row": number}

    errors = len(plan.errors)
    values: dict[str, object] = {}
    headers: dict[str, str] = {}
    for column, title, raw in cells:
        headers[column.target] = title
        try:
            value = parse(column, raw, today=today)
        except CellError as exc:
            plan.errors.append(f"{where()} “{title}”：{exc}")
            continue
        if value is None:
            if column.required:
                plan.errors.append(f"{where()} “{title}”：" + _("不能为空"))
                continue
            value = _empty(column)
        values[column.target] = value
    for column in sheet.columns:  # columns the sheet leaves out take their empty value
        if column.target not in headers:
            values[column.target] = _empty(column)

    def error(target: str, reason: str) -> None:
        plan.errors.append(f"{where()} “{headers.get(target, target)}”：{reason}")

    unit = values.pop(UNIT, "")
    if unit:
        _unit_check(plan, unit, error=error, names=names)
    theme = values.pop(THEME, "")
    theme_id = names.theme_ids.get(theme) if theme else names.default_theme_id(kind)
    if theme and theme_id is None:
        error(THEME, _("“%(value)s”不是%(town)s的工作板块") % {"value": theme, "town": names.town.name})
    elif theme_id is None:
        error(THEME, _("%(town)s还没有工作板块，请先设置") % {"town": names.town.name})
    refs = {}
    for lookup in sheet.lookups:
        name = values.pop(lookup.name, "")
        given = {model_field: values.pop(target, None) for target, model_field in lookup.attributes}
        if name:
            _lookup_check(plan, lookup, name, given, error=error, names=names)
            refs[lookup.field] = name
    if len(plan.errors) > errors:
        return None
    return PlannedRecord(kind, sheet.name, number, unit, theme_id, values, refs)


_EMPTY = {Cell.INT: None, Cell.DECIMAL: None, Cell.BOOL: False}


def _empty(column: Column) -> object:
    if column.default is not None:
        return column.default
    return _EMPTY.get(column.type, "")


def _unit_check(plan: LedgerPlan, name: str, *, error, names: _TownNames) -> None:
    town = names.town.name
    if name in names.ambiguous:
        error(UNIT, _("%(town)s有多个名为“%(value)s”的单位") % {"town": town, "value": name})
    elif name in names.unit_ids or name in plan.new_units:
        return
    elif plan.create_units:
        plan.new_units[name] = unit_kind_for(name)
    else:
        plan.unknown_units.add(name)
        error(UNIT, _("“%(value)s”不是%(town)s的单位") % {"value": name, "town": town})


def _lookup_check(
    plan: LedgerPlan, lookup: Lookup, name: str, given: dict, *, error, names: _TownNames
) -> None:
    """A row named by the sheet must agree with the town's (or with the row that first named it)."""
    known = names.rows(lookup).get(name)
    if known is None:
        known = plan.new_rows.get(lookup, {}).get(name)
    if known is None:
        if all(given.values()):
            plan.new_rows.setdefault(lookup, {})[name] = given
        return
    columns = {model_field: target for target, model_field in lookup.attributes}
    sheet = next(kind.sheet for kind in KINDS.values() if lookup in kind.sheet.lookups)
    for model_field, value in given.items():
        if value and value != known[model_field]:
            column = sheet.column(columns[model_field])
            choices = labels(column.choices) if column.choices else {}
            error(
                columns[model_field],
                _("“%(value)s”与“%(name)s”已有的%(what)s“%(known)s”不符")
                % {
                    "value": choices.get(value, value),
                    "name": name,
                    "what": column.header,
                    "known": choices.get(known[model_field], known[model_field]),
                },
            )


def _leave_out_present(plan: LedgerPlan) -> None:
    """Leave out the rows whose record is already there (same kind, date, title and unit)."""
    if not plan.records:
        return
    present = keys_present(plan.town, plan.records)
    kept = []
    for record in plan.records:
        summary = plan.sheets[record.kind]
        if record.key in present:
            summary.present += 1
        else:
            summary.new += 1
            kept.append(record)
    plan.records = kept


def keys_present(town: OrgUnit, records: list[PlannedRecord]) -> set[tuple]:
    """The keys (PlannedRecord.key) of the town's records over the dates and kinds the rows span."""
    days = [record.fields["date"] for record in records]
    unit_names = dict(OrgUnit.objects.filter(in_subtree(town, field="")).values_list("pk", "name"))
    keys = set()
    for kind in sorted({record.kind for record in records}):
        sheet = KINDS[kind].sheet
        paths = [sheet.column(target).path for target in sheet.key]
        rows = (
            KINDS[kind]
            .model.objects.filter(in_subtree(town), date__range=(min(days), max(days)))
            .order_by()  # a set is wanted: no sort of the town's records by the list's order
            .values_list("date", "title", "unit_id", *paths)
        )
        keys.update(
            (kind, day, title, unit_names[unit], *extra)
            for day, title, unit, *extra in rows.iterator(chunk_size=5000)
        )
    return keys
