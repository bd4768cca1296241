"""Which reader has an uploaded workbook (ledger.workbooks), and that both read it alike.

calamine holds a sheet whole, from A1 to its furthest cell, and reads an error value as
an empty cell; the archive's pass (ledger.archive) gives it only the workbooks where
neither matters, and openpyxl, a row at a time, the rest.
"""

from __future__ import annotations

import io
import random
import re
import resource
import struct
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter
from openpyxl.chart import BarChart, Reference

from ledger import reading, workbooks
from ledger.archive import UnsafeWorkbook, workbook_size
from ledger.cells import text_of
from ledger.services import ledger_export, ledger_read, ledger_template
from ledger.workbooks import Workbook
from records.models import Record
from tests.factories import make_record

pytestmark = pytest.mark.django_db
SHEET = "xl/worksheets/sheet1.xml"


def read_by(reader: str, data: bytes, town, name: str = "台账.xlsx"):
    """ledger_read with `reader`: "calamine" where the archive's pass allows it, or "openpyxl"."""
    stream = io.BytesIO(data)
    stream.name = name
    with pytest.MonkeyPatch.context() as patch:
        if reader == "openpyxl":
            original = reading.Workbook
            patch.setattr(
                reading, "Workbook", lambda file, *, whole, **rest: original(file, whole=False, **rest)
            )
        return ledger_read(stream, town=town)


def whole(data: bytes) -> bool:
    return workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_020).whole


