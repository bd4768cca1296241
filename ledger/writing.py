"""Writing ledgers: the export, in the layout the import reads, and the blank template."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from django.db import connection, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ledger.cells import labels, sheets, written
from portal.xlsx import HEADER, TITLE, XlsxStream
from records.kinds import KINDS
from records.models import Photo, Record
from records.sheets import THEME, UNIT, Cell, Column, Sheet

CHUNK = 2000
# Rows of the template that carry the drop-down lists.
TEMPLATE_ROWS = 5000
REQUIRED_COLOUR = "C00000"
_WIDTHS = {Cell.DATE: 12, Cell.CHOICE: 12, Cell.INT: 10, Cell.DECIMAL: 14, Cell.BOOL: 10, Cell.URL: 40}
_WIDE = {"title": 40, "summary": 60, "unit": 16, "theme": 14}


# What the export adds for the person who reads or prints it, after the columns the import
# reads: each record's state, who logged and who reviewed it, how many photos it has.
INFO = (
    ("状态", "status"),
    ("填报人", "author__name"),
    ("审核人", "reviewed_by__name"),
    ("照片数", "photo_count"),
)
RATE = "参学率"  # a study sheet's: 实到 over 应到


def ledger_export(
    records: QuerySet[Record] | Iterable[Record], stream: IO[bytes], *, title: str = ""
) -> None:
    """Write `records` to `stream` as a ledger workbook that `ledger_read` reads back unchanged.

    One sheet per kind present, each by date: a title row ("`title` · 理论学习台账"),
    then 序号, the DESIGN §6 columns in their order, and the columns a reader wants
    beside them (参学率, 状态, 填报人, 审核人, 照片数), which the import passes over.
    Dates are Excel dates (yyyy-mm-dd), flags 是/否, types by their labels, text
    always as text and guarded against being run as a formula (cells.guarded). Each
    sheet prints landscape, fitted to the page's width, with its headers on every page.
    Rows are read in chunks and streamed into the file as they come (portal.xlsx), so
    memory stays flat however many records there are.
    """
    sources = _sources(records)
    statuses = {status.value: str(status.label) for status in Record.Status}  # in the language now
    with _read_to_the_end(), XlsxStream(stream) as workbook:
        started = False
        for kind, sheet in sheets().items():
            worksheet = None
            rated = _rated(sheet)
            for number, (values, info) in enumerate(_values(kind, sheet, sources[kind]), start=1):
                if worksheet is None:
                    worksheet = _sheet_start(workbook, sheet, title=title)
                status, author, reviewer, photos = info
                cells = [written(column, value) for column, value in zip(sheet.columns, values, strict=True)]
                extra = ([_rate(sheet, values)] if rated else []) + [
                    statuses[status],
                    author,
                    reviewer or "",
                    photos,
                ]
                worksheet.row([number, *cells, *extra])
            started = started or worksheet is not None
        if not started:  # nothing to export: the headers still say what the file is
            for sheet in sheets().values():
                _sheet_start(workbook, sheet, title=title)


HEADER_ROWS = 2  # the title row, then the headers


@contextmanager
def _read_to_the_end():
    """One transaction whose server-side cursors are planned for reading every row.

    PostgreSQL plans a cursor for its first tenth (cursor_tuple_fraction = 0.1): a
    nested loop down the date index that starts at once and then takes 1.5 s for a
    year of 97,000 records, where the sorted hash joins take 0.6 s for all of them.
    """
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            (before,) = cursor.fetchone()
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield
        # Set back for the rest of an enclosing transaction (a failure's rollback to the
        # savepoint sets it back by itself).
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cursor_tuple_fraction', %s, true)", [before])


def _rated(sheet: Sheet) -> bool:
    targets = {column.target for column in sheet.columns}
    return {"expected_attendance", "participants"} <= targets


def _rate(sheet: Sheet, values: tuple) -> str | None:
    by_target = {column.target: value for column, value in zip(sheet.columns, values, strict=True)}
    expected, actual = by_target["expected_attendance"], by_target["participants"]
    return f"{round(100 * actual / expected)}%" if expected and actual is not None else None


def _sources(records) -> dict[str, object]:
    """Per kind, a queryset of its records' pks, or their pks in date order."""
    if isinstance(records, QuerySet) and not records.query.is_sliced:
        return {kind: records.filter(kind=kind).values("pk") for kind in KINDS}
    found: dict[str, list[tuple]] = defaultdict(list)
    for record in records:
        found[record.kind].append((record.date, record.pk))
    return {kind: [pk for _day, pk in sorted(found[kind])] for kind in KINDS}


