"""The portal's figures, computed in one place.

Every number the dashboard shows, the targets compare, the annual report states and
the exports total comes from here, by database aggregation over approved records
(pending ones only on request). A figure (records.kinds.Figure) has a code
("media.city_and_above"), a Chinese label and measure word, the record kind it counts
and a condition on that kind; each kind declares its own in its registry entry, and
every kind has its count and one figure per type. All figures of one kind are computed
in one aggregate query, so the cost does not grow with the number of figures or of
records.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractMonth, Substr

from portal.models import OrgUnit, in_subtree
from records.kinds import KINDS, Figure, code_for, figure_catalogue
from records.models import Record


class _Catalogue(Mapping):
    """Every figure by code, read from the registry when first asked (after the apps are ready)."""

    def __getitem__(self, code: str) -> Figure:
        return figure_catalogue()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(figure_catalogue())

    def __len__(self) -> int:
        return len(figure_catalogue())


FIGURES: Mapping[str, Figure] = _Catalogue()


def figure_label(code: str) -> str:
    """The label a person reads: a type's or level's name gets its group's prefix."""
    return FIGURES[code].full_label


@dataclass(frozen=True)
class Period:
    """An inclusive range of dates. Record dates are calendar dates in the town's time."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, monthrange(year, month)[1]))

    def last_year(self) -> Period:
        """The same stretch of the year before (29 February becomes the 28th)."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def records_in(model: type[Record], *, unit: OrgUnit, period: Period, pending: bool = False):
    """The records of `model` that figures count: approved (or pending too), in unit and period."""
    statuses = [Record.Status.APPROVED, Record.Status.SUBMITTED] if pending else [Record.Status.APPROVED]
    rows = model.objects.filter(in_subtree(unit), date__range=(period.start, period.end), status__in=statuses)
    # A kind's own table joins its records; naming the kind lets the (kind, status, date)
    # index read that kind's rows of the period, not every kind's.
    return rows if model is Record else rows.filter(kind=code_for(model))


def _by_model(codes) -> dict[type[Record], list[Figure]]:
    groups: dict[type[Record], list[Figure]] = defaultdict(list)
    for code in codes:
        figure = FIGURES[code]
        groups[figure.model].append(figure)
    return groups


def _aliases(figures: list[Figure]) -> dict[str, Figure]:
    return {f"f{index}": figure for index, figure in enumerate(figures)}


def _clean(value):
    if value is None:
        return 0
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value


def figures_compute(
    *, unit: OrgUnit, period: Period, codes=None, pending: bool = False
) -> dict[str, int | float | Decimal]:
    """The figures (all, or `codes`) for a unit's subtree over a period, in one query.

    Figures of several kinds are aggregated in one pass over the shared table, each
    kind's own table joined (one row per record, so no aggregate counts twice): 91 ms
    where one query per kind took 160 at 100,000 records. Figures of one kind only
    read that kind's rows, through the (kind, status, date) index.
    """
    figures = [FIGURES[code] for code in (codes or FIGURES)]
    aliases = _aliases(figures)
    models = {figure.model for figure in figures}
    one_kind = len(models) == 1
    rows = records_in(next(iter(models)) if one_kind else Record, unit=unit, period=period, pending=pending)
    row = rows.aggregate(
        **{alias: figure.aggregate(over_records=not one_kind) for alias, figure in aliases.items()}
    )
    return {figure.code: _clean(row[alias]) for alias, figure in aliases.items()}


# --- figures of part of a year's work: a theme, a brand, the campaign ----------------------

# What a scoped figure may be limited to, and the field of Record each names. "type" is
# the kind's own type field (a scoped figure of one kind only).
SCOPES = {
    "theme": "theme_id",
    "brand": "brand_id",
    "task": "campaign_task_id",
    "campaign": "campaign_task__campaign_id",
    "type": None,
}


