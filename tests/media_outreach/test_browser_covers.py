"""A reviewer on a phone links a placement to the activity it reports on by typing, not scrolling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from media_outreach.models import MediaPlacement
from portal.models import OrgUnit
from records.models import Record
from tests.conftest import screenshot, sign_in
from tests.factories import make_record, outlet

pytestmark = pytest.mark.browser


def test_type_choose_with_the_keyboard_save_and_see_it_kept(transactional_db, demo, open_page):
    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    paper = outlet(town)
    today = timezone.localdate()
    for i in range(30):
        make_record("event", title=f"广场舞展演第{i}场", on=today - timedelta(days=i + 2))
    wanted = make_record("event", title="农民丰收节文艺汇演", on=today - timedelta(days=1))
    page = open_page("phone")
    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/records/kind/media/new/")
    page.select_option("select[name=outlet]", str(paper.pk))
    page.fill("input[name=title]", "丰收节上的笑脸")
    box = page.locator("[data-search-input]")
    box.click()
    box.type("丰收 汇演", delay=40)
    # The box offered the latest activities on focus; the typed words narrow them to one.
    expect(page.locator("[role=listbox] [role=option]")).to_have_count(1)
    expect(page.locator("[role=listbox] [role=option]")).to_have_text(
        f"{wanted.date:%Y-%m-%d} 农民丰收节文艺汇演"
    )
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value().endswith("农民丰收节文艺汇演")
    screenshot(page, "media-covers-chosen")
    page.click("button[name=save]")
    page.wait_for_load_state()
    placement = MediaPlacement.objects.get(title="丰收节上的笑脸")
    assert placement.covers_id == wanted.pk
    page.goto(f"{page.base_url}/records/{placement.pk}/edit/")
    assert page.locator("[data-search-input]").input_value().endswith("农民丰收节文艺汇演")
    box = page.locator("[data-search-input]")
    box.click()
    box.fill("")  # emptied: the link goes
    box.type("不存在的活动", delay=20)
    page.wait_for_selector("[data-search-status]:has-text('没有标题含这些字的活动')")
    box.fill("")
    # Emptied, the box offers the latest activities again, as on focus; the list lies over
    # the form until it is closed (Escape, or a tap elsewhere), so close it before saving.
    expect(page.locator("[role=listbox] [role=option]").first).to_be_visible()
    box.press("Escape")
    expect(page.locator("[role=listbox]")).to_be_hidden()
    page.click("button[name=save]")
    page.wait_for_load_state()
    assert MediaPlacement.objects.get(pk=placement.pk).covers_id is None
    assert Record.objects.filter(pk=wanted.pk).exists()
    assert page.console_errors == []
