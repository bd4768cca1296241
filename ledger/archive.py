"""What an uploaded workbook would cost to read, found before any reader parses it.

An .xlsx is a zip of XML. A small upload can expand to gigabytes (a zip bomb), or hold
a million empty rows or millions of shared strings in a few hundred kilobytes, and a
reader takes all of that into the process. Here the archive's directory is checked
and its sheets and shared strings are counted by streaming them through zlib, in
bounded memory and in about a second for the largest workbook let through.

The same pass finds whether the quick reader may have the workbook (`WorkbookSize.whole`):
calamine (ledger.workbooks) holds each sheet as a dense rectangle from A1 to its
furthest cell, so two cells, in A1 and in XFD2000, take a gigabyte. It gets a workbook
only when every cell element in every part names its place first, within A1:AZ99999
(52 columns, as wide as any ledger sheet is, and a rectangle of at most 5.2 million
cells), and no cell holds an error value, which calamine would read as an empty cell.
Anything else — a cell written another way, an encoding other than UTF-8, a workbook
part where Excel does not put it — goes to openpyxl, which streams a row at a time.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

# Bounds a ledger of 200,000 rows (ledger.reading.MAX_ROWS) stays well inside.
MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED = 400 * 1024 * 1024
# Spreadsheet XML compresses 5–30 times; far beyond that it is padding, not data.
MAX_RATIO = 200
RATIO_FROM = 10 * 1024 * 1024  # small parts may compress as they like
MAX_SHARED_STRINGS = 1_000_000
CHUNK = 1024 * 1024

_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# Every cell element (<c …> or <prefix:c …>, the prefix of any length), and those that
# begin with their place inside A1:AZ99999. A part of the archive where the two counts
# differ is left to openpyxl (the module's docstring). Text that merely looks like a
# cell counts as one that is not placed: the doubt goes to the reader that streams.
# (Each pattern begins with a literal, which re finds quickest: two patterns, not [<:].)
_CELL = (re.compile(rb"<c[\s/>]"), re.compile(rb":c[\s/>]"))
_PLACE = rb'c r="(?:[A-Z]|A[A-Z])[1-9][0-9]{0,4}"[\s/>]'
_CELL_PLACED = (re.compile(b"<" + _PLACE), re.compile(b":" + _PLACE))
# A cell of type "e": #DIV/0!, #REF!, #N/A… (openpyxl reads it as that text).
_ERROR = re.compile(rb"""\st\s*=\s*["']e["']""")


class UnsafeWorkbook(ValueError):
    """The workbook would take more memory or time to read than any ledger needs; says why."""


@dataclass(frozen=True)
class WorkbookSize:
    rows: int  # rows written in the sheets, blank or not, headers included
    shared_strings: int
    uncompressed: int  # bytes
    whole: bool = False  # the quick reader may hold each sheet whole (the module's docstring)


def workbook_size(file: IO[bytes], *, name: str, max_rows: int) -> WorkbookSize:
    """The workbook's size, or UnsafeWorkbook if it is beyond the bounds (a message in Chinese).

    A file that is not a zip at all is left to openpyxl, which says it is not a workbook.
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return WorkbookSize(rows=0, shared_strings=0, uncompressed=0)
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeWorkbook(_("“%(name)s”包含的文件过多，不像台账工作簿。") % {"name": name})
        total = sum(member.file_size for member in members)
        if total > MAX_UNCOMPRESSED:
            raise UnsafeWorkbook(
                _("“%(name)s”解压后超过 %(mb)d MB，无法预览；请删去图片等无关内容，或拆分后分批导入。")
                % {"name": name, "mb": MAX_UNCOMPRESSED // (1024 * 1024)}
            )
        for member in members:
            if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise UnsafeWorkbook(_("“%(name)s”的压缩比异常（可能是压缩炸弹），已拒绝。") % {"name": name})
        rows = strings = 0
        whole = "xl/workbook.xml" in archive.namelist()
        for member in members:
            if whole:
                whole = _placed(archive, member)
            if _SHEET.fullmatch(member.filename):
                rows += _count(archive, member, _ROW, limit=max_rows + 1 - rows)
                if rows > max_rows:
                    raise UnsafeWorkbook(
                        _("“%(name)s”超过 %(n)d 行（空行也算在内），请删去多余的行或拆分后分批导入。")
                        % {"name": name, "n": max_rows}
                    )
            elif member.filename == "xl/sharedStrings.xml":
                strings = _count(archive, member, _STRING, limit=MAX_SHARED_STRINGS + 1)
                if strings > MAX_SHARED_STRINGS:
                    raise UnsafeWorkbook(
                        _("“%(name)s”中的文字条目超过 %(n)d 条，不像台账工作簿，已拒绝。")
                        % {"name": name, "n": MAX_SHARED_STRINGS}
                    )
    return WorkbookSize(rows=rows, shared_strings=strings, uncompressed=total, whole=whole)


def _placed(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether every cell element of the member names its place first within A1:AZ99999,
    and none holds an error value; False for a part that is not UTF-8 (a NUL byte) or damaged."""
    cells = placed = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                # A tag split across two chunks is seen whole in the overlap, once; a cell
                # cut off after its "<c " is counted before its place is, so only the
                # totals compare.
                block = tail + chunk
                cells += _found(_CELL, block, tail)
                placed += _found(_CELL_PLACED, block, tail)
                if b"\0" in chunk:
                    return False
                if (b'"e"' in block or b"'e'" in block) and _ERROR.search(block):
                    return False
                tail = block[-32:]  # longer than any match
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return False  # the reader that streams reports the damage
    return cells == placed


def _found(patterns: tuple[re.Pattern, ...], block: bytes, tail: bytes) -> int:
    """Matches of the patterns in `block` that do not lie wholly in its overlap `tail`."""
    return sum(len(pattern.findall(block)) - len(pattern.findall(tail)) for pattern in patterns)


def _count(archive: zipfile.ZipFile, member: zipfile.ZipInfo, pattern: re.Pattern, *, limit: int) -> int:
    """How often `pattern` occurs in the member, read a chunk at a time; stops past `limit`."""
    found, tail = 0, b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                # A tag split across two chunks is seen whole in the overlap, once.
                block = tail + chunk
                found += len(pattern.findall(block)) - len(pattern.findall(tail))
                if found > limit:
                    break
                tail = block[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return found  # openpyxl reports the damage
    return found
