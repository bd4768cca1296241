"""Lists find anything, keep their filter in the URL, and cost the same queries at any size."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import OrgUnit
from portal.roles import Role
from records.models import Record, WorkTheme
from tests.factories import add_photo, make_record, outlet
from tests.queries import SIGNED_IN, queries

pytestmark = pytest.mark.django_db
S = Record.Status


@pytest.fixture
def records(demo):
    return {
        "old": make_record("study", title="去年的集中学习", on=date(2025, 12, 31)),
        "new_year": make_record("study", title="元旦集中学习", on=date(2026, 1, 1), is_highlight=True),
        "event": make_record(
            "event", title="端午节主题活动", on=date(2026, 6, 19), unit="柳塘村", summary="包粽子、赛龙舟"
        ),
        "draft": make_record("volunteer", title="未提交的志愿服务", status=S.DRAFT, on=date(2026, 3, 5)),
    }


def titles(client, url: str, **params) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return {record.title for record in response.context["page"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": 2026}, {"元旦集中学习", "端午节主题活动", "未提交的志愿服务"}),
        ({"year": 2025}, {"去年的集中学习"}),
        ({"date_from": "2025-12-31", "date_to": "2026-01-01"}, {"去年的集中学习", "元旦集中学习"}),
        ({"status": "draft"}, {"未提交的志愿服务"}),
        ({"highlight": "on"}, {"元旦集中学习"}),
        ({"q": "粽子"}, {"端午节主题活动"}),
        ({"kind": "event"}, {"端午节主题活动"}),
        ({"year": "not-a-year", "q": "端午"}, {"端午节主题活动"}),
    ],
)
def test_the_all_records_list_filters(client_as, records, params, expected):
    assert titles(client_as(Role.REVIEWER), reverse("records:list"), **params) == expected


@pytest.mark.parametrize("search", ["学" * 20_000, "a\x00b"])
def test_a_search_too_long_or_with_nul_is_ignored_and_shown_as_an_error(client_as, records, search):
    response = client_as(Role.REVIEWER).get(reverse("records:list"), {"q": search})
    assert response.context["form"].errors["q"]
    assert len(response.context["page"]) == len(records)


def test_a_kind_list_filters_by_its_own_type(client_as, records):
    make_record("study", title="党课：红色家风", study_type="party_class")
    url = reverse("records:kind_list", args=["study"])
    assert titles(client_as(Role.LEADER), url, type="party_class") == {"党课：红色家风"}


def test_filter_by_unit_and_theme(client_as, records):
    client = client_as(Role.SECRETARY)
    liutang = records["event"].unit.pk
    assert titles(client, reverse("records:list"), unit=liutang) == {"端午节主题活动"}
    theme = WorkTheme.objects.get(name="理论武装").pk
    assert titles(client, reverse("records:list"), theme=theme) == {"去年的集中学习", "元旦集中学习"}


def test_the_total_is_shown_and_pages_keep_the_filter(client_as, demo):
    for i in range(30):
        make_record("event", title=f"活动{i:02d}")
    response = client_as(Role.LEADER).get(reverse("records:list"), {"q": "活动"})
    content = response.content.decode()
    assert "共 30 条记录" in content
    assert "q=%E6%B4%BB%E5%8A%A8&amp;page=2" in content


# Every signed-in page's own (tests.queries.SIGNED_IN); a list adds: its years, the
# count, the page of records with unit, theme and author, their photos, and the units
# and themes of the filter's choices (2).
LIST_QUERIES = SIGNED_IN + 6


@pytest.mark.parametrize("kind", ["volunteer", "media"])
def test_a_kind_list_with_its_own_columns_costs_the_same_queries(client_as, demo, kind):
    url = reverse("records:kind_list", args=[kind])
    for _ in range(10):
        make_record(kind)
    client = client_as(Role.REVIEWER)
    few = queries(client, url)
    town = OrgUnit.objects.get(name="青溪镇")
    for i in range(40):
        # Media rows each with an outlet of their own: an unfetched outlet would cost a query a row.
        extra = {"outlet": outlet(town, name=f"媒体{i}")} if kind == "media" else {}
        make_record(kind, **extra)
    assert queries(client, url) == few


@pytest.mark.parametrize("url", [reverse("records:list"), reverse("records:kind_list", args=["volunteer"])])
def test_a_list_costs_the_same_queries_for_ten_or_five_hundred_records(client_as, demo, url):
    for _ in range(10):
        add_photo(make_record("volunteer"))
    client = client_as(Role.REVIEWER)
    assert queries(client, url) == LIST_QUERIES
    for _ in range(490):
        make_record("volunteer")
    assert queries(client, url) == LIST_QUERIES


def test_search_finds_a_speaker_a_place_and_a_team_from_every_list(client_as, demo):
    from datetime import date

    from tests.factories import make_record

    make_record("study", title="三月学习", on=date(2026, 3, 5), speaker="丁嘉欣")
    make_record("event", title="广场宣传", on=date(2026, 3, 6), place="文化广场")
    make_record("volunteer", title="助老服务", on=date(2026, 3, 7), team="石桥红马甲服务队", volunteers=3)
    client = client_as("reviewer")
    for text, title in (("丁嘉欣", "三月学习"), ("文化广场", "广场宣传"), ("红马甲", "助老服务")):
        listed = client.get("/records/", {"q": text}).context["page"]
        assert [record.title for record in listed] == [title], text


@pytest.mark.parametrize("kind", ["study", "event", "volunteer"])
def test_a_kind_list_joins_only_the_tables_it_shows(client_as, demo, kind):
    """Its rows come with their unit, theme and author, and a kind's own columns' foreign
    keys where it has some; select_related() with no names would follow every key there
    is (the theme's town, the brand, the campaign task, the reviewer…)."""
    make_record(kind)
    client = client_as(Role.REVIEWER)
    client.get(reverse("records:kind_list", args=[kind]))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("records:kind_list", args=[kind]))
    shown = [query["sql"] for query in captured if '"records_record"."title"' in query["sql"]]
    assert len(shown) == 1, shown
    rows = shown[0]
    joined = sorted(re.findall(r'JOIN "(\w+)"', rows))
    assert joined == ["portal_orgunit", "portal_user", "records_record", "records_worktheme"], joined
