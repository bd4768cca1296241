"""The secretary compiles a draft, edits a section, builds and downloads the report."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from demo.accounts import DEMO_PASSWORD
from tests.conftest import screenshot, sign_in
from tests.factories import make_record

pytestmark = pytest.mark.browser


def test_compile_edit_build_download(transactional_db, demo, open_page, tmp_path):
    for day in (3, 10):
        make_record(
            "study",
            study_type="central_group",
            participants=12,
            expected_attendance=12,
            on=date(2025, 5, day),
            unit="青溪镇",
        )
    page = open_page("desktop")
    sign_in(page, "secretary", DEMO_PASSWORD)
    page.click(".role-card a:has-text('年度总结')")
    page.select_option("select[name=year]", "2025")
    page.click("button:has-text('打开或生成草稿')")
    page.wait_for_selector(".report-section")

    first = page.locator("textarea[name='sections-0-text']")
    assert "{study.count}" in first.input_value()
    first.fill("全镇坚持周一夜学制度，全年集中学习")
    first.press("End")
    page.click("[data-insert-placeholder='study.type.central_group']")
    first.type("次，学习成效明显。")
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector(".alert-success")
    screenshot(page, "report-draft-desktop")

    page.click("button:has-text('生成 Word 文件')")
    page.wait_for_selector("[data-build-download]")
    with page.expect_download() as download:
        page.click("[data-build-download]")
    path = tmp_path / "report.docx"
    download.value.save_as(path)
    text = "\n".join(paragraph.text for paragraph in Document(path).paragraphs)
    assert "全镇坚持周一夜学制度，全年集中学习2次，学习成效明显。" in text
    assert "青溪镇关于宣传思想文化2025年工作总结及2026年工作计划" in text
    assert page.console_errors == []
