"""The streaming .xlsx writer (portal.xlsx) read back by openpyxl and by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from portal.xlsx import HEADER, TITLE, XlsxStream


def book(**options) -> bytes:
    stream = io.BytesIO()
    with XlsxStream(stream) as workbook:
        sheet = workbook.sheet("理论学习", widths=[6, 12, 40], freeze="B3", print_rows=2)
        sheet.row(["理论学习台账"], style=TITLE)
        sheet.row(["序号", "日期", "标题", "人数", "时长"], style=HEADER)
        sheet.row([1, date(2025, 3, 5), '中心组<学习>&研讨 "全会"', 15, Decimal("2.5")])
        sheet.row([2, None, "a\x00b\x1fc\n第二行", 0, 1.25])
        workbook.sheet("O'Neil's")  # a name to quote in the print titles
    return stream.getvalue()


def test_values_styles_and_layout_read_back():
    workbook = openpyxl.load_workbook(io.BytesIO(book()))
    assert workbook.sheetnames == ["理论学习", "O'Neil's"]
    sheet = workbook["理论学习"]
    assert sheet["A1"].value == "理论学习台账" and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert [cell.value for cell in sheet[2]] == ["序号", "日期", "标题", "人数", "时长"]
    assert sheet["C2"].font.b
    assert [cell.value for cell in sheet[3]][:4] == [1, datetime(2025, 3, 5), '中心组<学习>&研讨 "全会"', 15]
    assert sheet["B3"].number_format == "yyyy-mm-dd" and sheet["E3"].value == 2.5
    assert sheet["B4"].value is None and sheet["C4"].value == "abc\n第二行"  # XML cannot carry NUL
    assert sheet["D4"].value == 0
    assert sheet.freeze_panes == "B3" and sheet.column_dimensions["C"].width == 40
    assert sheet.print_title_rows == "$1:$2"
    assert (sheet.page_setup.orientation, int(sheet.page_setup.paperSize)) == ("landscape", 9)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_every_part_is_well_formed_xml():
    from xml.dom.minidom import parseString

    archive = zipfile.ZipFile(io.BytesIO(book()))
    for name in archive.namelist():
        parseString(archive.read(name))  # raises on anything malformed


def test_an_empty_workbook_still_has_a_sheet():
    stream = io.BytesIO()
    XlsxStream(stream).close()
    assert openpyxl.load_workbook(stream).sheetnames == ["Sheet1"]


def test_libreoffice_opens_it_and_reads_the_same_cells(tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    source = tmp_path / "book.xlsx"
    source.write_bytes(book())
    command = ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"]
    command += ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=180)
    lines = (tmp_path / "book.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("理论学习台账")
    assert lines[2].startswith('1,2025-03-05,"中心组<学习>&研讨 ""全会""",15,2.5')


def test_no_zip64_headers_and_names_excel_takes():
    """Excel repairs a file whose local headers say zip64 and whose directory does not."""
    stream = io.BytesIO()
    with XlsxStream(stream) as workbook:
        sheet = workbook.sheet("台账[2025]:*?/\\ " + "一二三四五六七八九十" * 3, print_rows=2)
        sheet.row(["a\ufffeb\ud800c\uffff"])
    archive = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    assert all(entry.extract_version < 45 for entry in archive.infolist())
    data = stream.getvalue()
    assert b"PK\x03\x04\x2d\x00" not in data  # no local header asking for zip64 (version 45)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    (name,) = workbook.sheetnames
    assert name == ("台账2025 " + "一二三四五六七八九十" * 3)[:31]
    assert workbook[name]["A1"].value == "abc"
    assert workbook[name].print_title_rows == "$1:$2"  # the defined name uses the same name
