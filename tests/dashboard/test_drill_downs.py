"""Every figure on the demo dashboard opens a list that adds up to it.

The probe's bar said 青溪镇 25 and opened a list of 173 (the list took the sub-units
too). Here every card, every month of the trend, every unit's bar and every media
slice is followed to its list, and the list's count (or, for a sum, the total the list
shows) is compared with the figure.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboard.data import dashboard_data
from portal.models import OrgUnit
from portal.roles import Role
from records.kinds import figure_catalogue

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def demo_year(demo):
    call_command("seed_demo", "--no-photos", stdout=io.StringIO())
    return OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)


def opened(client, url: str) -> tuple[int, Decimal | None, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    figure = response.context["figure"]
    return (
        response.context["page"].paginator.count,
        figure and Decimal(str(figure["value"])),
        response.content.decode(),
    )


def test_every_drill_down_of_the_demo_dashboard_adds_up(client_as, demo_year):
    data = dashboard_data(unit=demo_year, year=YEAR)
    client = client_as(Role.LEADER)
    checked = 0
    catalogue = figure_catalogue()
    for card in data["cards"]:
        count, shown, page = opened(client, card.url)
        figure = catalogue[card.code]
        if figure.how == "count":
            assert count == card.value, (card.code, count, card.value)
        if figure.how != "rate":
            assert shown == Decimal(str(card.value)), (card.code, shown, card.value)
        assert f"指标：{figure.full_label}" in page
        checked += 1
    for series in data["charts"]["trend"]:
        for value, url in zip(series["data"], series["urls"], strict=True):
            assert opened(client, url)[0] == value, (series["name"], url)
            checked += 1
    for bar in data["charts"]["units"]:
        assert opened(client, bar["url"])[0] == bar["value"], bar
        checked += 1
    for chart in ("levels", "channels"):
        for slice_ in data["charts"][chart]:
            assert opened(client, slice_["url"])[0] == slice_["value"], slice_
            checked += 1
    assert opened(client, data["pending_url"])[0] == data["pending"]
    assert checked >= 90  # 12 cards or so, 7 kinds × 12 months, the units, the media slices
    assert any("（本级）" in bar["name"] for bar in data["charts"]["units"])


def test_a_sum_figure_lists_the_field_it_sums_and_filtering_keeps_it(client_as, demo_year):
    data = dashboard_data(unit=demo_year, year=YEAR)
    card = next(card for card in data["cards"] if card.code == "volunteer.hours")
    client = client_as(Role.LEADER)
    page = client.get(card.url).content.decode()
    assert "服务时长（小时）" in page and "figure-part" in page
    assert 'name="figure" value="volunteer.hours"' in page  # 筛选 keeps the figure
    narrowed = client.get(reverse("records:list"), {"figure": "volunteer.hours", "year": YEAR, "q": "敬老"})
    assert narrowed.context["figure"]["label"] == "志愿服务时长"


def test_a_target_on_a_figure_that_is_no_card_makes_it_one(client_as, town):
    from figures.models import Target

    Target.objects.create(unit=town, year=YEAR, figure="media.channel.xuexi", value=Decimal("30"))
    codes = [card.code for card in dashboard_data(unit=town, year=YEAR)["cards"]]
    assert "media.channel.xuexi" in codes
    card = next(
        card for card in dashboard_data(unit=town, year=YEAR)["cards"] if card.code == "media.channel.xuexi"
    )
    assert card.progress.target == 30


def test_a_rise_over_a_thin_last_year_says_so_instead_of_a_percentage(client_as, town):
    from tests.factories import make_record

    make_record("event", on=date(2024, 3, 1))
    for day in range(1, 20):
        make_record("event", on=date(2025, 3, day))
    page = client_as(Role.LEADER).get(reverse("dashboard:dashboard"), {"year": YEAR, "unit": town.pk})
    page = page.content.decode()
    assert "去年同期仅 1，可能未全部录入" in page and "+1800%" not in page


def test_the_pending_card_counts_the_chosen_year(client_as, town):
    from records.models import Record
    from tests.factories import make_record

    make_record("event", on=date(2024, 3, 1), status=Record.Status.SUBMITTED)
    make_record("event", on=date(2025, 3, 1), status=Record.Status.SUBMITTED)
    assert dashboard_data(unit=town, year=YEAR)["pending"] == 1


def test_a_target_posted_for_a_bad_year_or_another_towns_unit_is_refused(client_as, town):
    from administration.services import town_create
    from figures.models import Target

    other = town_create(name="沙头镇")
    client = client_as(Role.LEADER)
    for query in ({"unit": town.pk, "year": 2035}, {"unit": other.pk, "year": YEAR}):
        response = client.post(
            f"{reverse('dashboard:targets')}?unit={query['unit']}&year={query['year']}", {"study.count": "99"}
        )
        assert response.status_code == 302
    assert not Target.objects.exists()
    follow = client.get(reverse("dashboard:targets"))
    assert "目标没有保存" in follow.content.decode()


def test_the_towns_own_bar_opens_a_list_that_says_it_is_the_towns_own(client_as, town):
    from tests.factories import make_record

    make_record("event", unit="青溪镇", on=date(2025, 3, 1))
    bar = next(
        bar for bar in dashboard_data(unit=town, year=YEAR)["charts"]["units"] if "本级" in bar["name"]
    )
    page = client_as(Role.LEADER).get(bar["url"]).content.decode()
    assert "青溪镇（本级）的记录" in page and 'name="own"' in page and "checked" in page


def test_the_dashboard_offers_no_year_to_come_and_the_targets_page_does(client_as, town):
    from django.utils import timezone

    next_year = str(timezone.localdate().year + 1)
    client = client_as(Role.LEADER)
    dashboard = client.get(reverse("dashboard:dashboard")).context["scope"]
    targets = client.get(reverse("dashboard:targets")).context["scope"]
    assert next_year not in dict(dashboard.fields["year"].choices).values()
    assert next_year in dict(targets.fields["year"].choices).values()
