"""The ledger import page, fuzzed with hostile uploads: never a server error.

Uploads are random bytes, real workbooks cut short, zip files of junk, and real .xlsx
workbooks built with openpyxl from the ledger layout's own sheets and columns, with
hostile cells: formulas, huge numbers, impossible dates, dates as text, 30,000
characters, NUL and other characters XML cannot hold. A preview without errors is
confirmed, so the rows also reach the database.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from functools import cache

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ledger.cells import labels, sheets
from portal.roles import Role
from records.sheets import THEME, UNIT, Cell, Column
from tests.fuzz.fuzzing import FUZZ, rolled_back
from tests.fuzz.strategies import ODD_TEXT, hostile_text

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# openpyxl refuses to write characters XML 1.0 cannot hold; they are put in afterwards.
NUL_MARK = "\ue000NUL\ue000"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Names a row gives for its unit and theme: the demo town's own, and others; and for a
# looked-up row (an outlet), names the town may or may not have yet.
NAMES = {UNIT: ["石桥村", "青溪镇", "柳塘村"], THEME: ["理论武装", "精神文明"]}
OTHER_NAMES = {UNIT: ["远山村", "新村", "某某社区"], THEME: ["不存在的板块"]}


def _lookup_names() -> None:
    for sheet in sheets().values():
        for lookup in sheet.lookups:
            NAMES.setdefault(lookup.name, ["江川日报", "远山报"])
            OTHER_NAMES.setdefault(lookup.name, ["新媒体号", "远山报"])


FORMULAS = [
    "=1+1",
    "=A1/0",
    '=HYPERLINK("http://evil.example","x")',
    "=SUM(A:A)",
    '=cmd|" /C calc"!A0',
    "@A1",
]


@cache
def _cell(column: Column) -> st.SearchStrategy:
    """A cell of the column: twice as often one it would accept as a hostile one."""
    others = st.sampled_from(OTHER_NAMES[column.target]) if column.target in OTHER_NAMES else st.nothing()
    return st.one_of(_valid_cell(column), _valid_cell(column), _hostile_cell(), others).map(_writable)


@cache
def _valid_cell(column: Column) -> st.SearchStrategy:
    today = timezone.localdate()
    if column.target in NAMES:
        return st.sampled_from(NAMES[column.target])
    if column.type is Cell.DATE:
        day = st.dates(date(2000, 1, 1), today)
        return st.one_of(day, day.map(date.isoformat), day.map(lambda d: f"{d.year}年{d.month}月{d.day}日"))
    if column.type is Cell.CHOICE:
        return st.sampled_from(list(labels(column.choices).values()))
    if column.type is Cell.INT:
        return st.integers(0, 500)
    if column.type is Cell.DECIMAL:
        return st.decimals(0, 500, places=1).map(float)
    if column.type is Cell.BOOL:
        return st.sampled_from(["是", "否", None])
    if column.type is Cell.URL:
        return st.sampled_from(["https://www.example.cn/a.html", "example.cn/b", None])
    return st.text(st.characters(exclude_categories=["C"]), min_size=1, max_size=20)


def _hostile_cell() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(FORMULAS),
        st.sampled_from(
            [10**30, -(10**30), 2**31, 2**63, -1, 1e308, -1e308, float("inf"), float("nan"), 0.5]
        ),
        st.sampled_from(["2024-02-30", "2024/13/01", "0000-00-00", "99999999", "12:30", "昨天"]),
        st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
        st.dates(date(1900, 3, 1)),
        st.sampled_from([time(12, 30), True, False, "", " ", "\u3000"]),
        st.sampled_from([NUL_MARK, f"a{NUL_MARK}b", "x" * 30_000]),
        hostile_text(200),
        st.sampled_from(ODD_TEXT),
    )


def _writable(value: object) -> object:
    """The value as openpyxl will write it, characters XML cannot hold marked for later."""
    return NOT_XML.sub(NUL_MARK, value) if isinstance(value, str) else value


@st.composite
def ledger_workbook(draw) -> bytes:
    """An .xlsx of some of the ledger's sheets: headers right (mostly), rows part hostile."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _lookup_names()
    codes = draw(st.lists(st.sampled_from(list(sheets())), min_size=1, max_size=3, unique=True))
    # One workbook in three is clean, so that some pass the preview and are imported.
    cell = _valid_cell if draw(st.integers(0, 2)) == 0 else _cell
    for code in codes:
        sheet = sheets()[code]
        columns = list(sheet.columns)
        if draw(st.booleans()):
            columns = draw(st.permutations(columns))
        dropped = draw(st.sets(st.sampled_from(columns), max_size=1)) if draw(st.integers(0, 3)) == 0 else ()
        columns = [column for column in columns if column not in dropped]
        worksheet = book.create_sheet(
            draw(st.sampled_from([sheet.name, sheet.name, f" {sheet.name} ", "Sheet1"]))
        )
        worksheet.append(
            [column.header for column in columns] + draw(st.lists(st.sampled_from(FORMULAS), max_size=1))
        )
        for _row in range(draw(st.integers(0, 4))):
            worksheet.append([draw(cell(column)) for column in columns])
    stream = io.BytesIO()
    book.save(stream)
    return _with_marks_replaced(
        stream.getvalue(), draw(st.sampled_from([b"\x00", b"&#0;", b"&#1;", b"_x0000_"]))
    )


