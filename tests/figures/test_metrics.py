"""Every figure against hand-counted records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from figures import metrics
from figures.metrics import (
    FIGURES,
    Period,
    figures_by_month,
    figures_by_unit,
    figures_compute,
    target_progress,
)
from portal.models import OrgUnit
from records.models import Record
from tests.factories import make_record, outlet

pytestmark = pytest.mark.django_db
S = Record.Status
Y = Period.year(2026)


@pytest.fixture
def ledger(town):
    """A small year of records whose figures are counted by hand in the tests below."""
    province = outlet(town, "江川日报", "provincial", "press")
    xuexi = outlet(town, "学习强国江川平台", "provincial", "xuexi")
    cctv = outlet(town, "中央电视台", "central", "broadcast")
    city_brief = outlet(town, "云州工作简报", "city", "briefing")
    district = outlet(town, "清江发布", "district", "new_media")
    make_record(
        "study",
        study_type="central_group",
        participants=14,
        expected_attendance=16,
        unit="青溪镇",
        on=date(2026, 1, 1),
    )
    make_record(
        "study",
        study_type="central_group",
        participants=15,
        expected_attendance=15,
        unit="青溪镇",
        on=date(2026, 12, 31),
    )
    make_record("study", study_type="lecture", participants=80, on=date(2026, 3, 3))
    make_record("study", study_type="lecture", participants=50, on=date(2025, 12, 31))  # last year
    make_record("study", study_type="lecture", participants=999, status=S.RETURNED, on=date(2026, 5, 1))
    make_record("study", study_type="lecture", participants=999, status=S.DRAFT, on=date(2026, 5, 1))
    make_record("study", study_type="lecture", participants=20, status=S.SUBMITTED, on=date(2026, 5, 2))
    make_record("event", event_type="moral_forum", participants=60, unit="柳塘村", on=date(2026, 3, 20))
    make_record(
        "event",
        event_type="festival",
        participants=300,
        is_practical_project=True,
        is_highlight=True,
        unit="南湖社区",
        on=date(2026, 6, 19),
    )
    make_record(
        "volunteer", volunteers=20, service_hours=Decimal("60"), beneficiaries=100, on=date(2026, 3, 5)
    )
    make_record(
        "volunteer",
        volunteers=8,
        service_hours=Decimal("12.5"),
        beneficiaries=None,
        unit="柳塘村",
        on=date(2026, 3, 5),
    )
    for media_outlet, month in ((province, 2), (xuexi, 3), (cctv, 4), (city_brief, 5), (district, 6)):
        make_record(
            "media",
            outlet=media_outlet,
            on=date(2026, month, 10),
            unit="镇宣传办",
            is_front_page=media_outlet == province,
        )


def test_counts_and_sums_over_approved_records_of_the_year(ledger, town):
    values = figures_compute(unit=town, period=Y)
    assert values["study.count"] == 3
    assert values["study.type.central_group"] == 2
    assert values["study.type.lecture"] == 1
    assert values["study.attendance"] == 14 + 15 + 80
    assert values["event.count"] == 2
    assert values["event.type.moral_forum"] == 1
    assert values["event.participants"] == 360
    assert values["records.practical_projects"] == 1
    assert values["volunteer.count"] == 2
    assert values["volunteer.volunteers"] == 28
    assert values["volunteer.hours"] == Decimal("72.5")
    assert values["volunteer.beneficiaries"] == 100
    assert values["records.total"] == 3 + 2 + 2 + 5
    assert values["records.highlights"] == 1


def test_media_by_level_and_channel(ledger, town):
    values = figures_compute(unit=town, period=Y)
    assert values["media.count"] == 5
    assert values["media.level.provincial"] == 2
    assert values["media.level.central"] == 1
    assert values["media.channel.xuexi"] == 1
    # central + provincial + city, but not the city's work briefing
    assert values["media.city_and_above"] == 3
    assert values["media.briefing.city"] == 1
    assert values["media.central_tv"] == 1
    assert values["media.front_page"] == 1


def test_the_average_attendance_rate_of_central_group_sessions(ledger, town):
    rate = figures_compute(unit=town, period=Y, codes=["study.central_group_rate"])[
        "study.central_group_rate"
    ]
    assert rate == pytest.approx((14 / 16 + 15 / 15) / 2 * 100, abs=0.1)


def test_pending_records_count_only_when_asked(ledger, town):
    assert figures_compute(unit=town, period=Y, codes=["study.count"])["study.count"] == 3
    assert figures_compute(unit=town, period=Y, codes=["study.count"], pending=True)["study.count"] == 4


def test_the_last_and_first_day_of_the_year_fall_in_their_own_years(ledger, town):
    assert figures_compute(unit=town, period=Period.year(2025), codes=["study.count"]) == {"study.count": 1}
    by_month = figures_by_month(unit=town, year=2026, codes=["study.type.central_group"])
    assert by_month["study.type.central_group"][0] == 1
    assert by_month["study.type.central_group"][11] == 1


def test_a_unit_rolls_up_its_subtree_and_units_are_listed_under_the_town(ledger, town):
    liutang = OrgUnit.objects.get(name="柳塘村")
    assert figures_compute(unit=liutang, period=Y, codes=["records.total"]) == {"records.total": 2}
    rows = dict(
        (unit.name, values["records.total"])
        for unit, values in figures_by_unit(unit=town, period=Y, codes=["records.total"])
    )
    assert rows["青溪镇"] == 2
    assert rows["柳塘村"] == 2
    assert rows["镇宣传办"] == 5
    assert rows["桃源村"] == 0
    assert sum(rows.values()) == 12


def test_a_district_sees_its_towns_and_not_the_others(ledger, town):
    from administration.services import town_create
    from portal.services import unit_create

    district = OrgUnit.objects.add_root(create_kwargs={"name": "清江区", "kind": OrgUnit.Kind.DISTRICT})
    other_town = town_create(name="东坡镇", parent=district)
    make_record(
        "study",
        unit=unit_create(parent=other_town, name="东坡村", kind=OrgUnit.Kind.VILLAGE),
        on=date(2026, 4, 1),
    )
    district.refresh_from_db()
    town.refresh_from_db()  # adding a root re-sorts the roots' paths
    assert figures_compute(unit=district, period=Y, codes=["records.total"]) == {"records.total": 1}
    assert figures_compute(unit=town, period=Y, codes=["records.total"]) == {"records.total": 12}


def test_every_figure_has_a_label_and_unit():
    for code, figure in FIGURES.items():
        assert metrics.figure_label(code) and str(figure.unit), code


@pytest.mark.parametrize(
    ("value", "today", "status"),
    [
        (100, date(2026, 12, 31), "done"),
        (60, date(2026, 6, 30), "on_track"),  # half the year, half the target and more
        (45, date(2026, 6, 30), "behind"),  # within 20 % of the even pace
        (20, date(2026, 6, 30), "at_risk"),
    ],
)
def test_target_progress_against_the_pro_rata_expectation(value, today, status):
    progress = target_progress(value=value, target=100, period=Y, today=today)
    assert progress.status == status


def test_a_past_year_is_judged_on_the_whole_target():
    progress = target_progress(value=85, target=100, period=Y, today=date(2027, 3, 1))
    assert (progress.expected, progress.status, progress.percent) == (100.0, "behind", 85)


@pytest.mark.parametrize("pending", [False, True])
def test_every_figure_in_one_pass_equals_its_kind_counted_alone(ledger, town, pending):
    """The one-pass aggregate over every kind (each kind's fields through its join) gives
    what each kind's own query gives: no figure counts twice or loses its condition."""
    from collections import defaultdict

    from figures.metrics import FIGURES

    by_model = defaultdict(list)
    for code, figure in FIGURES.items():
        by_model[figure.model].append(code)
    for unit in (town, OrgUnit.objects.get(name="柳塘村")):
        together = figures_compute(unit=unit, period=Y, pending=pending)
        alone = {}
        for codes in by_model.values():
            alone |= figures_compute(unit=unit, period=Y, codes=codes, pending=pending)
        assert together == alone
        assert any(together.values())
