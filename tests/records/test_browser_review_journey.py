"""A liaison logs a volunteer activity on a phone; it is returned, fixed, approved."""

from __future__ import annotations

import pytest

from demo.accounts import DEMO_PASSWORD
from records.models import Record
from tests.conftest import screenshot, sign_in
from tests.factories import jpeg_upload

pytestmark = pytest.mark.browser


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_log_return_fix_resubmit_approve_at_phone_width(transactional_db, demo, open_page, tmp_path):
    photo = tmp_path / "event.jpg"
    photo.write_bytes(jpeg_upload(size=(1200, 900)).read())
    page = open_page("phone")

    # The liaison logs the activity at the event, with a photo, and submits it.
    sign_in(page, "reporter", DEMO_PASSWORD)
    page.click(".role-card a:has-text('登记志愿服务')")
    page.select_option("select[name=service_type]", "care")
    page.fill("input[name=title]", "石桥村开展关爱留守儿童志愿服务")
    page.fill("input[name=volunteers]", "12")
    page.fill("input[name=service_hours]", "36")
    page.set_input_files("input[data-photo-input][multiple]", str(photo))
    page.wait_for_selector("[data-photo-previews] img")
    screenshot(page, "journey-1-reporter-form-phone")
    page.click("button[name=submit]")
    page.wait_for_selector(".alert-success")
    assert page.locator(".status-submitted").is_visible()
    assert page.locator(".record-photos img").count() == 1
    record_url = page.url
    sign_out(page)

    # The reviewer returns it with a reason.
    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.click(".role-card a:has-text('待审核')")
    page.click("a:has-text('石桥村开展关爱留守儿童志愿服务')")
    page.fill("textarea[name=reason]", "请补充受益人数和服务地点。")
    page.click("button:has-text('退回修改')")
    page.wait_for_selector(".status-returned")
    sign_out(page)

    # The liaison sees why, fixes it and submits again.
    sign_in(page, "reporter", DEMO_PASSWORD)
    assert "请补充受益人数和服务地点" in page.locator(".returned-records").inner_text()
    page.click(".returned-records a")
    page.fill("input[name=beneficiaries]", "40")
    page.fill("input[name=place]", "石桥村文化礼堂")
    page.click("button[name=submit]")
    page.wait_for_selector(".status-submitted")
    sign_out(page)

    # The reviewer approves it from the queue, and the record shows its history.
    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.click(".role-card a:has-text('待审核')")
    page.check("input[name=record]")
    page.click("button:has-text('批量通过')")
    page.wait_for_selector(".alert-success")
    page.goto(record_url)
    assert page.locator(".status-approved").is_visible()
    history = page.locator(".record-history").inner_text()
    assert "已退回" in history and "已通过" in history
    screenshot(page, "journey-2-approved-record-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == []
    assert Record.objects.get().status == Record.Status.APPROVED
