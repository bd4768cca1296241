"""The portal's figures, computed in one place.

Every number the dashboard shows, the targets compare, the annual report states and
the exports total comes from here, by database aggregation over approved records
(pending ones only on request). A figure has a code ("media.city_and_above"), a
Chinese label and unit, the record kind it counts and a condition on that kind; all
figures of one kind are computed in one aggregate query, so the cost does not grow
with the number of figures or of records.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, ExtractMonth, Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from media_outreach.models import MediaOutlet
from portal.models import OrgUnit, in_subtree
from records.kinds import KINDS
from records.models import Record

Level = MediaOutlet.Level
Channel = MediaOutlet.Channel
# "市级及以上媒体": central, provincial and city outlets, work briefings excluded.
CITY_AND_ABOVE = (Level.CENTRAL, Level.PROVINCIAL, Level.CITY)


@dataclass(frozen=True)
class Figure:
    code: str
    label: Promise
    unit: Promise
    kind: str | None  # a record kind's code; None counts every kind
    how: str = "count"  # count, or sum / rate over `over`
    over: str | None = None
    where: Q = field(default_factory=Q)

    @property
    def model(self) -> type[Record]:
        return KINDS[self.kind].model if self.kind else Record

    def expression(self):
        if self.how == "count":
            return Count("pk", filter=self.where)
        if self.how == "sum":
            return Sum(self.over, filter=self.where)
        # rate: the mean, over records, of participants / expected_attendance, in percent
        ratio = Cast(F("participants"), FloatField()) * 100.0 / Cast(F(self.over), FloatField())
        return Avg(ratio, filter=self.where & Q(**{f"{self.over}__gt": 0}, participants__isnull=False))


def _figures() -> list[Figure]:
    times, people, pieces, hours = _("次"), _("人次"), _("篇"), _("小时")
    figures = [
        Figure("records.total", _("各类工作记录"), _("条"), None),
        Figure("records.highlights", _("亮点工作"), _("项"), None, where=Q(is_highlight=True)),
        Figure("study.count", _("理论学习"), times, "study"),
        Figure("study.attendance", _("理论学习参学"), people, "study", "sum", "participants"),
        Figure(
            "study.central_group_rate",
            _("中心组平均参学率"),
            "%",
            "study",
            "rate",
            "expected_attendance",
            Q(study_type=StudySession.Type.CENTRAL_GROUP),
        ),
        Figure("event.count", _("宣传活动"), _("场"), "event"),
        Figure("event.participants", _("宣传活动参与"), people, "event", "sum", "participants"),
        Figure(
            "event.practical_projects", _("实事项目"), _("个"), "event", where=Q(is_practical_project=True)
        ),
        Figure("volunteer.count", _("志愿服务活动"), times, "volunteer"),
        Figure("volunteer.volunteers", _("参与志愿者"), people, "volunteer", "sum", "volunteers"),
        Figure("volunteer.hours", _("志愿服务时长"), hours, "volunteer", "sum", "service_hours"),
        Figure("volunteer.beneficiaries", _("服务群众"), people, "volunteer", "sum", "beneficiaries"),
        Figure("media.count", _("媒体刊发"), pieces, "media"),
        Figure(
            "media.city_and_above",
            _("市级及以上媒体刊发"),
            pieces,
            "media",
            where=Q(outlet__level__in=CITY_AND_ABOVE) & ~Q(outlet__channel=Channel.BRIEFING),
        ),
        Figure("media.front_page", _("头版/头条"), pieces, "media", where=Q(is_front_page=True)),
        Figure(
            "media.central_tv",
            _("中央级广播电视播出"),
            times,
            "media",
            where=Q(outlet__level=Level.CENTRAL, outlet__channel=Channel.BROADCAST),
        ),
    ]
    for kind, model, type_field, unit in (
        ("study", StudySession, "study_type", times),
        ("event", PublicityEvent, "event_type", _("场")),
        ("volunteer", VolunteerActivity, "service_type", times),
    ):
        for value, label in model._meta.get_field(type_field).choices:
            figures.append(Figure(f"{kind}.type.{value}", label, unit, kind, where=Q(**{type_field: value})))
    for value, label in Level.choices:
        figures.append(Figure(f"media.level.{value}", label, pieces, "media", where=Q(outlet__level=value)))
    for value, label in Channel.choices:
        figures.append(
            Figure(f"media.channel.{value}", label, pieces, "media", where=Q(outlet__channel=value))
        )
    for value, label in Level.choices:
        figures.append(
            Figure(
                f"media.briefing.{value}",
                label,
                _("期"),
                "media",
                where=Q(outlet__channel=Channel.BRIEFING, outlet__level=value),
            )
        )
    return figures


FIGURES: dict[str, Figure] = {figure.code: figure for figure in _figures()}


def figure_label(code: str) -> str:
    """The label a person reads: a type's or level's name gets its group's prefix."""
    figure = FIGURES[code]
    prefixes = {
        "study.type.": _("理论学习·"),
        "event.type.": _("宣传活动·"),
        "volunteer.type.": _("志愿服务·"),
        "media.level.": _("媒体刊发·"),
        "media.channel.": _("媒体刊发·"),
        "media.briefing.": _("工作简报·"),
    }
    prefix = next((str(p) for start, p in prefixes.items() if code.startswith(start)), "")
    return f"{prefix}{figure.label}"


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
    return model.objects.filter(in_subtree(unit), date__range=(period.start, period.end), status__in=statuses)


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
    """The figures (all, or `codes`) for a unit's subtree over a period: one query per kind."""
    values = {}
    for model, figures in _by_model(codes or FIGURES).items():
        aliases = _aliases(figures)
        row = records_in(model, unit=unit, period=period, pending=pending).aggregate(
            **{alias: figure.expression() for alias, figure in aliases.items()}
        )
        values.update({figure.code: _clean(row[alias]) for alias, figure in aliases.items()})
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
            .annotate(**{alias: figure.expression() for alias, figure in aliases.items()})
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
            .annotate(**{alias: figure.expression() for alias, figure in aliases.items()})
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


def pending_count(*, unit: OrgUnit) -> int:
    return Record.objects.filter(in_subtree(unit), status=Record.Status.SUBMITTED).count()


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