def _values(kind: str, sheet: Sheet, source) -> Iterator[tuple[tuple, tuple]]:
    """Each record's column values, and the INFO values beside them."""
    model = KINDS[kind].model
    paths = [column.path for column in sheet.columns] + [path for _header, path in INFO]
    width = len(sheet.columns)

    def rows(pks):
        # A subquery per row, not Count over a join: that grouped the rows by every column
        # exported, a sort of the whole year (4–5 s at 100,000 records).
        photos = Photo.objects.filter(record=OuterRef("pk")).order_by().values("record")
        counted = photos.annotate(n=Count("pk")).values("n")
        found = model.objects.filter(pk__in=pks).annotate(photo_count=Coalesce(Subquery(counted), 0))
        return found.order_by("date", "pk").values_list(*paths)

    if isinstance(source, QuerySet):
        chunks = [rows(source).iterator(chunk_size=CHUNK)]
    else:  # in date order already; each chunk keeps it
        chunks = (rows(source[start : start + CHUNK]) for start in range(0, len(source), CHUNK))
    for chunk in chunks:
        for row in chunk:
            yield row[:width], row[width:]


def _sheet_start(workbook: XlsxStream, sheet: Sheet, *, title: str):
    headers = ["序号", *(column.header for column in sheet.columns)]
    headers += ([RATE] if _rated(sheet) else []) + [header for header, _path in INFO]
    widths = [6, *(_width(column) for column in sheet.columns)] + [10] * (
        len(headers) - len(sheet.columns) - 1
    )
    # Printed as an inspector reads it: landscape, the page's width, the headers on every page.
    worksheet = workbook.sheet(sheet.name, widths=widths, freeze="B3", print_rows=HEADER_ROWS)
    worksheet.row([f"{title} · {sheet.name}台账" if title else f"{sheet.name}台账"], style=TITLE)
    worksheet.row(headers, style=HEADER)
    return worksheet


def _width(column: Column) -> int:
    if column.target.endswith("_name"):  # a looked-up row's name
        return 24
    return _WIDE.get(column.target) or _WIDTHS.get(column.type, 14)


def ledger_template(stream: IO[bytes]) -> None:
    """Write the blank workbook offices fill in: a sheet of instructions, then the four sheets.

    Required headers are red, each header carries a note on what it takes, and the
    typed columns offer their values as drop-down lists.
    """
    workbook = Workbook()
    guide = workbook.active
    guide.title = "说明"
    guide.column_dimensions["A"].width = 120
    for line in _guide_lines():
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    for sheet in sheets().values():
        worksheet = workbook.create_sheet(sheet.name)
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            cell = worksheet.cell(row=1, column=index, value=column.header)
            cell.font = Font(bold=True, color=REQUIRED_COLOUR if column.required else None)
            cell.comment = Comment(_column_hint(column), "宣传思想文化工作平台", width=240, height=100)
            worksheet.column_dimensions[letter].width = _width(column)
            options = _options(column)
            if options:
                validation = DataValidation(
                    type="list",
                    formula1='"{}"'.format(",".join(options)),
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=_("请从下拉列表中选择"),
                    error=_("可选：%(options)s") % {"options": "、".join(options)},
                )
                validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
                worksheet.add_data_validation(validation)
        worksheet.freeze_panes = "A2"
    workbook.save(stream)


def _options(column: Column) -> list[str]:
    if column.type is Cell.CHOICE:
        return list(labels(column.choices).values())
    if column.type is Cell.BOOL:
        return ["是", "否"]
    return []


