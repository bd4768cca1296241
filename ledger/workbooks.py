"""The rows of an uploaded workbook's sheets, read by the quickest reader that is safe for it.

calamine (python-calamine, in Rust) reads a ledger's cells about ten times as fast as
openpyxl, but holds a sheet whole, as a rectangle from A1 to its furthest cell, and
reads a cell holding an error value (#REF!, #DIV/0!) as an empty one. The archive's
pass (ledger.archive) says whether a workbook is one it may have: the usual workbook,
as Excel, WPS, LibreOffice and this portal's own export write it. calamine then reads
it in a child process limited to CALAMINE_MEMORY and CALAMINE_SECONDS, whose rows come
back pickled: a workbook crafted past the pass, which would take gigabytes or make
calamine's Rust abort, costs the child, not this process, and is read by openpyxl.
Every other workbook is read by openpyxl in read-only mode, a row at a time, as before.

Both give each sheet's rows as sequences of cell values; they differ only where the
ledger's cell parsing (ledger.cells) reads them alike: an empty cell is None or "", a
whole number may come as 3.0, a date as a date or as a datetime at midnight.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
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


# What the child that reads a workbook with calamine may use, beyond what it was forked
# with, and for how long: a ledger of 100,000 rows takes about 150 MB and 1 s. A
# workbook that would take more goes to openpyxl, as one the archive's pass doubts does.
CALAMINE_MEMORY = 768 * 1024 * 1024
CALAMINE_SECONDS = 60
# The most this process takes back of the child's rows, pickled (a ledger of 100,000 rows
# is about 30 MB): past it, the rows are openpyxl's to stream, not this process's to hold.
CALAMINE_ROWS_BYTES = 256 * 1024 * 1024


class Workbook:
    """An open workbook: its sheet names in order, and each sheet's rows once asked for."""

    def __init__(
        self,
        file: str | os.PathLike | IO[bytes],
        *,
        whole: bool,
        only: Collection[str] | None = None,
        seconds: float = CALAMINE_SECONDS,
    ) -> None:
        """`whole`: the archive's pass found calamine may hold each sheet whole
        (ledger.archive.WorkbookSize.whole); `only`: the sheets (by name, stripped) whose
        rows may be asked for, where calamine reads them all at once; `seconds`: how long
        calamine may take before openpyxl reads the workbook instead."""
        self._sheets: dict[str, list[Row]] | None = None
        self._openpyxl = None
        if whole:
            self._sheets = _calamine_sheets(file, only=only, seconds=seconds)
            if self._sheets is not None:
                self.names: list[str] = list(self._sheets)
                return
            if not isinstance(file, str | os.PathLike):
                file.seek(0)
        try:
            self._openpyxl = openpyxl.load_workbook(file, read_only=True, data_only=True)
            self.names = list(self._openpyxl.sheetnames)
        except Exception as exc:  # an upload can be anything; openpyxl has no one error type
            raise NotAWorkbook from exc

    def rows(self, name: str) -> Iterator[Row]:
        """The sheet's rows from its first, as Excel numbers them; none for a chart sheet."""
        if self._sheets is not None:
            yield from self._sheets[name]
        else:
            yield from self._openpyxl_rows(name)

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
        if self._openpyxl is not None:
            self._openpyxl.close()


def _calamine_sheets(
    file: str | os.PathLike | IO[bytes], *, only: Collection[str] | None, seconds: float
) -> dict[str, list[Row]] | None:
    """Every sheet's rows as calamine reads them (none for a chart sheet or a sheet not
    in `only`), read in a child process; None where the child could not: the workbook is
    not one calamine reads, it would take more than CALAMINE_MEMORY or `seconds`, its
    rows would come to more than CALAMINE_ROWS_BYTES, or calamine failed in any way, its
    Rust aborts and panics included, which the child takes down with it and this process
    does not. (Where there is no fork, as on Windows, openpyxl reads every workbook.)"""
    if not hasattr(os, "fork") or not Path("/proc/self/status").exists():
        return None  # no child to bound, and no measure of what bounding it should leave
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: read, send, and leave without running this process's exit code
        status = 1
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as out:
                pickle.dump(_calamine_read(file, only), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    received = bytearray()
    deadline = time.monotonic() + seconds
    whole = False
    try:
        while (left := deadline - time.monotonic()) > 0 and len(received) <= CALAMINE_ROWS_BYTES:
            if not select.select([reading], [], [], left)[0]:
                break
            chunk = os.read(reading, 1 << 20)
            if not chunk:
                whole = True
                break
            received += chunk
    finally:
        os.close(reading)
        if not whole:
            os.kill(child, signal.SIGKILL)
        _, status = os.waitpid(child, 0)
    if not whole or status != 0:
        return None
    try:
        return pickle.loads(received)
    except Exception:  # cut off
        return None


def _calamine_read(file, only: Collection[str] | None) -> dict[str, list[Row]]:
    """In the child: bounded, then calamine's reading of every sheet."""
    os.environ["RUST_BACKTRACE"] = "0"  # a backtrace printed while out of memory can hang
    faulthandler.disable()  # an abort past the bound is expected here, not a crash to trace
    limit = _address_space() + CALAMINE_MEMORY
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if isinstance(file, str | os.PathLike):
        book = python_calamine.CalamineWorkbook.from_path(os.fspath(file))
    else:
        book = python_calamine.CalamineWorkbook.from_filelike(file)
    sheets: dict[str, list[Row]] = {}
    for sheet in book.sheets_metadata:
        wanted = only is None or sheet.name.strip() in only
        if sheet.typ != python_calamine.SheetTypeEnum.WorkSheet or not wanted:
            sheets[sheet.name] = []
            continue
        # iter_rows starts at row 1 and at the sheet's first used column; the columns are
        # found by their headers, so the offset does not matter.
        sheets[sheet.name] = list(book.get_sheet_by_name(sheet.name).iter_rows())
    return sheets


def _address_space() -> int:
    """This process's virtual memory now, in bytes (what RLIMIT_AS counts)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0
