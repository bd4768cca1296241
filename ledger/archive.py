"""What an uploaded workbook would cost to read, found before openpyxl parses any of it.

An .xlsx is a zip of XML. A small upload can expand to gigabytes (a zip bomb), or hold
a million empty rows or millions of shared strings in a few hundred kilobytes, and
openpyxl reads all of that into the process. Here the archive's directory is checked
and its sheets and shared strings are counted by streaming them through zlib, in
bounded memory and in about a second for the largest workbook let through.
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


class UnsafeWorkbook(ValueError):
    """The workbook would take more memory or time to read than any ledger needs; says why."""


@dataclass(frozen=True)
class WorkbookSize:
    rows: int  # rows written in the sheets, blank or not, headers included
    shared_strings: int
    uncompressed: int  # bytes


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
        for member in members:
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
    return WorkbookSize(rows=rows, shared_strings=strings, uncompressed=total)


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
