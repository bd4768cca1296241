"""The scoring journey in a browser: the reviewer sets the rules on a desktop, a leader
reads the month's ranking on a phone, the secretary issues the 通报 and downloads it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from scoring.models import Bulletin, Rules
from tests.conftest import screenshot, sign_in
from tests.scoring.test_scores import placement

pytestmark = pytest.mark.browser


def test_rules_set_ranking_read_on_a_phone_bulletin_issued_and_downloaded(transactional_db, demo, open_page):
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    month = f"{last_month:%Y-%m}"
    placement("石桥村", "city", on=last_month, authors="张甲、李乙", title="石桥村：稻田里的理论课")
    placement("柳塘村", "provincial", on=last_month, title="柳塘村：文明新风进万家")

    reviewer = open_page("desktop")
    sign_in(reviewer, "reviewer", DEMO_PASSWORD)
    reviewer.goto(f"{reviewer.base_url}/scoring/rules/")
    reviewer.fill("input[name=effective_from]", month)
    reviewer.fill("input[name=points_city_news]", "5")
    reviewer.fill("input[name=points_provincial_news]", "8")
    screenshot(reviewer, "scoring-rules")
    reviewer.click("button[type=submit]:has-text('保存为新的一版')")
    expect(reviewer.locator(".alert-success")).to_contain_text("已保存考核办法")
    assert Rules.objects.get().points.get(level="city", piece_type="news").points == 5

    leader = open_page("phone")
    sign_in(leader, "leader", DEMO_PASSWORD)
    leader.goto(f"{leader.base_url}/scoring/?month={month}")
    ranking = leader.locator("[data-testid=unit-ranking] tbody tr")
    expect(ranking.first).to_contain_text("柳塘村")  # 8 points, then 石桥村's 5
    expect(ranking.nth(1)).to_contain_text("石桥村")
    assert leader.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    screenshot(leader, "scoring-month-phone")
    assert leader.console_errors == []

    secretary = open_page("desktop")
    sign_in(secretary, "secretary", DEMO_PASSWORD)
    secretary.goto(f"{secretary.base_url}/scoring/?month={month}")
    secretary.on("dialog", lambda dialog: dialog.accept())
    secretary.click("button:has-text('印发本月通报')")
    expect(secretary.locator(".alert-success").first).to_contain_text("得分已冻结")
    with secretary.expect_download() as download:
        secretary.click("a:has-text('下载通报（Word）')")
    document = Document(str(download.value.path()))
    assert document.paragraphs[0].text == f"关于{last_month.year}年{last_month.month}月新闻宣传考核情况的通报"
    assert Bulletin.objects.get().lines.filter(name="柳塘村", rank=1).exists()
    screenshot(secretary, "scoring-month-issued")
