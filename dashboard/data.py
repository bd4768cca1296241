"""What the leaders' dashboard shows: figures of a year for a town or unit, put together
from figures/metrics.py for the page and its charts. Which figures are cards is each
kind's own say (`Kind.cards`); the charts of media by level and channel read the
figures that exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from figures import metrics
from figures.metrics import FIGURES, Period, Progress, card_codes, target_codes
from figures.models import Target
from portal.models import OrgUnit
from records.kinds import KINDS
from records.models import Record

HIGHLIGHTS_SHOWN = 6


def _codes_starting(prefix: str) -> list[str]:
    return [code for code in FIGURES if code.startswith(prefix)]


def drill_url(*, unit: OrgUnit, period: Period, code: str | None = None, **params) -> str:
    """The records list behind a figure: the same unit, period and condition, approved only."""
    query = {"unit": unit.pk, "date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
    query["status"] = Record.Status.APPROVED
    if code:
        query["figure"] = code
    return f"{reverse('records:list')}?{urlencode(query | params)}"


def year_period(year: int, today: date) -> Period:
    """A past year whole; the current year up to today (so last year compares like for like)."""
    period = Period.year(year)
    return Period(period.start, today) if period.start <= today < period.end else period


@dataclass(frozen=True)
class Card:
    code: str
    label: str
    unit: str
    value: float
    last_year: float
    url: str
    progress: Progress | None

    @property
    def change(self) -> int | None:
        """Percent change on the same period last year; None when last year had nothing."""
        if not self.last_year:
            return None
        return round(100 * (float(self.value) - float(self.last_year)) / float(self.last_year))

    # A rise beyond this (ten times last year's) says more about last year's ledger than this
    # year's work: offices enter a past year in part, if at all. The card says so instead.
    DOUBTFUL_CHANGE = 900

    @property
    def change_doubtful(self) -> bool:
        return self.change is not None and self.change > self.DOUBTFUL_CHANGE


def dashboard_data(*, unit: OrgUnit, year: int, today: date | None = None) -> dict:
    """Everything the dashboard shows, in a constant number of queries."""
    today = today or timezone.localdate()
    period = year_period(year, today)
    cards_codes, levels, channels = (
        card_codes(),
        _codes_starting("media.level."),
        _codes_starting("media.channel."),
    )
    targets = {t.figure: t.value for t in Target.objects.filter(unit=unit, year=year)}
    # A figure with a target is a card too, if it is not one already (学习强国, 实事项目…).
    cards_codes += [code for code in target_codes() if targets.get(code) and code not in cards_codes]
    codes = list(dict.fromkeys(cards_codes + levels + channels))
    now = metrics.figures_compute(unit=unit, period=period, codes=codes)
    before = metrics.figures_compute(unit=unit, period=period.last_year(), codes=cards_codes)
    cards = [
        Card(
            code=code,
            label=metrics.figure_label(code),
            unit=str(FIGURES[code].unit),
            value=now[code],
            last_year=before[code],
            url=drill_url(unit=unit, period=period, code=code),
            progress=metrics.target_progress(
                value=now[code], target=targets[code], period=Period.year(year), today=today
            )
            if targets.get(code)
            else None,
        )
        for code in cards_codes
    ]
    by_kind = metrics.kinds_by_month(unit=unit, year=year)
    by_unit = metrics.figures_by_unit(unit=unit, period=period, codes=["records.total"])
    charts = {
        "months": [f"{month}" for month in range(1, 13)],
        "trend": [
            {
                "name": str(kind.label),
                "data": by_kind[code],
                "urls": [
                    drill_url(unit=unit, period=Period.month(year, month), kind=code)
                    for month in range(1, 13)
                ],
            }
            for code, kind in KINDS.items()
        ],
        "levels": _slices(now, levels, unit, period),
        "channels": _slices(now, channels, unit, period),
        "units": [
            {
                # The unit's own records, apart from its sub-units' bars: 本级, and its list says so.
                "name": _("%(unit)s（本级）") % {"unit": branch.name} if branch == unit else branch.name,
                "value": values["records.total"],
                "url": drill_url(unit=branch, period=period, own="on")
                if branch == unit
                else drill_url(unit=branch, period=period),
            }
            for branch, values in sorted(by_unit, key=lambda pair: pair[1]["records.total"])
        ],
    }
    highlights = (
        metrics.records_in(Record, unit=unit, period=period)
        .filter(is_highlight=True)
        .select_related("unit")
        .prefetch_related("photos")
        .order_by("-date", "-pk")[:HIGHLIGHTS_SHOWN]
    )
    return {
        "period": period,
        "cards": cards,
        "charts": charts,
        "pending": metrics.pending_count(unit=unit, period=Period.year(year)),
        "pending_url": f"{reverse('records:list')}?"
        + urlencode({"status": Record.Status.SUBMITTED, "unit": unit.pk, "year": year}),
        "highlights": highlights,
    }


def _slices(values: dict, codes: list[str], unit: OrgUnit, period: Period) -> list[dict]:
    return [
        {
            "name": str(FIGURES[code].label),
            "value": values[code],
            "url": drill_url(unit=unit, period=period, code=code),
        }
        for code in codes
        if values[code]
    ]
