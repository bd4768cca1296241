"""The brands and the year's campaign, kept by the reviewers and the secretary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import OrgUnit
from portal.roles import Role
from records.models import Brand, Campaign, CampaignTask
from tests.factories import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)


def test_a_brand_is_added_and_listed(client_as, town):
    client = client_as(Role.REVIEWER)
    response = client.post(
        reverse("records:brand_create"), {"name": "“青溪夜话”", "description": "每月一期", "is_active": "on"}
    )
    assert response.status_code == 302
    brand = Brand.objects.get(town=town, name="青溪夜话")  # the quotes the report adds are not stored
    page = client.get(reverse("records:series_list")).content.decode()
    assert "“青溪夜话”" in page and reverse("records:brand_edit", args=[brand.pk]) in page


def test_a_second_brand_of_the_same_name_is_refused(client_as, town):
    Brand.objects.create(town=town, name="青溪夜话")
    response = client_as(Role.SECRETARY).post(reverse("records:brand_create"), {"name": "青溪夜话"})
    assert response.status_code == 200
    assert "本镇已有名为“青溪夜话”的品牌。" in response.content.decode()


def test_a_campaign_keeps_its_tasks_in_the_order_typed(client_as, town):
    client = client_as(Role.SECRETARY)
    data = {
        "year": 2026,
        "name": "主题教育",
        "lead": "聚焦根本任务。",
        "tasks": "抓实学习研讨\n\n推动检视整改\n抓实学习研讨",
    }
    assert client.post(reverse("records:campaign_create"), data).status_code == 302
    campaign = Campaign.objects.get(town=town, year=2026)
    assert [task.name for task in campaign.tasks.all()] == ["抓实学习研讨", "推动检视整改"]

    edit = reverse("records:campaign_edit", args=[campaign.pk])
    assert client.post(edit, data | {"tasks": "推动检视整改\n抓实学习研讨\n建章立制"}).status_code == 302
    assert [task.name for task in campaign.tasks.all()] == ["推动检视整改", "抓实学习研讨", "建章立制"]


def test_a_task_with_records_cannot_be_dropped(client_as, town):
    campaign = Campaign.objects.create(town=town, year=2026, name="主题教育", lead="聚焦。")
    used = CampaignTask.objects.create(campaign=campaign, name="抓实学习研讨", order=1)
    make_record(campaign_task=used)
    response = client_as(Role.SECRETARY).post(
        reverse("records:campaign_edit", args=[campaign.pk]),
        {"name": "主题教育", "lead": "聚焦。", "tasks": "推动检视整改"},
    )
    assert response.status_code == 200
    assert "“抓实学习研讨”下已有 1 条记录" in response.content.decode()
    assert list(campaign.tasks.values_list("name", flat=True)) == ["抓实学习研讨"]


def test_a_second_campaign_for_a_year_is_refused(client_as, town):
    Campaign.objects.create(town=town, year=2026, name="主题教育", lead="聚焦。")
    response = client_as(Role.SECRETARY).post(
        reverse("records:campaign_create"), {"year": 2026, "name": "另一主线", "lead": "x", "tasks": "一项"}
    )
    assert "本镇2026年已有年度主线。" in response.content.decode()


def test_editing_last_years_campaign_keeps_its_year(client_as, town):
    campaign = Campaign.objects.create(town=town, year=2025, name="学习教育", lead="聚焦。")
    client = client_as(Role.SECRETARY)
    edit = reverse("records:campaign_edit", args=[campaign.pk])
    assert 'value="2025"' in client.get(edit).content.decode()
    response = client.post(edit, {"year": 2026, "name": "学习教育", "lead": "聚焦主线。", "tasks": "一项"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.year, campaign.lead) == (2025, "聚焦主线。")