def saved(book) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def mixed() -> bytes:
    """A 宣传活动 sheet as people make them: a title above the headers, the table from
    column B, dates as dates and as text, figures with units, blank rows, a chart sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "宣传活动"
    sheet["B1"] = "2024年宣传活动台账"
    sheet.append([None, "日期", "标题", "类型", "所属单位", "参与人数", "亮点(是/否)", "内容摘要"])
    sheet.append([None, datetime(2024, 3, 5), "学雷锋主题宣传", "主题宣传", "石桥村", 120, "是", "  摘要 "])
    sheet.append([])
    sheet.append([None, "2024/3/6", "文明实践进村", "主题宣传", "石桥村", "80人", False, None])
    sheet.append([None, date(2024, 3, 7), "宣讲", "主题宣传", "石桥村", 30.0, "否", 12345678901])
    sheet.append([None, 45360, "数字日期", "主题宣传", "石桥村", "", None, "=不是公式"])
    chart = book.create_chartsheet("图表")
    bars = BarChart()
    bars.add_data(Reference(sheet, min_col=6, min_row=3, max_row=7))
    chart.add_chart(bars)
    return saved(book)


def doctored(data: bytes, parts: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename in parts and parts[member.filename] is None:
                continue
            target.writestr(member.filename, parts.get(member.filename) or source.read(member))
    return out.getvalue()


def added(data: bytes, name: str, content: bytes) -> bytes:
    stream = io.BytesIO(data)
    with zipfile.ZipFile(stream, "a") as archive:
        archive.writestr(name, content)
    return stream.getvalue()


def sheet_xml(cells: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    ).encode()


def header_row() -> str:
    names = ["日期", "标题", "类型", "所属单位", "参与人数"]
    cells = "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for letter, name in zip("ABCDE", names, strict=True)
    )
    return f'<row r="1">{cells}</row>'


def event_row(number: int, figure: str = '<c r="E{n}"><v>5</v></c>') -> str:
    texts = ["2024-03-05", f"第{number}场", "主题宣传", "石桥村"]
    cells = "".join(
        f'<c r="{letter}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for letter, text in zip("ABCD", texts, strict=True)
    )
    return f'<row r="{number}">{cells}{figure.format(n=number)}</row>'


def base() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "宣传活动"
    return saved(book)


def test_workbooks_as_excel_wps_xlsxwriter_and_the_portal_write_them_go_to_calamine(demo, town):
    assert whole(mixed())
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream)
    book.add_worksheet("宣传活动").write_row(0, 0, ["日期", "标题"])
    book.close()
    assert whole(stream.getvalue())
    make_record(kind="event", unit=town, status=Record.Status.APPROVED)
    exported = io.BytesIO()
    ledger_export(Record.objects.all(), exported)
    assert whole(exported.getvalue())
    template = io.BytesIO()
    ledger_template(template)
    assert whole(template.getvalue())


def test_both_readers_give_the_same_rows_and_the_same_plan(town):
    data = mixed()
    quick, streaming = Workbook(io.BytesIO(data), whole=True), Workbook(io.BytesIO(data), whole=False)
    assert quick.names == streaming.names == ["宣传活动", "图表"]
    for name in quick.names:
        a = [[text_of(value) for value in row] for row in quick.rows(name)]
        b = [[text_of(value) for value in row][1:] for row in streaming.rows(name)]  # calamine from column B
        assert [row for row in a if any(row)] == [row for row in b if any(row)]
        assert [i for i, row in enumerate(a) if any(row)] == [i for i, row in enumerate(b) if any(row)]
    plans = []
    for reader in ("calamine", "openpyxl"):
        plan = read_by(reader, data, town)
        plans.append(([(r.row, r.fields, r.unit) for r in plan.records], plan.errors, plan.warnings))
    assert plans[0] == plans[1]
    records, errors, _warnings = plans[0]
    assert errors == []
    assert [row for row, _fields, _unit in records] == [3, 5, 6, 7]  # as Excel numbers the rows
    assert records[1][1]["participants"] == 80 and records[0][1]["summary"] == "摘要"


@pytest.mark.parametrize(
    "cells, why",
    [
        (event_row(2) + '<row r="2000"><c r="XFD2000"><v>1</v></c></row>', "a cell far to the right"),
        (event_row(2) + '<row r="100000"><c r="A100000"><v>1</v></c></row>', "a cell far down"),
        (event_row(2, '<c s="0" r="E{n}"><v>5</v></c>'), "a cell naming its place second"),
        (event_row(2, "<c><v>5</v></c>"), "a cell without its place"),
        (event_row(2, '<x:c r="XFD{n}" xmlns:x="x"><v>5</v></x:c>'), "a prefixed cell"),
        (event_row(2, f'<{"p" * 40}:c r="XFD{{n}}"><v>5</v></{"p" * 40}:c>'), "a long prefix"),
        (event_row(2, "<c r='XFD{n}'><v>5</v></c>"), "single quotes"),
        (event_row(2, '<c r="E{n}" t="e"><v>#REF!</v></c>'), "an error value"),
        (event_row(2, '<c r="E{n}" r="XFD1048576"><v>5</v></c>'), "a place named twice"),
        (event_row(2, '<c r="E{n}" t="&#101;"><v>5</v></c>'), "a type by a character reference"),
    ],
)
def test_a_workbook_calamine_would_misread_or_hold_too_large_goes_to_openpyxl(town, cells, why):
    data = doctored(base(), {SHEET: sheet_xml(header_row() + cells)})
    assert not whole(data), why
    plan = read_by("calamine", data, town)  # read by openpyxl, as the archive's pass found
    assert [record.fields["title"] for record in plan.records] == ["第2场"] or plan.errors, why


def test_an_error_value_is_reported_as_the_cell_shows_it(town):
    data = doctored(
        base(), {SHEET: sheet_xml(header_row() + event_row(2, '<c r="E{n}" t="e"><v>#REF!</v></c>'))}
    )
    assert read_by("calamine", data, town).errors == ["宣传活动 第2行 “参与人数”：“#REF!”不是数字"]


def test_a_sheet_in_utf16_or_a_workbook_part_where_excel_does_not_put_it_goes_to_openpyxl():
    utf16 = sheet_xml(header_row()).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert not whole(doctored(base(), {SHEET: utf16.encode("utf-16")}))
    moved = base()
    with zipfile.ZipFile(io.BytesIO(moved)) as archive:
        assert "xl/workbook.xml" in archive.namelist()
    renamed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(moved)) as source, zipfile.ZipFile(renamed, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "[Content_Types].xml" or member.filename.endswith(".rels"):
                data = data.replace(b"xl/workbook.xml", b"xl/book.xml")
            target.writestr(re.sub(r"^xl/workbook\.xml$", "xl/book.xml", member.filename), data)
    assert not whole(renamed.getvalue())


def strings_xml(strings: list[str], *, before: str = "", table: str = "<sst") -> bytes:
    body = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{table} '
        f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{before}{body}</sst>'
    ).encode()


def shared_cells(numbers: list[int]) -> str:
    """One row of cells, each a shared string's number."""
    cells = "".join(
        f'<c r="{openpyxl.utils.get_column_letter(i + 1)}2" t="s"><v>{n}</v></c>'
        for i, n in enumerate(numbers)
    )
    return f'<row r="2">{cells}</row>'


def with_strings(strings: bytes, cells: str) -> bytes:
    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream)  # a shared strings table, as Excel writes one
    book.add_worksheet("宣传活动").write("A1", "日期")
    book.close()
    data = stream.getvalue()
    return doctored(data, {"xl/sharedStrings.xml": strings, SHEET: sheet_xml(header_row() + cells)})


