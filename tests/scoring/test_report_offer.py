"""The year's 新闻宣传考核 as an offer in the report editor, in the section of the media."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.roles import Role
from reports.models import ReportDraft
from tests.scoring.test_scores import placement

pytestmark = pytest.mark.django_db


def test_the_media_section_offers_the_years_scores_to_insert(client_as, town):
    cache.clear()
    placement("石桥村", "provincial", on=date(2025, 3, 3), authors="张甲")
    placement("柳塘村", "city", on=date(2025, 4, 3))
    secretary = client_as(Role.SECRETARY)
    secretary.post(reverse("reports:home"), {"year": 2025})
    draft = ReportDraft.objects.get(year=2025)
    page = secretary.get(reverse("reports:draft", args=[draft.pk]))
    offers = [offer for rows in page.context["material"].values() for offer in rows if offer.tag == "考核"]
    assert len(offers) == 1
    assert offers[0].text == (
        "全镇坚持新闻宣传月度考核通报，全年计分稿件2篇，石桥村（6分）、柳塘村（4分）得分位列前2；"
        "石桥村张甲全年署名计分稿件1篇，居通讯员首位。"
    )
    media_theme = placement("石桥村", "city").theme_id
    section = draft.sections.get(theme_id=media_theme)
    assert offers[0] in page.context["material"][section.pk]