@dataclass(frozen=True)
class Scoped:
    """A figure limited to part of the work, as a report placeholder writes it:
    {study.type.lecture@theme:3}, {records.total@brand:5}, {study.attendance@theme:3,type:lecture}."""

    code: str
    scope: tuple[tuple[str, str], ...] = ()  # (dimension, value), in SCOPES order

    @classmethod
    def parse(cls, text: str) -> Scoped:
        code, _sep, scope = text.partition("@")
        parts = []
        for part in filter(None, scope.split(",")):
            name, _sep, value = part.partition(":")
            parts.append((name, value))
        return cls(code, tuple(sorted(parts, key=lambda part: list(SCOPES).index(part[0]))))

    def __str__(self) -> str:
        if not self.scope:
            return self.code
        return self.code + "@" + ",".join(f"{name}:{value}" for name, value in self.scope)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(name for name, _value in self.scope)

    def valid(self) -> bool:
        """A known figure, known dimensions with id values, and a type only on a kind's figure."""
        if self.code not in FIGURES or any(name not in SCOPES for name in self.dimensions):
            return False
        figure = FIGURES[self.code]
        for name, value in self.scope:
            if name == "type":
                kind = KINDS.get(figure.kind or "")
                if kind is None or value not in dict(kind.type_choices):
                    return False
            elif not value.isdigit():
                return False
        return len(set(self.dimensions)) == len(self.dimensions)


def _group_fields(model: type[Record], dimensions: tuple[str, ...]) -> list[str]:
    fields = []
    for name in dimensions:
        if name == "type":
            code = next(code for code, each in KINDS.items() if each.model is model)
            fields.append(KINDS[code].type_field)
        else:
            fields.append(SCOPES[name])
    return fields


def figures_grouped(
    *, unit: OrgUnit, period: Period, codes, by: tuple[str, ...]
) -> dict[tuple[str, ...], dict[str, int | float | Decimal]]:
    """The figures grouped by scope dimensions (SCOPES): one query per kind.

    The key is the dimensions' values as text, in `by`'s order, as a placeholder writes
    them ({code@theme:3,type:lecture} → ("3", "lecture")). A "type" dimension applies to
    a kind's own figures only.
    """
    grouped: dict[tuple[str, ...], dict] = defaultdict(dict)
    for model, figures in _by_model(codes).items():
        if "type" in by and model is Record:
            continue
        fields = _group_fields(model, by)
        aliases = _aliases(figures)
        rows = (
            records_in(model, unit=unit, period=period)
            .values(*fields)
            .annotate(**{alias: figure.aggregate() for alias, figure in aliases.items()})
            .order_by()
        )
        for row in rows:
            key = tuple("" if row[field] is None else str(row[field]) for field in fields)
            grouped[key].update({figure.code: _clean(row[alias]) for alias, figure in aliases.items()})
    return grouped


def scoped_compute(*, unit: OrgUnit, period: Period, scoped) -> dict[str, int | float | Decimal]:
    """Each scoped figure's value, by its placeholder text: one query per kind and set of dimensions."""
    values: dict[str, int | float | Decimal] = {}
    by_dimensions: dict[tuple[str, ...], list[Scoped]] = defaultdict(list)
    for item in scoped:
        by_dimensions[item.dimensions].append(item)
    for dimensions, items in by_dimensions.items():
        codes = sorted({item.code for item in items})
        if not dimensions:
            found = figures_compute(unit=unit, period=period, codes=codes)
            values.update({str(item): found[item.code] for item in items})
            continue
        grouped = figures_grouped(unit=unit, period=period, codes=codes, by=dimensions)
        for item in items:
            key = tuple(value for _name, value in item.scope)
            values[str(item)] = grouped.get(key, {}).get(item.code, 0)
    return values


def figures_by_month(*, unit: OrgUnit, year: int, codes, pending: bool = False) -> dict[str, list]:
    """Each figure's twelve monthly values in a year: one query per kind."""
    values = {code: [0] * 12 for code in codes}
    for model, figures in _by_model(codes).items():
        aliases = _aliases(figures)
        rows = (
            records_in(model, unit=unit, period=Period.year(year), pending=pending)
            .annotate(month=ExtractMonth("date"))
            .values("month")
            .annotate(**{alias: figure.aggregate() for alias, figure in aliases.items()})
        )
        for row in rows:
            for alias, figure in aliases.items():
                values[figure.code][row["month"] - 1] = _clean(row[alias])
    return values


