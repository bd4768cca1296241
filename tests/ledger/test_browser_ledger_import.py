"""A reviewer imports an old ledger: upload, read the preview, fix, confirm."""

from __future__ import annotations

import openpyxl
import pytest

from demo.accounts import DEMO_PASSWORD
from records.models import Record
from tests.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def save(path, rows) -> None:
    book = openpyxl.Workbook()
    book.active.title = "志愿服务"
    book.active.append(["服务类别", "日期", "标题", "所属单位", "志愿者人数", "服务时长(小时)"])
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_preview_errors_then_a_clean_import(transactional_db, demo, open_page, tmp_path):
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    save(bad, [["关爱帮扶", "2024年3月5日", "学雷锋关爱行动", "石桥村", "12", "三小时"]])
    save(good, [["关爱帮扶", "2024年3月5日", "学雷锋关爱行动", "石桥村", "12", "36"]])
    page = open_page("desktop")
    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/records/ledger/import/")

    page.set_input_files("input[name=workbook]", str(bad))
    page.click("button:has-text('上传并预览')")
    assert "志愿服务 第2行 “服务时长(小时)”" in page.locator(".ledger-errors").inner_text()
    assert page.locator("button:has-text('确认导入')").count() == 0
    screenshot(page, "ledger-import-errors-desktop")

    page.set_input_files("input[name=workbook]", str(good))
    page.click("button:has-text('上传并预览')")
    page.click("button:has-text('确认导入')")
    page.wait_for_selector(".alert-success")
    assert Record.objects.get().title == "学雷锋关爱行动"
    assert page.console_errors == []
