"""The secretary's journeys: edit a section with figure chips, build and download; and at
phone width, a liaison's 素材 going from their form to the secretary's draft and the .docx."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from docx import Document

from demo.accounts import DEMO_PASSWORD
from reports.models import MaterialCall
from tests.conftest import screenshot, sign_in
from tests.factories import make_record

pytestmark = pytest.mark.browser
YEAR = timezone.localdate().year - 1


def _docx_text(page, tmp_path) -> str:
    page.click("button:has-text('生成 Word 文件')")
    page.wait_for_selector("[data-build-download]")
    with page.expect_download() as download:
        page.click("[data-build-download]")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    return "\n".join(paragraph.text.replace("\n", "") for paragraph in Document(path).paragraphs)


def _open_draft(page, year: int) -> None:
    page.click(".role-card a:has-text('年度总结')")
    page.select_option("select[name=year]", str(year))
    page.click("button:has-text('打开或生成草稿')")
    page.wait_for_selector(".report-section .chip-editor")


def test_compile_edit_with_chips_build_download(transactional_db, demo, open_page, tmp_path):
    for day in (3, 10):
        make_record(
            "study",
            study_type="central_group",
            participants=12,
            expected_attendance=12,
            on=date(YEAR, 5, day),
            unit="青溪镇",
        )
    page = open_page("desktop")
    sign_in(page, "secretary", DEMO_PASSWORD)
    _open_draft(page, YEAR)

    editor = page.locator(".report-section .chip-editor").first
    assert editor.locator(".figure-chip").count() >= 1  # the generated figures show as chips
    assert "【" in editor.inner_text() and "{" not in editor.inner_text()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("全镇坚持周一夜学制度，全年集中学习")
    page.click("[data-insert-placeholder='study.type.central_group']")
    page.keyboard.type("次，学习成效明显。")
    assert "【理论学习·中心组学习：2次】" in editor.inner_text()
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector(".alert-success")
    screenshot(page, "report-draft-desktop")

    text = _docx_text(page, tmp_path)
    assert "全镇坚持周一夜学制度，全年集中学习2次，学习成效明显。" in text
    assert "青溪镇关于宣传思想文化" in text and "工作计划" in text
    assert page.console_errors == []


def test_a_liaisons_material_reaches_the_report_at_phone_width(transactional_db, demo, open_page, tmp_path):
    make_record("volunteer", title="石桥村开展关爱独居老人志愿服务", service_type="care", on=date(YEAR, 6, 1))
    MaterialCall.objects.create(
        town=demo["secretary"].town, year=YEAR, deadline=timezone.localdate(), opened_by=demo["secretary"]
    )
    liaison = open_page("phone")
    sign_in(liaison, "reporter", DEMO_PASSWORD)
    liaison.click(".role-card a:has-text('年终素材')")
    liaison.fill("textarea[name=text_1]", "石桥村组织党员志愿者结对帮扶独居老人，全年上门服务百余次。")
    liaison.select_option("select[name=theme_1]", label="精神文明")
    liaison.click("button:has-text('报送素材')")
    liaison.wait_for_selector(".alert-success")
    screenshot(liaison, "material-submitted-phone")

    secretary = open_page("phone")
    sign_in(secretary, "secretary", DEMO_PASSWORD)
    secretary.goto(f"{secretary.base_url}/reports/materials/{YEAR}/")
    secretary.click(".material-unit button:has-text('采用')")
    secretary.wait_for_selector(".badge:has-text('已采用')")
    secretary.goto(f"{secretary.base_url}/reports/")
    secretary.select_option("select[name=year]", str(YEAR))
    secretary.click("button:has-text('打开或生成草稿')")
    section = secretary.locator(".report-section:has(input[value^='深化文明实践'])").first
    section.locator(".material-panel summary").click()
    section.locator("li", has_text="结对帮扶独居老人").locator("[data-insert-text]").click()
    assert "结对帮扶独居老人" in section.locator(".chip-editor").inner_text()
    secretary.click("button:has-text('保存草稿')")
    secretary.wait_for_selector(".alert-success")
    screenshot(secretary, "material-inserted-phone")
    assert "石桥村组织党员志愿者结对帮扶独居老人，全年上门服务百余次。" in _docx_text(secretary, tmp_path)
    assert liaison.console_errors == [] and secretary.console_errors == []
