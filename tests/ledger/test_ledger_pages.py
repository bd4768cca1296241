"""The ledger in the browser: upload, preview, confirm; export a list; the template."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Job
from portal.roles import Role
from records.models import Record
from tests.factories import make_record

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows: list[list], sheet: str = "宣传活动") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(["日期", "标题", "类型", "所属单位", "参与人数"])
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("2024台账.xlsx", stream.getvalue(), content_type=XLSX)


def test_upload_previews_and_confirm_imports(client_as):
    client = client_as(Role.REVIEWER)
    upload = workbook([["2024-03-05", "学雷锋主题宣传", "主题宣传", "石桥村", 120]])
    response = client.post(reverse("ledger:import"), {"workbook": upload})
    assert "确认导入" in response.content.decode()
    assert not Record.objects.exists()
    client.post(reverse("ledger:import_confirm"))
    record = Record.objects.get()
    assert (record.title, record.status, record.date) == (
        "学雷锋主题宣传",
        Record.Status.APPROVED,
        date(2024, 3, 5),
    )


def test_a_bad_workbook_lists_every_error_and_imports_nothing(client_as):
    client = client_as(Role.REVIEWER)
    upload = workbook(
        [["2024-03-05", "好的一行", "主题宣传", "石桥村", 1], ["某天", "坏的一行", "开会", "西村", "x"]]
    )
    content = client.post(reverse("ledger:import"), {"workbook": upload}).content.decode()
    assert (
        "宣传活动 第3行 “日期”" in content
        and "宣传活动 第3行 “类型”" in content
        and "宣传活动 第3行 “所属单位”" in content
    )
    assert "确认导入" not in content
    client.post(reverse("ledger:import_confirm"))
    assert not Record.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_politely(client_as):
    upload = SimpleUploadedFile("台账.xls", b"old binary excel")
    response = client_as(Role.REVIEWER).post(reverse("ledger:import"), {"workbook": upload})
    assert "请上传 .xlsx 格式" in response.content.decode()


def test_a_corrupt_xlsx_is_an_error_not_a_crash(client_as):
    upload = SimpleUploadedFile("台账.xlsx", b"PK\x03\x04 not really a zip")
    response = client_as(Role.REVIEWER).post(reverse("ledger:import"), {"workbook": upload})
    assert response.status_code == 200
    assert "无法读取“台账.xlsx”：不是有效的 Excel 工作簿" in response.content.decode()  # not the stored name


def test_a_list_exports_its_filter_as_a_workbook(client_as):
    make_record("event", title="端午活动", on=date(2026, 6, 19))
    make_record("event", title="中秋活动", on=date(2025, 9, 17))
    response = client_as(Role.LEADER).get(reverse("ledger:export"), {"year": 2026})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    titles = [row[2] for row in book["宣传活动"].iter_rows(min_row=3, values_only=True)]
    assert titles == ["端午活动"]


def test_a_large_export_goes_to_a_worker_and_is_downloaded_by_its_requester(
    client_as, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("ledger.views.EXPORT_INLINE_LIMIT", 1)
    make_record("event", on=date(2026, 6, 19))
    make_record("event", on=date(2026, 6, 20))
    client = client_as(Role.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("ledger:export"))
    job = Job.objects.get(kind="ledger_export")
    assert job.state == Job.State.DONE
    response = client.get(reverse("ledger:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert client_as(Role.SECRETARY).get(reverse("ledger:export_download", args=[job.pk])).status_code == 404


def test_the_template_downloads(client_as):
    response = client_as(Role.REPORTER).get(reverse("ledger:template"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"理论学习", "宣传活动", "志愿服务", "媒体刊发"} <= set(book.sheetnames)


def test_the_preview_shows_the_rows_it_will_create_by_their_row_number(client_as):
    rows = [
        ["2024-03-05", "学雷锋主题宣传", "主题宣传", "石桥村", 120],
        ["2024-04-04", "清明祭英烈", "主题宣传", "柳塘村", 80],
    ]
    content = (
        client_as(Role.REVIEWER).post(reverse("ledger:import"), {"workbook": workbook(rows)}).content.decode()
    )
    assert "将导入的记录" in content
    assert "第3行" in content and "清明祭英烈" in content and "柳塘村" in content