def test_shared_strings_are_counted_as_often_as_cells_use_them():
    """calamine copies a shared string into every cell that uses it: a string of 1 MB
    in ten cells is 10 MB, in three hundred 300 MB, more than MAX_EXPANDED_TEXT."""
    big = "文" * (1024 * 1024 // 3)
    assert whole(with_strings(strings_xml(["短", big]), shared_cells([1] * 10 + [0] * 40)))
    assert not whole(with_strings(strings_xml(["短", big]), shared_cells([1] * 52) * 6))
    # A string's number past the table's end, or one of two values in a cell (calamine
    # takes the last), is not counted: the doubt goes to openpyxl.
    assert not whole(with_strings(strings_xml(["短"]), shared_cells([1])))
    two_values = '<row r="2"><c r="A2" t="s"><v>0</v><v>1</v></c></row>'
    assert not whole(with_strings(strings_xml(["短", big]), two_values))


@pytest.mark.parametrize(
    "before, table, why",
    [
        ("<!--<si/>-->", "<sst", "a comment would move every number after it by one"),
        ("<![CDATA[<si/>]]>", "<sst", "CDATA"),
        ("<?pi <si/> ?>", "<sst", "a processing instruction"),
        ('<x:si xmlns:x="x"><x:t>前</x:t></x:si>', "<sst", "a prefixed string"),
        ("", '<sst uniqueCount="1000000000"', "calamine reserves room for as many as the table says"),
        ("", '<sst x=">" uniqueCount="1000000000"', "a > in an attribute before the count"),
        ("", '<sst uniqueCount="0001000000000"', "a count in more digits than any table has"),
        ("", '<sst uniqueCount="18446744073709551615"', "a count calamine panics at"),
        ('<x b="<si/>"/>', "<sst", "a < in an attribute's value, read as text by calamine"),
        ("<si\x0c/>", "<sst", "a control character calamine reads as part of a name"),
    ],
)
def test_shared_strings_the_pass_cannot_follow_go_to_openpyxl_and_are_still_counted(before, table, why):
    data = with_strings(strings_xml(["甲", "乙"], before=before, table=table), shared_cells([0, 1]))
    size = workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_020)
    assert not size.whole, why
    assert size.shared_strings >= 2, why


def test_a_file_calamine_could_take_for_another_format_goes_to_openpyxl():
    """calamine guesses the format from the content, .xls first and OpenDocument last;
    zipfile finds an .xlsx after anything put before it."""
    data = doctored(base(), {SHEET: sheet_xml(header_row() + event_row(2))})
    assert whole(data)
    assert not whole(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + data)  # an .xls in front
    assert not whole(added(data, "content.xml", b"<office:document-content/>"))  # OpenDocument's
    assert not whole(added(data, "xl/workbook.bin", b"\0"))  # an .xlsb's


def test_cells_outside_the_usual_sheet_parts_go_to_openpyxl_and_their_rows_count():
    data = doctored(base(), {SHEET: sheet_xml(header_row() + event_row(2))})
    data = added(data, "xl/other/sheet9.xml", sheet_xml("".join(event_row(n) for n in range(2, 40))))
    size = workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_020)
    assert not size.whole and size.rows == 2 + 38


def test_a_part_declared_in_another_encoding_goes_to_openpyxl():
    declared = sheet_xml(header_row() + event_row(2)).replace(b'encoding="UTF-8"', b'encoding="windows-1252"')
    assert not whole(doctored(base(), {SHEET: declared}))


def test_a_damaged_sheet_is_one_error_from_either_reader(town):
    data = doctored(base(), {SHEET: sheet_xml(header_row() + event_row(2))[:-40]})  # its end cut off
    assert whole(data)
    for reader in ("calamine", "openpyxl"):
        errors = read_by(reader, data, town, name="坏的.xlsx").errors
        assert len(errors) == 1 and ("已损坏" in errors[0] or "不是有效的" in errors[0]), (reader, errors)


def test_a_sheet_whose_compressed_data_is_damaged_is_one_error_not_a_crash(town):
    """zlib's own error, not zipfile's: what a corrupted deflate stream raises."""
    data = doctored(base(), {SHEET: sheet_xml(header_row() + event_row(2))})
    member = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    damaged = data[:start] + b"\xff" * member.compress_size + data[start + member.compress_size :]
    for reader in ("calamine", "openpyxl"):
        errors = read_by(reader, damaged, town, name="坏的.xlsx").errors
        assert len(errors) == 1 and ("已损坏" in errors[0] or "不是有效的" in errors[0]), (reader, errors)


