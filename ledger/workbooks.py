"""The rows of an uploaded workbook's sheets, read by the quickest reader that is safe for it.

calamine (python-calamine, in Rust) reads a ledger's cells about ten times as fast as
openpyxl, but holds a sheet whole, as a rectangle from A1 to its furthest cell, and
reads a cell holding an error value (#REF!, #DIV/0!) as an empty one. The archive's
pass (ledger.archive) says whether a workbook is one it may have: the usual workbook,
as Excel, WPS, LibreOffice and this portal's own export write it. Every other workbook
is read by openpyxl in read-only mode, a row at a time, as before.

Both give each sheet's rows as sequences of cell values; they differ only where the
ledger's cell parsing (ledger.cells) reads them alike: an empty cell is None or "", a
whole number may come as 3.0, a date as a date or as a datetime at midnight.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import IO

import openpyxl
import python_calamine
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

Row = Sequence[object]


class NotAWorkbook(Exception):
    """The file is not an .xlsx either reader can open."""


class UnreadableWorkbook(Exception):
    """Part of the workbook is damaged: reading stops."""


def _dimensions_or_none(parser):
    """openpyxl's WorkSheetParser.parse_dimensions, stopping where the rows begin.

    openpyxl opens each read-only sheet by looking for its <dimension> element, listening
    for the *end* of <sheetData>: where a tool left the element out, that parsed the whole
    sheet once more before reading it (a third of the time at 100,000 rows). This stops at
    the start of <sheetData>, where the element would have had to be.
    """
    for event, element in iterparse(parser.source, events=("start", "end")):
        if event == "start":
            if element.tag == DATA_TAG:
                return None
        elif element.tag == DIMENSION_TAG:
            return SheetDimension.from_tree(element).boundaries
    return None


WorkSheetParser.parse_dimensions = _dimensions_or_none


class Workbook:
    """An open workbook: its sheet names in order, and each sheet's rows once asked for."""

    def __init__(self, file: str | os.PathLike | IO[bytes], *, whole: bool) -> None:
        """`whole`: the archive's pass found calamine may hold each sheet whole
        (ledger.archive.WorkbookSize.whole)."""
        self._calamine = None
        self._openpyxl = None
        try:
            if whole:
                if isinstance(file, str | os.PathLike):
                    self._calamine = python_calamine.CalamineWorkbook.from_path(os.fspath(file))
                else:
                    self._calamine = python_calamine.CalamineWorkbook.from_filelike(file)
                self._kinds = {sheet.name: sheet.typ for sheet in self._calamine.sheets_metadata}
                self.names: list[str] = list(self._calamine.sheet_names)
            else:
                self._openpyxl = openpyxl.load_workbook(file, read_only=True, data_only=True)
                self.names = list(self._openpyxl.sheetnames)
        except Exception as exc:  # an upload can be anything; neither reader has one error type
            raise NotAWorkbook from exc

    def rows(self, name: str) -> Iterator[Row]:
        """The sheet's rows from its first, as Excel numbers them; none for a chart sheet."""
        if self._calamine is not None:
            yield from self._calamine_rows(name)
        else:
            yield from self._openpyxl_rows(name)

    def _calamine_rows(self, name: str) -> Iterator[Row]:
        if self._kinds[name] != python_calamine.SheetTypeEnum.WorkSheet:
            return
        try:
            sheet = self._calamine.get_sheet_by_name(name)
        except Exception as exc:  # python_calamine.CalamineError and its kinds, Rust's panics
            raise UnreadableWorkbook from exc
        # iter_rows starts at row 1 and at the sheet's first used column; the columns are
        # found by their headers, so the offset does not matter.
        yield from sheet.iter_rows()

    def _openpyxl_rows(self, name: str) -> Iterator[Row]:
        worksheet = self._openpyxl[name]
        if not hasattr(worksheet, "iter_rows"):  # a chart sheet
            return
        rows = worksheet.iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a corrupt part of the file
                raise UnreadableWorkbook from exc
            yield row

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
        if self._openpyxl is not None:
            self._openpyxl.close()
