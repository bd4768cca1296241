"""What an uploaded workbook would cost to read, found before any reader parses it.

An .xlsx is a zip of XML. A small upload can expand to gigabytes (a zip bomb), or hold
a million empty rows or millions of shared strings in a few hundred kilobytes, and a
reader takes all of that into the process. Here the archive's directory is checked
and its sheets and shared strings are counted by streaming them through zlib, in
bounded memory and in about a second for the largest workbook let through.

The same pass finds whether the quick reader may have the workbook (`WorkbookSize.whole`).
calamine (ledger.workbooks) holds each sheet as a dense rectangle from A1 to its
furthest cell, so two cells, in A1 and in XFD2000, take a gigabyte; it copies a shared
string into every cell that uses it, so one string of 10 MB used by 300 cells takes 3 GB;
and it guesses a file's format from its content, trying the older .xls first and
OpenDocument last. It gets a workbook only when all of this holds:
- the file begins as a zip does, and holds an .xlsx's parts by their usual names and no
  other (no content.xml of an OpenDocument, no binary parts of an .xlsb);
- every cell element in every part is written as the usual writers write it: its place
  first and once, within A1:AZ99999 (52 columns, as wide as any ledger sheet is, and a
  rectangle of at most 5.2 million cells), then at most a style, a type other than an
  error (calamine would read #REF! as an empty cell) and Excel's own flags;
- cells are found only in the worksheets' usual parts, whose rows are counted;
- no part is in an encoding other than UTF-8;
- the shared strings the cells use come to at most MAX_EXPANDED_TEXT in all, counted
  cell by cell.
Anything else goes to openpyxl, which streams a row at a time. The doubt always goes
to openpyxl: text that looks like a cell but is not written as above, a cell cut in a
way the pass cannot follow, a part it cannot read.

These rules keep calamine to what it reads right and cheaply; they are not what keeps
the process safe from it. A second review found more ways past them (two archives in
one file, each reader finding a different one; characters calamine's parser reads
otherwise), so calamine reads in a child process with bounded memory and time
(ledger.workbooks), and a workbook it cannot read within them is openpyxl's.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from portal.files import ZIP_DAMAGED

# Bounds a ledger of 200,000 rows (ledger.reading.MAX_ROWS) stays well inside.
MAX_MEMBERS = 2_000
MAX_UNCOMPRESSED = 400 * 1024 * 1024
# Spreadsheet XML compresses 5–30 times; far beyond that it is padding, not data.
MAX_RATIO = 200
RATIO_FROM = 10 * 1024 * 1024  # small parts may compress as they like
MAX_SHARED_STRINGS = 1_000_000
CHUNK = 1024 * 1024

MAX_EXPANDED_TEXT = 256 * 1024 * 1024  # bytes of shared strings, once per cell using them
# The 256 bytes before a chunk, read again with it: longer than any pattern below can match.
OVERLAP = 256

_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
# A shared string's start (or the whole of an empty one) and its end, as the usual
# writers write them; anything that could hide one from this count or add one to it
# (a prefixed element, a comment, CDATA, a processing instruction) leaves the strings
# unfollowed, and the workbook to openpyxl. calamine reserves room for as many strings
# as the table says it has, so a large `uniqueCount` does too.
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_STRING_EDGE = re.compile(rb"<(/?)si(?:\s{0,8}/>|[\s>])")
# (A control character is no XML but calamine's parser reads \x0b and \x0c as part of
# a name, and a "<" inside an attribute's value as text: either could hide a string.)
_STRING_HIDDEN = (
    re.compile(rb":si[\s/>]"),
    re.compile(rb"<[!?]"),
    re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]"),
    re.compile(rb"""=\s*["'][^"']*<"""),
)
# The table's start as the usual writers write it, its attributes quoted and plain; its
# uniqueCount, if any, a count of at most seven digits.
_STRING_TABLE = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^<>]{0,200}\?>\s*)?<sst(?:\s+[\w:.-]+="[^"<>]*"){0,20}\s*>"""
)
_STRING_COUNT = re.compile(rb'\suniqueCount="([^"]*)"')
_COUNT = re.compile(rb"0|[1-9][0-9]{0,6}")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# The parts of an .xlsx, as Excel, WPS, LibreOffice and the usual libraries name them.
_XLSX_PART = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/[^/]+\.xml|customXml/(?:_rels/)?[^/]+\.(?:xml|rels)"
    r"|xl/(?:[^/]+/)*[^/]+\.(?:xml|rels|vml|png|jpe?g|gif|bmp|emf|wmf)|xl/printerSettings/[^/]+\.bin"
)
_BINARY = re.compile(r".+\.(?:png|jpe?g|gif|bmp|emf|wmf|bin)")
_XLSX_NEEDS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([^"']*)["']""")
# Every cell element (<c …> or <prefix:c …>, the prefix of any length), and those written
# as the module's docstring says (unprefixed, as the usual writers write them); the
# second is a part of the first, so the counts are equal only when every cell is. A
# shared string's cell is usual only with its value, the string's number, as its one
# child (calamine takes a cell's last value): the pattern's one group, empty for a cell
# of any other type. (Each pattern begins
# with a literal, which re finds quickest: two patterns, not [<:].)
_CELL = (re.compile(rb"<c[\s/>]"), re.compile(rb":c[\s/>]"))
_FLAGS = rb'(?: cm="[0-9]{1,5}")?(?: vm="[0-9]{1,5}")?(?: ph="(?:0|1|true|false)")?\s{0,8}'
_CELL_USUAL = re.compile(
    rb'<c r="(?:[A-Z]|A[A-Z])[1-9][0-9]{0,4}"(?: s="[0-9]{1,5}")?(?:'
    + rb' t="s"'
    + _FLAGS
    + rb">\s{0,8}<v>([0-9]{1,7})</v>\s{0,8}</c>"
    + rb'|(?: t="(?:n|b|str|inlineStr|d)")?'
    + _FLAGS
    + rb"/?>)"
)


# Parts either reader takes whole before the first row, and what the largest workbook a
# ledger comes in needs of them many times over: a workbook.xml of millions of sheets,
# styles of millions of number formats, took calamine past a gigabyte and openpyxl
# minutes (found by an attacker's review, 2026-12-03).
MAX_PART = {"xl/workbook.xml": 4 * 1024 * 1024, "xl/styles.xml": 32 * 1024 * 1024}
MAX_RELATIONSHIPS = 4 * 1024 * 1024  # any .rels part
# Cells in one row: Excel's columns, once each. openpyxl holds a row whole, so a row of
# millions of cells repeated in a few places (6 MB compressed) took it past 4 GB.
MAX_ROW_CELLS = 16_384
_SHORTEST_CELL = len(b"<c/>")
_ROW_START = re.compile(rb"<row")


def _part_bound(name: str) -> int | None:
    return MAX_RELATIONSHIPS if name.endswith(".rels") else MAX_PART.get(name)


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
    file.seek(0)
    begins_as_zip = file.read(4) == b"PK\x03\x04"
    file.seek(0)
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
            bound = _part_bound(member.filename)
            if bound is not None and member.file_size > bound:
                raise UnsafeWorkbook(
                    _("“%(name)s”中的“%(part)s”解压后超过 %(mb)d MB，不像台账工作簿，已拒绝。")
                    % {"name": name, "part": member.filename, "mb": bound // (1024 * 1024)}
                )
        names = [member.filename for member in members]
        whole = begins_as_zip and set(names) >= _XLSX_NEEDS and all(map(_XLSX_PART.fullmatch, names))
        rows = strings = 0
        string_sizes: list[int] = []
        used: Counter[bytes] = Counter()
        for member in members:
            if member.filename == "xl/sharedStrings.xml":
                strings, sizes = _strings(archive, member, limit=MAX_SHARED_STRINGS)
                if sizes is None:
                    whole = False
                string_sizes = sizes or []
                if strings > MAX_SHARED_STRINGS:
                    raise UnsafeWorkbook(
                        _("“%(name)s”中的文字条目超过 %(n)d 条，不像台账工作簿，已拒绝。")
                        % {"name": name, "n": MAX_SHARED_STRINGS}
                    )
                continue
            part = _part(archive, member, limit=max_rows + 1 - rows)
            rows += part.rows
            if rows > max_rows:
                raise UnsafeWorkbook(
                    _("“%(name)s”超过 %(n)d 行（空行也算在内），请删去多余的行或拆分后分批导入。")
                    % {"name": name, "n": max_rows}
                )
            if part.widest_row > MAX_ROW_CELLS:
                raise UnsafeWorkbook(
                    _("“%(name)s”中有一行超过 %(n)d 个单元格，不像台账工作簿，已拒绝。")
                    % {"name": name, "n": MAX_ROW_CELLS}
                )
            # A NUL byte in an image says nothing; in XML it is UTF-16, or not XML at all.
            if (not part.usual and not _BINARY.fullmatch(member.filename)) or (
                part.cells and not _SHEET.fullmatch(member.filename)
            ):
                whole = False
            used.update(part.strings_used)
        if whole:
            whole = _expanded(used, string_sizes) <= MAX_EXPANDED_TEXT
    return WorkbookSize(rows=rows, shared_strings=strings, uncompressed=total, whole=whole)


@dataclass
class _Part:
    rows: int = 0
    cells: int = 0
    usual: bool = True  # every cell written as the module's docstring says, in UTF-8
    widest_row: int = 0  # cell elements in the row with the most, or a bound under MAX_ROW_CELLS
    strings_used: Counter[bytes] = field(default_factory=Counter)  # shared strings' numbers, cell by cell


def _part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, limit: int) -> _Part:
    """The member's rows and cells, read a chunk at a time; stops past `limit` rows.

    A match split across two chunks is found whole in the block that carries the
    previous chunk's last OVERLAP bytes, and one found in those bytes alone was counted
    with the chunk before.
    """
    part = _Part()
    usual = open_row = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                block = tail + chunk
                if not tail:
                    declared = _ENCODING.match(chunk)
                    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
                        part.usual = False
                if b"\0" in chunk:  # UTF-16 or UTF-32
                    part.usual = False
                part.rows += _found((_ROW,), block, tail)
                widest, open_row = _row_widths(chunk, open_row)
                part.widest_row = max(part.widest_row, widest)
                part.cells += _found(_CELL, block, tail)
                if part.usual:
                    found, again = _CELL_USUAL.findall(block), _CELL_USUAL.findall(tail)
                    usual += len(found) - len(again)
                    part.strings_used.update(found)
                    part.strings_used.subtract(again)
                if part.rows > limit:
                    break
                tail = block[-OVERLAP:]
    except ZIP_DAMAGED:
        part.usual = False  # the reader that streams reports the damage
    part.usual = part.usual and usual == part.cells
    del part.strings_used[b""]  # the cells of other types
    return part


class _Unfollowed(Exception):
    """The shared strings are not written as _STRING_EDGE follows them."""


def _row_widths(chunk: bytes, open_row: int) -> tuple[int, int]:
    """The most cell elements in one row of the chunk (or a bound on it, at most
    MAX_ROW_CELLS, for a row too short in bytes to hold more), the row left open at its
    start (`open_row` cells so far) included; and the cells of the row it leaves open.
    By bytes.count, not the patterns: a tag cut by the chunk's end may be missed or the
    odd element that is no cell counted, which a bound of thousands does not notice."""
    starts = [row.start() for row in _ROW_START.finditer(chunk)]
    if not starts:
        width = open_row + chunk.count(b"<c") + chunk.count(b":c ")
        return width, width
    # The row open at the start, the one left open at the end, and any between long
    # enough in bytes to hold more than the bound.
    pieces = [(0, starts[0]), (starts[-1], len(chunk))]
    pieces += [(a, b) for a, b in itertools.pairwise(starts) if b - a > _SHORTEST_CELL * MAX_ROW_CELLS]
    widths = [chunk.count(b"<c", a, b) + chunk.count(b":c ", a, b) for a, b in pieces]
    widths[0] += open_row
    return max(widths), widths[1]


def _strings(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, limit: int
) -> tuple[int, list[int] | None]:
    """How many shared strings the part holds (stopping past `limit`), and the size in
    bytes of each, in order, as written (never less than calamine holds it); the sizes
    are None where the strings cannot be followed (above, at _STRING_EDGE), and then
    the strings are counted as before, by their starts."""
    try:
        sizes = _string_sizes(archive, member, limit=limit)
    except (_Unfollowed, *ZIP_DAMAGED):
        return _count(archive, member, _STRING, limit=limit), None
    return len(sizes), sizes


def _string_sizes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, limit: int) -> list[int]:
    sizes: list[int] = []
    opened = None  # where the string being read began, from the part's start
    offset = 0  # of the block's first byte, from the part's start
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            block, start = tail + chunk, 0
            if not offset:
                table = _STRING_TABLE.match(block)
                if table is None:
                    raise _Unfollowed
                for declared in _STRING_COUNT.finditer(table.group(0)):
                    if not _COUNT.fullmatch(declared.group(1)) or int(declared.group(1)) > limit:
                        raise _Unfollowed
                start = table.end()  # past the declaration, whose "<?" is no string's
            if b"\0" in chunk or any(pattern.search(block, start) for pattern in _STRING_HIDDEN):
                raise _Unfollowed
            for edge in _STRING_EDGE.finditer(block, start):
                if edge.end() <= len(tail):
                    continue  # read with the chunk before
                if edge.group(1):  # </si>
                    if opened is None:
                        raise _Unfollowed
                    sizes.append(offset + edge.end() - opened)
                    opened = None
                elif opened is not None:
                    raise _Unfollowed  # a string inside a string
                elif edge.group(0).endswith(b"/>"):
                    sizes.append(0)
                else:
                    opened = offset + edge.start()
            if len(sizes) > limit:
                return sizes
            offset += len(block) - min(OVERLAP, len(block))
            tail = block[-OVERLAP:]
    if opened is not None:
        raise _Unfollowed
    return sizes


def _expanded(used: Counter[bytes], sizes: list[int]) -> int:
    """Bytes of shared strings calamine would hold, each as often as a cell uses it; a
    number past the last string counts as too many."""
    total = 0
    for number, cells in used.items():
        index = int(number)
        if index >= len(sizes):
            return MAX_EXPANDED_TEXT + 1
        total += sizes[index] * cells
    return total


def _found(patterns: tuple[re.Pattern, ...], block: bytes, tail: bytes) -> int:
    """Matches of the patterns in `block` that do not lie wholly in its overlap `tail`."""
    return sum(len(pattern.findall(block)) - len(pattern.findall(tail)) for pattern in patterns)


def _count(archive: zipfile.ZipFile, member: zipfile.ZipInfo, pattern: re.Pattern, *, limit: int) -> int:
    """How often `pattern` occurs in the member, read a chunk at a time; stops past `limit`."""
    found, tail = 0, b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                block = tail + chunk
                found += _found((pattern,), block, tail)
                if found > limit:
                    break
                tail = block[-OVERLAP:]
    except ZIP_DAMAGED:
        return found  # openpyxl reports the damage
    return found