def far_cell() -> bytes:
    """A sheet with cells in A1 and XFD1048576: calamine's rectangle would be 549 GB."""
    cells = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    return doctored(base(), {SHEET: sheet_xml(cells)})


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_calamine_reads_in_a_child_whose_memory_is_bounded_and_openpyxl_takes_over_past_it():
    """Whatever the archive's pass lets through, calamine cannot take this process down:
    it reads in a child limited to CALAMINE_MEMORY, and a workbook past it (here one the
    pass would have sent to openpyxl anyway) is read by openpyxl."""
    usual = Workbook(io.BytesIO(mixed()), whole=True)
    assert usual._sheets is not None  # read by calamine, in the child
    before = peak_rss_mib()
    far = Workbook(io.BytesIO(far_cell()), whole=True)
    assert far._sheets is None and far._openpyxl is not None
    rows = list(far.rows("宣传活动"))
    assert rows[0][0] == 1 and rows[-1][-1] == 2 and len(rows) == 1048576
    assert peak_rss_mib() - before < 200  # the rows, not calamine's rectangle


def test_a_calamine_panic_or_a_slow_read_is_openpyxls_to_read():
    table = '<sst uniqueCount="18446744073709551615"'  # calamine reserves room for that many
    panicking = with_strings(strings_xml(["甲"], table=table), shared_cells([0]))
    assert Workbook(io.BytesIO(panicking), whole=True)._sheets is None
    slow = Workbook(io.BytesIO(mixed()), whole=True, seconds=0.000001)
    assert slow._sheets is None and slow.names == ["宣传活动", "图表"]


@pytest.mark.parametrize(
    "part, size",
    [
        ("xl/workbook.xml", 5 * 2**20),
        ("xl/styles.xml", 33 * 2**20),
        ("xl/_rels/workbook.xml.rels", 5 * 2**20),
    ],
)
def test_a_part_either_reader_takes_whole_is_refused_far_beyond_any_ledgers(part, size):
    """Millions of sheets in workbook.xml or of number formats in styles.xml took calamine
    past a gigabyte and openpyxl minutes, before the first row."""
    filler = random.Random(part).randbytes(size // 2).hex().encode()  # compresses as XML does, not as padding
    data = doctored(base(), {part: b"<!-- " + filler + b" -->"})
    with pytest.raises(UnsafeWorkbook, match="不像台账工作簿"):
        workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_020)


def test_two_archives_in_one_file_cost_no_more_than_either_reader_can_bear(town):
    """zipfile and calamine's zip reader can find different archives in one file (here the
    second's end record claims a comment running past the file's end): whatever calamine
    reads, it reads in its bounded child, and openpyxl then reads what the pass checked."""
    hidden = far_cell()
    shown = doctored(base(), {SHEET: sheet_xml(header_row() + event_row(2))})
    data = hidden + shown[:-2] + struct.pack("<H", 5)
    before = peak_rss_mib()
    plan = read_by("calamine", data, town)
    assert peak_rss_mib() - before < 200
    assert [record.fields["title"] for record in plan.records] == ["第2场"] or plan.errors


def test_a_row_of_more_cells_than_excel_has_columns_is_refused():
    """openpyxl holds a row whole: millions of cells written again and again at a few
    places, 6 MB compressed, took it past 4 GB."""
    cells = '<c r="A1" t="str"><v>x</v></c>' * 20_000
    data = doctored(base(), {SHEET: sheet_xml(f'<row r="1">{cells}</row>' + event_row(2))})
    with pytest.raises(UnsafeWorkbook, match="16384"):
        workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_020)
    wide = "".join(f'<c r="{openpyxl.utils.get_column_letter(i)}1"><v>1</v></c>' for i in range(1, 16_385))
    data = doctored(base(), {SHEET: sheet_xml(f'<row r="1">{wide}</row>' + event_row(2))})
    assert workbook_size(io.BytesIO(data), name="x.xlsx", max_rows=200_020).rows == 2  # as wide as Excel goes


def test_rows_past_what_this_process_takes_back_are_openpyxls_to_stream(monkeypatch):
    monkeypatch.setattr(workbooks, "CALAMINE_ROWS_BYTES", 100)
    book = Workbook(io.BytesIO(mixed()), whole=True)
    assert book._sheets is None and book.names == ["宣传活动", "图表"]
