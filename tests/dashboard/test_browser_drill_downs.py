"""A leader clicks every card of the dashboard: each list says what it backs, and adds up to it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD
from tests.conftest import screenshot, sign_in
from tests.factories import make_record

pytestmark = pytest.mark.browser


def test_every_card_opens_a_list_that_adds_up_to_it(transactional_db, demo, open_page):
    day = timezone.localdate().replace(day=1)
    for i in range(3):
        make_record("volunteer", on=day, title=f"志愿服务{i}", volunteers=4, service_hours=10)
    make_record("study", on=day, study_type="central_group", unit="青溪镇", title="中心组学习")
    make_record("media", on=day)
    page = open_page("phone")
    sign_in(page, "leader", DEMO_PASSWORD)
    page.click(".role-card a:has-text('领导驾驶舱')")
    page.wait_for_selector("#chart-trend canvas")
    dashboard = page.url
    cards = page.locator("a.kpi-card[data-figure]")
    codes = [cards.nth(i).get_attribute("data-figure") for i in range(cards.count())]
    assert len(codes) >= 8
    for code in codes:
        card = page.locator(f"a.kpi-card[data-figure='{code}']")
        value = card.locator("[data-value]").inner_text()
        card.click()
        page.wait_for_selector(".figure-banner")
        shown = page.locator("[data-figure-value]").get_attribute("data-figure-value")
        assert float(shown) == float(value), (code, shown, value)
        if code in ("volunteer.count", "study.count", "media.published"):
            total = int(re.search(r"共 (\d+) 条记录", page.content()).group(1))
            assert total == int(value), code
        if code == "volunteer.hours":
            screenshot(page, "drill-down-volunteer-hours-phone")
            parts = page.locator(".figure-part").all_inner_texts()
            assert sum(float(part.split()[-1]) for part in parts) == float(value)
        page.goto(dashboard)
    assert page.console_errors == []
