"""A liaison withdraws a record to fix it; a reviewer voids a duplicate; both at phone width."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD
from records.models import Record
from tests.conftest import screenshot, sign_in
from tests.factories import make_record

pytestmark = pytest.mark.browser


def test_a_withdrawal_and_a_voided_duplicate(transactional_db, demo, open_page):
    day = timezone.localdate().replace(day=1)
    waiting = make_record("event", title="石桥村端午节主题宣传", on=day, status=Record.Status.SUBMITTED)
    make_record("event", title="石桥村重阳节敬老宣传", on=day, status=Record.Status.APPROVED)
    duplicate = make_record("event", title="石桥村重阳节敬老宣传", on=day, status=Record.Status.APPROVED)
    page = open_page("phone")
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, "reporter", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/records/{waiting.pk}/")
    page.click("button:has-text('撤回')")
    page.wait_for_selector(".status-draft")
    assert page.locator(".record-actions a:has-text('修改')").is_visible()
    screenshot(page, "withdrawn-record-phone")
    page.context.clear_cookies()

    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/records/{duplicate.pk}/")
    page.click("summary:has-text('作废这条记录')")
    page.fill("#id_void_reason", "与同日另一条重复登记")
    page.click(".void-form button:has-text('作废')")
    page.wait_for_selector(".status-void")
    assert "与同日另一条重复登记" in page.content()
    screenshot(page, "voided-record-phone")
    page.goto(f"{page.base_url}/records/kind/event/")
    assert page.locator(".record-list a:has-text('石桥村重阳节敬老宣传')").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == []
    assert Record.objects.get(pk=waiting.pk).status == Record.Status.DRAFT
    assert Record.objects.get(pk=duplicate.pk).status == Record.Status.VOID
