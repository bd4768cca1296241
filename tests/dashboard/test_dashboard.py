"""The leaders' dashboard: true figures, targets, drill-down, constant queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from figures.models import Target
from portal.models import OrgUnit
from portal.roles import Role
from records.kinds import KINDS
from tests.factories import add_photo, make_record
from tests.queries import SIGNED_IN, queries

pytestmark = pytest.mark.django_db


def cards(response) -> dict:
    return {card.code: card for card in response.context["cards"]}


def test_the_cards_show_the_years_approved_figures_and_the_change(client_as):
    this_year = timezone.localdate().year
    for _ in range(3):
        make_record("study", on=date(this_year, 1, 2))
    make_record("study", on=date(this_year - 1, 1, 2))
    make_record("study", on=date(this_year, 1, 3), status="submitted")
    response = client_as(Role.LEADER).get(reverse("dashboard:dashboard"))
    study = cards(response)["study.count"]
    assert (study.value, study.last_year, study.change) == (3, 1, 200)
    assert response.context["pending"] == 1


def test_a_card_leads_to_the_records_it_counts(client_as):
    this_year = timezone.localdate().year
    make_record("study", study_type="central_group", on=date(this_year, 1, 5), title="中心组一月学习")
    make_record("study", study_type="lecture", on=date(this_year, 1, 6), title="一场宣讲")
    client = client_as(Role.LEADER)
    url = cards(client.get(reverse("dashboard:dashboard")))["study.type.central_group"].url
    listed = client.get(url).context["page"]
    assert [record.title for record in listed] == ["中心组一月学习"]


def test_a_target_shows_progress_against_the_even_pace(client_as, town):
    this_year = timezone.localdate().year
    Target.objects.create(unit=town, year=this_year, figure="media.published", value=10)
    for _ in range(10):
        make_record("media", on=date(this_year, 1, 10))
    card = cards(client_as(Role.LEADER).get(reverse("dashboard:dashboard")))["media.published"]
    assert (card.progress.percent, card.progress.status) == (100, "done")


def test_a_leader_sets_the_years_targets(client_as, town):
    url = reverse("dashboard:targets") + f"?year=2027&unit={town.pk}"
    response = client_as(Role.LEADER).post(url, {"media.published": "300", "study.count": ""})
    assert response.status_code == 302
    assert list(Target.objects.values_list("figure", "value", "year")) == [("media.published", 300, 2027)]


def test_a_negative_target_is_refused(client_as, town):
    url = reverse("dashboard:targets") + f"?year=2027&unit={town.pk}"
    response = client_as(Role.LEADER).post(url, {"media.published": "-5"})
    assert response.status_code == 200
    assert not Target.objects.exists()


def test_a_unit_dashboard_rolls_up_that_unit(client_as):
    this_year = timezone.localdate().year
    make_record("event", unit="柳塘村", on=date(this_year, 1, 7))
    make_record("event", unit="石桥村", on=date(this_year, 1, 7))
    liutang = OrgUnit.objects.get(name="柳塘村")
    response = client_as(Role.LEADER).get(
        reverse("dashboard:dashboard"), {"year": this_year, "unit": liutang.pk}
    )
    assert cards(response)["event.count"].value == 1


def test_a_unit_outside_the_users_town_is_not_offered(client_as):
    other = OrgUnit.objects.add_root(create_kwargs={"name": "东坡镇", "kind": OrgUnit.Kind.TOWN})
    response = client_as(Role.LEADER).get(reverse("dashboard:dashboard"), {"unit": other.pk})
    assert response.context["unit"].name == "青溪镇"


def dashboard_queries(client) -> int:
    return queries(client, reverse("dashboard:dashboard"))


def seed(count: int) -> None:
    start = timezone.localdate().replace(month=1, day=1)
    kinds = list(KINDS)
    for i in range(count):
        record = make_record(
            kinds[i % len(kinds)], on=start + timedelta(days=i % 300), is_highlight=i % 7 == 0
        )
        if i % 50 == 0:
            add_photo(record)


# Signed-in page (tests.queries.SIGNED_IN); the scope
# form's first year and units (2); the unit's subtree ids; figures this year and last (one
# pass over every kind each, figures.metrics.figures_compute); targets; months by kind;
# units (1 + the children); pending; highlights and their photos (2); the media scoring
# card (scoring.scores: the rules and their points, the town's units, the units' and
# correspondents' sums); the 台账完整度 card (inspection.gaps: the checklist, the units,
# the photo checks and the bare records listed, the 中心组 sessions, the 道德讲堂 count,
# the 研判 months, the returned records, the records waiting for review).
DASHBOARD_QUERIES = SIGNED_IN + 2 + 1 + 2 + 1 + 1 + 2 + 1 + 2 + 5 + 9


def test_the_dashboard_takes_the_same_queries_for_ten_or_a_thousand_records(client_as):
    client = client_as(Role.LEADER)
    seed(10)
    assert dashboard_queries(client) == DASHBOARD_QUERIES
    seed(990)
    assert dashboard_queries(client) == DASHBOARD_QUERIES
