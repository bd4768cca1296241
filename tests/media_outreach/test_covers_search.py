"""The media form's 报道的活动: a search box served by a small JSON view, not a <select>.

A reviewer at a town of 100,000 records was sent 23,142 options (1.49 MB) with each
media form; now the page is the same size and costs the same queries at any number of
activities, and the search answers at most COVERS_SHOWN of the reviewer's own town.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from media_outreach.models import MediaPlacement
from media_outreach.views import COVERS_SHOWN
from portal.models import OrgUnit, User
from portal.roles import Role
from portal.services import unit_create
from records.models import Record, WorkTheme
from records.services import themes_ensure_defaults
from tests.factories import make_record, outlet
from tests.queries import queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SEARCH = reverse("media_outreach:covers_search")


def found(client, **params) -> list[str]:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return [row["label"] for row in response.json()["results"]]


def test_the_media_form_does_not_grow_with_the_activities(client_as):
    client = client_as(Role.REVIEWER)
    url = reverse("records:create", args=["media"])
    make_record("event", title="一场活动", on=TODAY)
    few_queries, few_bytes = queries(client, url), len(client.get(url).content)
    for i in range(150):
        make_record("event", title=f"活动{i}", on=TODAY - timedelta(days=i))
    many_bytes = len(client.get(url).content)
    assert queries(client, url) == few_queries
    # the same page but for the token and nonces: no option per activity
    assert abs(many_bytes - few_bytes) < 200
    assert "活动149" not in client.get(url).content.decode()


def test_the_search_finds_every_word_in_the_town_newest_first(client_as):
    make_record("event", title="石桥村文艺汇演", on=TODAY - timedelta(days=3))
    make_record("study", title="石桥村理论宣讲", on=TODAY - timedelta(days=1))
    make_record("event", title="新村文艺汇演", on=TODAY)
    client = client_as(Role.REVIEWER)
    assert found(client, q="文艺 汇演") == [
        f"{TODAY:%Y-%m-%d} 新村文艺汇演",
        f"{TODAY - timedelta(days=3):%Y-%m-%d} 石桥村文艺汇演",
    ]
    assert found(client, q="石桥 宣讲") == [f"{TODAY - timedelta(days=1):%Y-%m-%d} 石桥村理论宣讲"]
    assert found(client, q="没有的字") == []


def test_the_search_leaves_out_media_voided_old_and_other_towns_records(client_as, town):
    make_record("event", title="可报道的活动", on=TODAY)
    make_record("event", title="作废的活动", on=TODAY, status=Record.Status.VOID)
    make_record("event", title="两年前的活动", on=TODAY - timedelta(days=800))
    make_record("media", title="一篇活动报道", on=TODAY, outlet=outlet(town))
    other = OrgUnit.objects.add_root(create_kwargs={"name": "远山镇", "kind": OrgUnit.Kind.TOWN})
    themes_ensure_defaults(town=other)
    village = unit_create(parent=other, name="远山村", kind=OrgUnit.Kind.VILLAGE)
    stranger = User.objects.create_user("yuanshan", password="Other@2026x", name="远山", unit=village)
    make_record("event", title="远山镇的活动", unit=village, author=stranger, on=TODAY)
    assert found(client_as(Role.REVIEWER), q="活动") == [f"{TODAY:%Y-%m-%d} 可报道的活动"]


def test_a_placement_date_keeps_to_activities_up_to_a_week_after_it(client_as):
    make_record("event", title="早些的活动", on=TODAY - timedelta(days=60))
    make_record("event", title="更晚的活动", on=TODAY)
    placed = TODAY - timedelta(days=65)
    labels = found(client_as(Role.REVIEWER), q="活动", date=placed.isoformat())
    assert [label.split()[1] for label in labels] == ["早些的活动"]
    assert len(found(client_as(Role.REVIEWER), q="活动", date="2026-02-30")) == 2  # a bad date: no window


def test_an_empty_search_offers_the_latest_and_no_more_than_a_page(client_as):
    for i in range(COVERS_SHOWN + 5):
        make_record("event", title=f"活动{i:02d}", on=TODAY - timedelta(days=i))
    labels = found(client_as(Role.REVIEWER), q="")
    assert len(labels) == COVERS_SHOWN
    assert labels[0].endswith("活动00")


def test_only_those_who_log_records_may_search(client_as):
    assert client_as(Role.LEADER).get(SEARCH, {"q": "活动"}).status_code == 403
    assert client_as(Role.REPORTER).get(SEARCH, {"q": "活动"}).status_code == 200


def test_the_chosen_activity_is_saved_shown_and_a_foreign_one_refused(client_as, town):
    covered = make_record("event", title="农民丰收节", on=TODAY)
    data = {
        "outlet": outlet(town).pk,
        "title": "丰收节见闻",
        "date": TODAY.isoformat(),
        "unit": town.pk,
        "theme": WorkTheme.objects.get(name="新闻舆论").pk,
        "piece_type": "news",
        "covers": covered.pk,
    }
    client = client_as(Role.REVIEWER)
    response = client.post(reverse("records:create", args=["media"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    placement = MediaPlacement.objects.get()
    assert placement.covers_id == covered.pk
    page = client.get(reverse("records:edit", args=[placement.pk])).content.decode()
    assert f'name="covers" value="{covered.pk}"' in page
    assert f'value="{TODAY:%Y-%m-%d} 农民丰收节"' in page

    voided = make_record("event", title="作废的活动", on=TODAY, status=Record.Status.VOID)
    response = client.post(
        reverse("records:create", args=["media"]), data | {"covers": voided.pk, "title": "另一篇"}
    )
    assert response.status_code == 200
    assert "covers" in response.context["form"].errors
    assert MediaPlacement.objects.count() == 1


def test_a_bad_date_or_the_last_days_of_9999_are_no_window(client_as):
    make_record("event", title="一场活动", on=TODAY)
    for day in ("9999-12-30", "x", ""):
        assert found(client_as(Role.REVIEWER), q="活动", date=day) == [f"{TODAY:%Y-%m-%d} 一场活动"]


def test_a_link_to_an_activity_since_voided_is_not_kept_hidden_in_the_form(client_as, town):
    covered = make_record("event", title="后来作废的活动", on=TODAY)
    reviewer = User.objects.get(username="reviewer")
    fields = {"outlet": outlet(town), "covers": covered, "author": reviewer, "status": "draft"}
    placement = make_record("media", title="一篇报道", on=TODAY, **fields)
    Record.objects.filter(pk=covered.pk).update(status=Record.Status.VOID)
    page = client_as(Role.REVIEWER).get(reverse("records:edit", args=[placement.pk])).content.decode()
    assert 'name="covers" value=""' in page  # shown empty and sent empty: saving is not refused
