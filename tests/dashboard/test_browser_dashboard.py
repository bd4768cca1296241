"""A leader reads the year on the dashboard, at desktop and phone widths, and drills down."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD
from tests.conftest import screenshot, sign_in
from tests.factories import make_record

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_leader_sees_cards_and_charts_and_a_card_opens_its_records(
    transactional_db, demo, open_page, viewport
):
    today = timezone.localdate()
    for i in range(3):
        make_record("volunteer", on=today.replace(day=1), title=f"志愿服务{i}")
    make_record("media", on=today.replace(day=1))
    page = open_page(viewport)
    sign_in(page, "leader", DEMO_PASSWORD)
    page.click(".role-card a:has-text('领导驾驶舱')")
    page.wait_for_selector("#chart-trend canvas")
    for chart in ("trend", "units", "levels", "channels"):
        assert page.locator(f"#chart-{chart} canvas").count() == 1, chart
    card = page.locator("[data-figure='volunteer.count']")
    assert card.locator("[data-value]").inner_text() == "3"
    screenshot(page, f"dashboard-leader-{viewport}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # A tooltip, which must draw without anything the Content-Security-Policy refuses.
    for chart in ("trend", "levels"):
        box = page.locator(f"#chart-{chart} canvas").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(400)
        screenshot(page, f"dashboard-tooltip-{chart}-{viewport}")
    assert page.console_errors == []
    card.click()
    page.wait_for_url("**/records/?*figure=volunteer.count*")
    assert "共 3 条记录" in page.content()
    assert page.console_errors == []
