"""The scoring pages: the reviewer sets the rules, the secretary issues the 通报 and
downloads it (read back against gongwen-format.md), leaders and liaisons see the scores."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from docx.shared import Mm

from portal.roles import Role
from scoring.models import Bulletin, Rules
from tests.scoring.test_scores import placement

pytestmark = pytest.mark.django_db
MONTH = reverse("scoring:month")


def test_the_reviewer_sets_a_new_version_of_the_rules_in_a_form(client_as, town):
    reviewer = client_as(Role.REVIEWER)
    page = reviewer.get(reverse("scoring:rules"))
    assert page.status_code == 200 and "points_city_news" in page.content.decode()
    data = {
        name: field.initial
        for name, field in page.context["form"].fields.items()
        if field.initial is not None
    }
    data.update({"effective_from": "2031-05", "points_city_news": "7", "issuer": "中共青溪镇委宣传办公室"})
    data = {key: ("on" if value is True else value) for key, value in data.items() if value is not False}
    saved = reviewer.post(reverse("scoring:rules"), data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    rules = Rules.objects.get(town=town)
    assert (
        rules.effective_from == date(2031, 5, 1)
        and rules.points.get(level="city", piece_type="news").points == 7
    )
    again = reviewer.post(
        reverse("scoring:rules"), data
    )  # the same month twice: a message, not an error page
    assert again.status_code == 200 and "已有一版" in again.content.decode()


def test_the_secretary_issues_the_bulletin_and_downloads_it_in_gongwen_format(client_as, town):
    placement("石桥村", "city", authors="张甲、李乙", is_front_page=True, title="石桥村头版稿")
    placement("柳塘村", "provincial", title="柳塘村稿件")
    secretary = client_as(Role.SECRETARY)
    live = secretary.get(MONTH, {"month": "2025-03"})
    assert "印发本月通报" in live.content.decode() and "石桥村头版稿" in live.content.decode()
    issued = secretary.post(f"{reverse('scoring:issue')}?month=2025-03")
    assert issued.status_code == 302
    bulletin = Bulletin.objects.get(town=town, year=2025, month=3)
    frozen = secretary.get(MONTH, {"month": "2025-03"}).content.decode()
    assert "已印发" in frozen and "下载通报" in frozen

    response = secretary.get(reverse("scoring:bulletin_file", args=[bulletin.pk, "docx"]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    section = document.sections[0]
    for length, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37)):
        assert abs(length - Mm(mm)) < Mm(0.1)  # A4, the 37 mm top margin (stored in twips)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    assert texts[0] == "关于2025年3月新闻宣传考核情况的通报"
    assert texts[1] == "各村（社区）、镇属各部门："
    assert "一、总体情况" in texts and "二、单位得分情况" in texts and "三、通讯员得分情况" in texts
    assert any("计分稿件2篇" in text and "市级1篇" in text and "省级1篇" in text for text in texts)
    assert "中共青溪镇委宣传办公室" in texts
    signed = bulletin.signed_on
    assert f"{signed.year}年{signed.month}月{signed.day}日" in texts
    units, people, annex = document.tables
    assert [cell.text for cell in units.rows[0].cells][:2] == ["名次", "单位"]
    assert [cell.text for cell in units.rows[1].cells][1:2] == ["石桥村"]  # 8 points, first
    assert {row.cells[1].text for row in people.rows[1:]} == {"张甲", "李乙"}
    assert len(annex.rows) == 3
    xml = document.element.xml  # body in 仿宋, title in 小标宋, headings in 黑体
    assert all(f'w:eastAsia="{font}"' in xml for font in ("仿宋_GB2312", "方正小标宋简体", "黑体"))

    response = secretary.get(reverse("scoring:bulletin_file", args=[bulletin.pk, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["单位得分", "通讯员得分", "稿件明细"]
    assert workbook["单位得分"]["B3"].value == "石桥村" and workbook["单位得分"]["J3"].value == 8


def test_the_current_month_cannot_be_issued_and_says_so(client_as):
    secretary = client_as(Role.SECRETARY)
    today = timezone.localdate()
    page = secretary.get(MONTH, {"month": f"{today:%Y-%m}"})
    assert "月底之后才能印发" in page.content.decode()
    refused = secretary.post(f"{reverse('scoring:issue')}?month={today:%Y-%m}", follow=True)
    assert refused.status_code == 200 and "尚未结束" in refused.content.decode()
    assert not Bulletin.objects.exists()


def test_who_may_do_what(client_as):
    reporter, leader = client_as(Role.REPORTER), client_as(Role.LEADER)
    assert reporter.get(MONTH).status_code == 403
    assert leader.get(MONTH).status_code == 200
    assert leader.get(reverse("scoring:rules")).status_code == 403
    assert leader.post(reverse("scoring:issue")).status_code == 403
    assert client_as(Role.SECRETARY).get(reverse("scoring:pieces")).status_code == 403


def test_the_reviewer_links_a_copy_and_gives_a_verdict(client_as, town):
    first = placement("石桥村", "city", title="石桥村：党建引领乡村振兴见实效")
    second = placement("石桥村", "provincial", title="石桥村党建引领乡村振兴见实效", on=date(2025, 3, 12))
    reviewer = client_as(Role.REVIEWER)
    page = reviewer.get(reverse("scoring:pieces"), {"month": "2025-03"}).content.decode()
    assert "确认为同一稿件" in page
    url = f"{reverse('scoring:pieces')}?month=2025-03"
    reviewer.post(url, {"action": "link", "copy": second.pk, "original": first.pk})
    second.refresh_from_db()
    assert second.original_id == first.pk
    reviewer.post(url, {"action": "verdict", "pk": first.pk, "verdict": "untrue"})
    first.refresh_from_db()
    assert first.verdict == "untrue"
    refused = reviewer.post(url, {"action": "verdict", "pk": first.pk, "verdict": "bogus"}, follow=True)
    assert "核查结论无效" in refused.content.decode()


def test_leaders_see_the_ranking_and_a_liaison_their_units_month(client_as, town):
    today = timezone.localdate()
    placement("石桥村", "city", on=today.replace(day=1), authors="李明")
    dashboard = client_as(Role.LEADER).get(reverse("dashboard:dashboard")).content.decode()
    assert 'data-testid="media-ranking"' in dashboard and "石桥村" in dashboard
    home = client_as(Role.REPORTER).get("/").content.decode()
    assert 'data-testid="media-score"' in home
    assert "石桥村本月计分稿件 1 篇，得分 4" in home and "还差 1 篇" in home
    assert "我今年署名计分稿件 1 篇、4 分" in home


def test_rules_out_of_range_are_refused_with_a_message_not_saved(client_as):
    reviewer = client_as(Role.REVIEWER)
    page = reviewer.get(reverse("scoring:rules"))
    data = {
        name: field.initial
        for name, field in page.context["form"].fields.items()
        if field.initial is not None
    }
    data = {key: ("on" if value is True else value) for key, value in data.items() if value is not False}
    for field, value in (("front_page_factor", "-3"), ("untrue_penalty", "-100"), ("repost_factor", "99999")):
        refused = reviewer.post(reverse("scoring:rules"), data | {"effective_from": "2031-05", field: value})
        assert refused.status_code == 200 and field in refused.context["form"].errors
    assert not Rules.objects.exists()


def test_a_link_naming_an_impossible_id_is_not_found(client_as, town):
    reviewer = client_as(Role.REVIEWER)
    url = f"{reverse('scoring:pieces')}?month=2025-03"
    for value in ("1" * 30, "-1", "x", ""):
        assert reviewer.post(url, {"action": "link", "copy": value, "original": value}).status_code == 404


def test_a_bulletin_issued_in_english_is_frozen_in_chinese(client_as, town):
    placement("石桥村", "city", authors="张甲")
    secretary = client_as(Role.SECRETARY)
    secretary.post(reverse("set_language"), {"language": "en"})
    try:
        issued = secretary.post(f"{reverse('scoring:issue')}?month=2025-03", follow=True)
        assert "Scoring bulletin" in issued.content.decode() or "frozen" in issued.content.decode()
    finally:  # the request left English active in this thread
        translation.activate(settings.LANGUAGE_CODE)
    entry = Bulletin.objects.get().entries.get()
    assert entry.level == "市级"