def _column_hint(column: Column) -> str:
    hint = {
        Cell.DATE: _("日期，如 2022-03-05、2022/3/5、2022.3.5 或 2022年3月5日"),
        Cell.INT: _("整数，可不填"),
        Cell.DECIMAL: _("数字，保留一位小数"),
        Cell.BOOL: _("是 或 否，不填为否"),
        Cell.URL: _("网址"),
    }.get(column.type, "")
    if column.type is Cell.CHOICE:
        hint = _("从下拉列表选择：%(options)s") % {"options": "、".join(_options(column))}
    if column.target == UNIT:
        hint = _("本镇已有单位的名称")
    elif column.target == THEME:
        hint = _("本镇工作板块的名称；不填则用该类记录的默认板块")
    elif column.hint:
        hint = column.hint
    required = _("必填。") if column.required else ""
    return f"{required}{hint}"


def _rules() -> list[str]:
    """The template's numbered rules: how each column is filled and what an import does."""
    names = "、".join(sheet.name for sheet in sheets().values())
    choices = "、".join(
        dict.fromkeys(
            column.header
            for sheet in sheets().values()
            for column in sheet.columns
            if column.type is Cell.CHOICE
        )
    )
    rules = [
        _("每类记录一个工作表：%(sheets)s。用不到的工作表可以删除或留空；本“说明”表导入时忽略。")
        % {"sheets": names},
        _(
            "第 1 行是列名，请勿修改；列的顺序可以调整。红色列名为必填列，其余可不填。"
            "从本平台导出的台账第 1 行是标题、第 2 行是列名，其中序号、参学率、状态、填报人、审核人、照片数"
            "几列供查阅，导入时略过，可以原样导回。"
        ),
        _("从第 2 行起每行一条记录，空行自动跳过。"),
        _("日期可填 Excel 日期，或文字 2022-03-05、2022/3/5、2022.3.5、2022年3月5日。"),
        _("人数、时长填数字，可带千位分隔符（如 1,234）或用全角数字；服务时长保留一位小数。"),
        _("亮点填“是”或“否”（也可填 Y/N、1/0），不填视为“否”。"),
        _("%(columns)s请从下拉列表中选择。") % {"columns": choices},
        _("所属单位须是本镇已有的单位；工作板块填本镇的板块名称，不填则用该类记录的默认板块。"),
    ]
    seen = set()
    for sheet in sheets().values():
        for lookup in sheet.lookups:
            if lookup in seen:
                continue
            seen.add(lookup)
            if not lookup.attributes:
                rules.append(
                    _("%(name)s填本镇还没有的名称时，导入时新建。")
                    % {"name": sheet.column(lookup.name).header}
                )
                continue
            given = "和".join(sheet.column(target).header for target, _field in lookup.attributes)
            rules.append(
                _(
                    "%(name)s不在本镇名录中的，按所填%(given)s新建；与名录中同名%(what)s的%(given)s不一致的，视为错误。"
                )
                % {"name": sheet.column(lookup.name).header, "given": given, "what": lookup.label}
            )
    rules += [
        _("与系统中已有记录相同（同类、同日期、同标题、同单位）的行，以及文件中重复的行，导入时跳过。"),
        _("全部导入或全部不导入：任何一行有错，整个文件都不导入，并逐条列出“工作表 第几行 “列名”：原因”。"),
        _("导入的记录直接为“已通过”状态，导入本身记入审计日志。"),
    ]
    return [f"{number}. {rule}" for number, rule in enumerate(rules, start=1)]


def _guide_lines() -> list[str]:
    lines = [
        _("台账导入模板（宣传思想文化工作平台）"),
        "",
        *_rules(),
        "",
        _("各工作表的列（* 为必填）："),
    ]
    for sheet in sheets().values():
        columns = []
        for column in sheet.columns:
            text = column.header + ("*" if column.required else "")
            options = _options(column)
            if column.type is Cell.CHOICE:
                text += "（{}）".format("/".join(options))
            columns.append(text)
        lines.append(f"{sheet.name}：" + "、".join(columns))
    return lines