def figures_by_unit(
    *, unit: OrgUnit, period: Period, codes, pending: bool = False
) -> list[tuple[OrgUnit, dict[str, int | float | Decimal]]]:
    """The figures for each unit directly below `unit`, each rolling up its own subtree.

    Records kept at `unit` itself come first, under `unit`. Grouping is by the first
    step of the path below `unit`, so sub-units count towards their parent.
    """
    step = len(unit.path) + OrgUnit.steplen
    children = {child.path: child for child in OrgUnit.objects.get_children(unit)}
    totals: dict[str, dict] = defaultdict(dict)
    for model, figures in _by_model(codes).items():
        aliases = _aliases(figures)
        rows = (
            records_in(model, unit=unit, period=period, pending=pending)
            .annotate(branch=Substr("unit__path", 1, step))
            .values("branch")
            .annotate(**{alias: figure.aggregate() for alias, figure in aliases.items()})
        )
        for row in rows:
            for alias, figure in aliases.items():
                totals[row["branch"]][figure.code] = _clean(row[alias])
    empty = dict.fromkeys(codes, 0)
    result = [(unit, empty | totals.get(unit.path, {}))] if unit.path in totals else []
    result += [(child, empty | totals.get(path, {})) for path, child in sorted(children.items())]
    return result


def kinds_by_month(*, unit: OrgUnit, year: int, pending: bool = False) -> dict[str, list[int]]:
    """How many records of each kind each month of a year: one query."""
    counts = {code: [0] * 12 for code in KINDS}
    rows = (
        records_in(Record, unit=unit, period=Period.year(year), pending=pending)
        .annotate(month=ExtractMonth("date"))
        .values("kind", "month")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["kind"] in counts:
            counts[row["kind"]][row["month"] - 1] = row["n"]
    return counts


def pending_count(*, unit: OrgUnit, period: Period | None = None) -> int:
    """Records waiting for review in `unit`'s subtree, dated within `period` if given."""
    pending = Record.objects.filter(in_subtree(unit), status=Record.Status.SUBMITTED)
    return pending.filter(date__range=(period.start, period.end)).count() if period else pending.count()


def card_codes() -> list[str]:
    """The figures the dashboard shows as cards, in order: each kind's, then the highlights."""
    return [code for kind in KINDS.values() for code in kind.cards] + ["records.highlights"]


def target_codes() -> list[str]:
    """The figures a leader may set a year's target on: the cards, then each kind's further ones."""
    further = [code for kind in KINDS.values() for code in kind.targets]
    return list(dict.fromkeys([*card_codes(), *further, "records.practical_projects"]))


@dataclass(frozen=True)
class Progress:
    value: float
    target: float
    expected: float  # where the value should be by now, pro rata
    status: str  # done, on_track, behind, at_risk

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.target) if self.target else 0


BEHIND_TOLERANCE = 0.8


def target_progress(*, value, target, period: Period, today: date) -> Progress:
    """Value against target and against the pro-rata expectation for `today`.

    On track: at or above where an even pace would be by now; behind: within 20 %
    of it; at risk: further behind.
    """
    value, target = float(value), float(target)
    if today >= period.end:
        elapsed = 1.0
    elif today < period.start:
        elapsed = 0.0
    else:
        elapsed = ((today - period.start).days + 1) / ((period.end - period.start).days + 1)
    expected = target * elapsed
    if value >= target:
        status = "done"
    elif value >= expected:
        status = "on_track"
    elif value >= BEHIND_TOLERANCE * expected:
        status = "behind"
    else:
        status = "at_risk"
    return Progress(value=value, target=target, expected=round(expected, 1), status=status)