def _with_marks_replaced(data: bytes, raw: bytes) -> bytes:
    """The workbook with each NUL mark turned into `raw` inside its XML parts."""
    mark = NUL_MARK.encode()
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item).replace(mark, raw))
    return out.getvalue()


@st.composite
def junk_zip(draw) -> bytes:
    """A zip holding what an .xlsx holds by name, with junk inside."""
    out = io.BytesIO()
    names = ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=4)):
            target.writestr(name, draw(st.binary(max_size=200)))
    return out.getvalue()


def truncated(data: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """The data cut short anywhere, as an interrupted upload or copy leaves it."""
    return st.tuples(data, st.floats(0, 1)).map(lambda pair: pair[0][: int(len(pair[0]) * pair[1])])


UPLOADS = st.one_of(
    ledger_workbook(),
    ledger_workbook(),
    ledger_workbook(),
    truncated(ledger_workbook()),
    junk_zip(),
    st.binary(max_size=2000),
    st.just(b""),
)
FILE_NAMES = st.sampled_from(
    [
        "台账.xlsx",
        "台账.xlsx",
        "台账.xlsx",
        "LEDGER.XLSX",
        "台账.xls",
        "台账",
        ".xlsx",
        "a\u202exslx.exe",
        "../../x.xlsx",
    ]
)


def test_ledger_import(world):
    """Upload, preview, and confirm when the preview found no errors."""
    client = world.client(Role.REVIEWER)
    upload_url, confirm_url = reverse("ledger:import"), reverse("ledger:import_confirm")
    outcomes = {"rejected": 0, "refused": 0, "errors": 0, "imported": 0, "rows imported": 0}

    @FUZZ
    @given(data=UPLOADS, name=FILE_NAMES, create_units=st.sampled_from(["on", ""]))
    def run(data: bytes, name: str, create_units: str) -> None:
        with rolled_back():
            session = client()
            upload = SimpleUploadedFile(name, data, content_type=XLSX)
            response = session.post(upload_url, {"workbook": upload, "create_units": create_units})
            assert response.status_code < 500
            plan = response.context["plan"] if response.status_code == 200 else None
            if response.status_code != 200:
                outcomes["rejected"] += 1  # a malformed request (400)
            elif plan is None:
                outcomes["refused"] += 1  # by the form: not .xlsx, empty, too large
            elif not plan.ok:
                outcomes["errors"] += 1  # read, with every bad cell listed
            else:
                outcomes["imported"] += 1
                outcomes["rows imported"] += plan.new
                assert session.post(confirm_url, follow=True).status_code < 500

    run()
    print(f"\nledger import: {outcomes}")
