"""A workbook that would take the preview's memory or time is refused before openpyxl reads it.

The probe's workbooks: a million rows without a <dimension> (725 KB), XML expanding
to about a gigabyte, millions of shared strings; each ran a request into the worker's
timeout or added hundreds of megabytes. A legitimate large ledger is previewed and
imported by a worker instead of in the request.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger import archive
from ledger.archive import UnsafeWorkbook, workbook_size
from ledger.jobs import UPLOADS
from portal.models import Job
from portal.roles import Role
from records.models import Record
from tests.ledger.test_ledger_pages import workbook

pytestmark = pytest.mark.django_db
SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def doctored(parts: dict[str, bytes]) -> bytes:
    """A real workbook (a header row in 宣传活动) with some of its parts replaced."""
    base = zipfile.ZipFile(io.BytesIO(workbook([]).read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for member in base.infolist():
            target.writestr(member.filename, parts.pop(member.filename, base.read(member)))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def rows_xml(rows: int) -> bytes:
    return HEAD + b"<row/>" * rows + TAIL


def upload(client, data: bytes):
    return client.post(reverse("ledger:import"), {"workbook": SimpleUploadedFile("大表.xlsx", data)})


def uploads_left() -> list[str]:
    return default_storage.listdir(UPLOADS)[1] if default_storage.exists(UPLOADS) else []


def test_a_million_rows_without_a_dimension_are_refused_at_once(client_as):
    data = doctored({SHEET: rows_xml(1_000_000)})
    assert len(data) < 725_000
    before = uploads_left()
    content = upload(client_as(Role.REVIEWER), data).content.decode()
    assert "“大表.xlsx”超过 200020 行" in content
    assert "确认导入" not in content
    assert uploads_left() == before  # nothing left on disk


def test_three_million_shared_strings_in_a_small_file_are_refused():
    strings = (
        HEAD.replace(b"worksheet", b"sst").replace(b"<sheetData>", b"") + b"<si><t>a</t></si>" * 3_000_000
    )
    data = doctored({"xl/sharedStrings.xml": strings + b"</sst>"})
    assert len(data) < 400_000
    with pytest.raises(UnsafeWorkbook, match="压缩比异常"):
        workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_000)


def test_shared_strings_are_counted_without_reading_them_into_memory(monkeypatch):
    monkeypatch.setattr(archive, "RATIO_FROM", 1 << 40)
    monkeypatch.setattr(archive, "MAX_SHARED_STRINGS", 10_000)
    strings = b'<sst xmlns="x">' + b"<si><t>a</t></si>" * 10_001 + b"</sst>"
    with pytest.raises(UnsafeWorkbook, match="文字条目超过 10000 条"):
        workbook_size(io.BytesIO(doctored({"xl/sharedStrings.xml": strings})), name="x.xlsx", max_rows=10)


def test_xml_expanding_far_beyond_its_file_is_refused(client_as, monkeypatch):
    """The probe's 287 KB → 1 GB, at a hundredth of the scale: the same ratio, bounds scaled."""
    monkeypatch.setattr(archive, "RATIO_FROM", 1024 * 1024)
    padding = (
        HEAD
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        + b" " * 10_000_000
        + b"</t></is></c></row>"
        + TAIL
    )
    content = upload(client_as(Role.REVIEWER), doctored({SHEET: padding})).content.decode()
    assert "压缩比异常" in content
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED", 5 * 1024 * 1024)
    monkeypatch.setattr(archive, "RATIO_FROM", 1 << 40)
    content = upload(client_as(Role.REVIEWER), doctored({SHEET: padding})).content.decode()
    assert "解压后超过 5 MB" in content


def test_a_legitimate_50000_row_ledger_is_within_the_bounds():
    cells = (
        '<c r="A{n}" t="inlineStr"><is><t>2024-03-05</t></is></c>'
        '<c r="B{n}" t="inlineStr"><is><t>第{n}场宣讲</t></is></c>'
    )
    rows = "".join(f'<row r="{n}">' + cells.format(n=n) + "</row>" for n in range(1, 50_002))
    sheet = HEAD + rows.encode() + TAIL
    size = workbook_size(io.BytesIO(doctored({SHEET: sheet})), name="x.xlsx", max_rows=200_020)
    assert size.rows == 50_001
    assert len(sheet) > 4 * archive.CHUNK and size.whole  # cells cut between chunks are counted once


def test_a_large_ledger_is_previewed_and_imported_by_a_worker(
    client_as, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("ledger.views.INLINE_ROWS", 3)  # tasks run in-process in the tests
    rows = [[f"2024-03-{day:02d}", f"后台导入第{day}场", "主题宣传", "石桥村", 10] for day in range(1, 6)]
    client = client_as(Role.REVIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ledger:import"), {"workbook": workbook(rows)})
    assert "正在后台预览" in response.content.decode()
    preview = client.get(reverse("ledger:import")).content.decode()  # what the page shows once it reloads
    assert "确认导入" in preview and '<td class="text-end">5</td>' in preview
    assert not Record.objects.filter(title__startswith="后台导入").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger:import_confirm"))
    assert Record.objects.filter(title__startswith="后台导入").count() == 5
    job = Job.objects.get(kind="ledger_import")
    assert job.result["imported"] == 5
    assert "已导入 5 条记录" in client.get(reverse("ledger:import")).content.decode()
    assert not default_storage.exists(job.params["file"])


def test_a_preview_that_finds_nothing_new_offers_no_confirm(client_as):
    rows = [["2024-03-05", "已有的活动", "主题宣传", "石桥村", 10]]
    client = client_as(Role.REVIEWER)
    client.post(reverse("ledger:import"), {"workbook": workbook(rows)})
    client.post(reverse("ledger:import_confirm"))
    content = client.post(reverse("ledger:import"), {"workbook": workbook(rows)}).content.decode()
    assert "没有可导入的内容" in content and "确认导入" not in content


def test_a_sheet_without_a_dimension_is_not_parsed_twice_to_find_out():
    """openpyxl looked for <dimension> until the end of <sheetData>; ledger.reading stops
    at its start: a sheet whose rows are broken past that point is not read to find out."""
    import io as _io

    from openpyxl.worksheet._reader import WorkSheetParser

    import ledger.reading  # noqa: F401  (applies the fix)

    namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    unsized = f'<worksheet xmlns="{namespace}"><sheetData><row r="1"><c r="A1"'.encode()  # cut off
    assert WorkSheetParser(_io.BytesIO(unsized), []).parse_dimensions() is None
    sized = f'<worksheet xmlns="{namespace}"><dimension ref="A1:C7"/><sheetData></sheetData></worksheet>'
    assert WorkSheetParser(_io.BytesIO(sized.encode()), []).parse_dimensions() == (1, 1, 3, 7)
