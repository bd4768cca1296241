"""A streaming .xlsx writer for large exports: rows go to the zip as XML as they come.

openpyxl's write-only mode and XlsxWriter's constant-memory mode spend several
microseconds of Python on each cell; a 100,000-record ledger is 1.4 million cells, so
both took 8–14 s where reading the same rows from PostgreSQL takes a fraction of a
second. This writes each row as one string of SpreadsheetML and streams it into the
zip, so memory stays flat and the time is the XML's.

It writes what the exports need and no more: text (inline strings), numbers, dates
(a yyyy-mm-dd format), a bold title and header style, column widths, frozen panes,
landscape A4 fitted to the page's width and the title rows repeated on every printed
page. Text is stripped of the characters XML cannot carry; guarding it against being
run as a formula is the caller's (portal.spreadsheets.guarded).
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

# Cell styles, by their index in styles.xml's cellXfs.
TITLE, HEADER, DATE = 1, 2, 3
_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0, for the 1900 date system

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


class XlsxStream:
    """A workbook written to `stream` one sheet, and one row, at a time.

    with XlsxStream(stream) as book:
        sheet = book.sheet("理论学习", widths=[6, 12, 40], freeze="B3", print_rows=2)
        sheet.row(["理论学习台账"], style=TITLE)
        sheet.row(["序号", "日期", "标题"], style=HEADER)
        sheet.row([1, date(2025, 3, 5), "中心组学习"])
    """

    def __init__(self, stream: IO[bytes]) -> None:
        # Level 1: three times the speed of the default for a file a tenth larger.
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[tuple[str, int]] = []  # (name, rows repeated when printed)
        self._open: _Sheet | None = None

    def __enter__(self) -> XlsxStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def sheet(
        self, name: str, *, widths: Iterable[float] = (), freeze: str = "", print_rows: int = 0
    ) -> _Sheet:
        """Start the next sheet (the one before is finished): `freeze` is the first cell
        that scrolls ("B3"), `print_rows` the rows at the top repeated on every page."""
        self._finish_sheet()
        self._sheets.append((_sheet_name(name), print_rows))
        # No zip64: Excel repairs a file whose local headers say zip64 and whose directory
        # does not; a sheet of the most rows a ledger may have stays far below 4 GiB.
        member = self._zip.open(f"xl/worksheets/sheet{len(self._sheets)}.xml", "w")
        self._open = _Sheet(member, widths=list(widths), freeze=freeze)
        return self._open

    def close(self) -> None:
        if self._zip.fp is None:
            return
        if not self._sheets:
            self.sheet("Sheet1")
        self._finish_sheet()
        self._parts()
        self._zip.close()

    def _finish_sheet(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None

    def _parts(self) -> None:
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{number}" r:id="rId{number}"/>'
            for number, (name, _rows) in enumerate(self._sheets, start=1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{number}">'
            f"{escape(_quoted(name))}!$1:${rows}</definedName>"
            for number, (name, rows) in enumerate(self._sheets)
            if rows
        )
        names = f"<definedNames>{titles}</definedNames>" if titles else ""
        self._write(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>{names}</workbook>",
        )
        count = len(self._sheets)
        relationships = "".join(
            f'<Relationship Id="rId{number}" Type="{_REL}/worksheet" Target="worksheets/sheet{number}.xml"/>'
            for number in range(1, count + 1)
        )
        relationships += f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        self._write(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}/relationships">{relationships}</Relationships>',
        )
        self._write("xl/styles.xml", _STYLES)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for number in range(1, count + 1)
        )
        self._write(
            "[Content_Types].xml",
            f'<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self._write(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )

    def _write(self, name: str, xml: str) -> None:
        self._zip.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)


class _Sheet:
    def __init__(self, member: IO[bytes], *, widths: list[float], freeze: str) -> None:
        self._member = member
        self._rows = 0
        self._letters: list[str] = []
        head = [
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        ]
        if freeze:
            column, row = _split(freeze)
            head.append(
                f'<sheetViews><sheetView workbookViewId="0"><pane xSplit="{column - 1}" ySplit="{row - 1}" '
                f'topLeftCell="{freeze}" activePane="bottomRight" state="frozen"/>'
                f'<selection pane="bottomRight" activeCell="{freeze}" sqref="{freeze}"/>'
                "</sheetView></sheetViews>"
            )
        head.append('<sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            columns = "".join(
                f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
                for number, width in enumerate(widths, start=1)
            )
            head.append(f"<cols>{columns}</cols>")
        head.append("<sheetData>")
        self._put("".join(head))

    def row(self, values: Iterable[object], *, style: int = 0) -> None:
        """The next row: str, int, float, Decimal, date; None is an empty cell."""
        self._rows += 1
        number = self._rows
        styled = f' s="{style}"' if style else ""
        cells = []
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            while index >= len(self._letters):
                self._letters.append(get_column_letter(len(self._letters) + 1))
            ref = f"{self._letters[index]}{number}"
            if isinstance(value, str):
                text = _text(value)
                cells.append(
                    f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, datetime.datetime):
                raise TypeError("datetimes are not written; give a date or text")
            elif isinstance(value, datetime.date):
                cells.append(f'<c r="{ref}" s="{DATE}"><v>{(value - _EPOCH).days}</v></c>')
            elif isinstance(value, int | float | Decimal):
                cells.append(f'<c r="{ref}"{styled}><v>{value}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
        self._put(f'<row r="{number}">{"".join(cells)}</row>')

    def close(self) -> None:
        self._put(
            "</sheetData>"
            '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
        )
        self._member.close()

    def _put(self, xml: str) -> None:
        self._member.write(xml.encode())


def _text(value: str) -> str:
    value = _NOT_XML.sub("", value) if not value.isprintable() else value
    return escape(value) if ("&" in value or "<" in value or ">" in value) else value


# What XML 1.0 cannot carry: control characters but tab and line breaks, the two
# non-characters U+FFFE and U+FFFF, and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _sheet_name(name: str) -> str:
    """A name Excel takes: none of []:*?/\\ or what XML cannot carry, 31 characters at most."""
    return re.sub(r"[\[\]:*?/\\]", "", _NOT_XML.sub("", name))[:31] or "Sheet"


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _split(cell: str) -> tuple[int, int]:
    letters = cell.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return column, int(cell[len(letters) :])


# Fonts: the default, bold 14 (titles), bold (headers); the date format; a style for each.
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
