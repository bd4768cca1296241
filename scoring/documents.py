"""The monthly 通报 as a 公文 (.docx) and as a workbook (.xlsx), from what was frozen."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, NamedTuple

from django.conf import settings
from django.utils import translation

from media_outreach.models import MediaOutlet
from portal.gongwen import (
    add_addressee,
    add_blank_line,
    add_body,
    add_closing,
    add_heading,
    add_page_break,
    add_run_in,
    add_table,
    add_title,
    document_finish,
    document_start,
)
from portal.spreadsheets import guarded
from portal.xlsx import HEADER, TITLE, XlsxStream
from scoring.models import Bulletin, Line
from scoring.scores import LEVELS


def _level_labels() -> dict[str, str]:
    """The levels as a 公文 names them: in Chinese, whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return {value: str(label) for value, label in MediaOutlet.Level.choices}


ADDRESSEE = "各村（社区）、镇属各部门"


def _number(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class BulletinContent:
    bulletin: Bulletin
    units: list[Line]
    people: list[Line]
    corrections: list[Line]
    entries: list

    @property
    def title(self) -> str:
        return f"关于{self.bulletin.year}年{self.bulletin.month}月新闻宣传考核情况的通报"


class EntryRow(NamedTuple):
    """A piece of the annex, read as a row: a busy month lists thousands."""

    date: datetime.date
    title: str
    outlet: str
    level: str
    unit: str
    authors: str
    points: Decimal
    note: str


def _own(line: Line, bulletin: Bulletin) -> bool:
    return (line.of_year, line.of_month) == (bulletin.year, bulletin.month)


def month_of_line(line: Line, bulletin: Bulletin) -> str:
    """The month a correction is of: "3月", or "2025年12月" for last year's."""
    if line.of_year == bulletin.year:
        return f"{line.of_month}月"
    return f"{line.of_year}年{line.of_month}月"


def bulletin_content(bulletin: Bulletin) -> BulletinContent:
    lines = list(bulletin.lines.select_related("unit"))
    return BulletinContent(
        bulletin=bulletin,
        units=[line for line in lines if line.subject == Line.Subject.UNIT and _own(line, bulletin)],
        people=[line for line in lines if line.subject == Line.Subject.PERSON and _own(line, bulletin)],
        corrections=[line for line in lines if not _own(line, bulletin)],
        entries=[
            EntryRow(*row) for row in bulletin.entries.order_by("date", "pk").values_list(*EntryRow._fields)
        ],
    )


def _overview(content: BulletinContent) -> str:
    labels = _level_labels()
    month = content.bulletin.month
    counted = [entry for entry in content.entries if entry.points > 0]
    if not counted:
        return f"{month}月，全镇各单位未有稿件在考核范围内的媒体刊发计分。"
    by_level: dict[str, int] = {}
    for line in content.units:
        for level, count in (line.levels or {}).items():
            by_level[level] = by_level.get(level, 0) + count
    parts = [f"{labels[level]}{by_level[level]}篇" for level in LEVELS if by_level.get(level)]
    total = sum((line.total for line in content.units), Decimal(0))
    scoring_units = sum(1 for line in content.units if line.pieces > 0)
    text = f"{month}月，全镇各单位在各级媒体计分稿件{len(counted)}篇"
    if parts:
        text += "，其中" + "、".join(parts)
    text += f"，{scoring_units}个单位有稿件计分，合计得分{_number(total)}分。"
    top = [line for line in content.units if line.total > 0][:3]
    if top:
        text += "得分居前的是" + "、".join(f"{line.name}（{_number(line.total)}分）" for line in top) + "。"
    return text


def _shortfall(content: BulletinContent) -> str:
    short = [line for line in content.units if line.quota and line.pieces < line.quota]
    if not short:
        return "本月各单位均完成了新闻宣传任务。"
    names = "、".join(f"{line.name}（{line.pieces}/{line.quota}篇）" for line in short)
    return (
        f"未完成本月新闻宣传任务的单位有{len(short)}个：{names}。请上述单位加强信息报送，确保完成全年任务。"
    )


def bulletin_docx(bulletin: Bulletin, out: IO[bytes] | None = None) -> bytes | None:
    """The 通报 in 公文 format: title, 主送, the month in words, the rankings as tables,
    the corrections, the pieces as an annex, the signature and date."""
    content = bulletin_content(bulletin)
    labels = _level_labels()
    document = document_start()
    add_title(document, content.title)
    add_addressee(document, ADDRESSEE)
    add_body(
        document,
        f"根据本镇新闻宣传工作考核办法，经对各单位报送的{bulletin.year}年{bulletin.month}月"
        "新闻宣传稿件逐篇核对刊发原件，现将考核情况通报如下。",
    )
    add_heading(document, "一、总体情况")
    add_body(document, _overview(content))
    add_heading(document, "二、单位得分情况")
    headers = ["名次", "单位", *(labels[level] for level in LEVELS), "稿件", "扣分", "得分", "任务"]
    rows = [
        [
            str(line.rank or ""),
            line.name,
            *(str((line.levels or {}).get(level, 0)) for level in LEVELS),
            str(line.pieces),
            _number(line.penalty) if line.penalty else "—",
            _number(line.total),
            "—"
            if not line.quota
            else ("完成" if line.pieces >= line.quota else f"差{line.quota - line.pieces}篇"),
        ]
        for line in content.units
    ]
    add_table(document, headers, rows, [13, 31, 17, 13, 13, 13, 13, 13, 13, 17])
    add_body(document, _shortfall(content))
    add_heading(document, "三、通讯员得分情况")
    if content.people:
        rows = [
            [str(line.rank or ""), line.name, line.unit.name, str(line.pieces), _number(line.points)]
            for line in content.people
        ]
        add_table(document, ["名次", "姓名", "单位", "计分稿件", "得分"], rows, [16, 34, 58, 24, 24])
    else:
        add_body(document, "本月无通讯员署名稿件计分。")
    if content.corrections:
        add_heading(document, "四、此前月份得分更正")
        add_body(document, "以下为已通报月份经核查后的得分更正，计入全年累计：")
        rows = [
            [
                month_of_line(line, bulletin),
                line.name,
                "单位" if line.subject == Line.Subject.UNIT else "通讯员",
                f"{line.pieces:+d}",
                f"{line.total:+.2f}",
            ]
            for line in content.corrections
        ]
        add_table(document, ["所属月份", "名称", "类别", "计分稿件", "得分"], rows, [22, 50, 24, 30, 30])
    add_body(document, "希望各单位进一步提高认识，加强通讯员队伍建设，多写、写好反映本镇工作的稿件。")
    add_blank_line(document)
    add_run_in(document, "附件：", f"{bulletin.year}年{bulletin.month}月计分稿件明细")
    add_closing(
        document,
        signature=bulletin.rules.issuer or f"中共{bulletin.town.name}委宣传办公室",
        date=bulletin.signed_on,
    )
    add_page_break(document)
    add_heading(document, "附件")
    rows = [
        [
            f"{entry.date:%m-%d}",
            entry.title,
            entry.outlet,
            entry.level,
            entry.unit,
            _number(entry.points),
            entry.note or "",
        ]
        for entry in content.entries
    ]
    if rows:
        add_table(
            document,
            ["日期", "标题", "媒体", "级别", "单位", "得分", "说明"],
            rows,
            [16, 38, 26, 17, 22, 13, 24],
        )
    else:
        add_body(document, "本月无稿件。")
    return document_finish(document, date=bulletin.signed_on, out=out)


def _row(sheet, values: list) -> None:
    sheet.row([guarded(value) if isinstance(value, str) else value for value in values])


def bulletin_xlsx(bulletin: Bulletin, stream: IO[bytes]) -> None:
    """The 通报's tables as a workbook: units, correspondents, corrections, pieces; text
    guarded against running as a formula, as in every export."""
    content = bulletin_content(bulletin)
    labels = _level_labels()
    with XlsxStream(stream) as workbook:
        sheet = workbook.sheet(
            "单位得分", widths=[6, 20, 8, 8, 8, 8, 10, 8, 8, 8, 8], freeze="A3", print_rows=2
        )
        sheet.row([content.title], style=TITLE)
        sheet.row(
            [
                "名次",
                "单位",
                *(labels[level] for level in LEVELS),
                "计分稿件",
                "得分",
                "扣分",
                "合计",
                "任务",
            ],
            style=HEADER,
        )
        for line in content.units:
            _row(
                sheet,
                [
                    line.rank,
                    line.name,
                    *((line.levels or {}).get(level, 0) for level in LEVELS),
                    line.pieces,
                    line.points,
                    line.penalty,
                    line.total,
                    line.quota,
                ],
            )
        sheet = workbook.sheet("通讯员得分", widths=[6, 14, 20, 10, 10], freeze="A3", print_rows=2)
        sheet.row([content.title], style=TITLE)
        sheet.row(["名次", "姓名", "单位", "计分稿件", "得分"], style=HEADER)
        for line in content.people:
            _row(sheet, [line.rank, line.name, line.unit.name, line.pieces, line.points])
        if content.corrections:
            sheet = workbook.sheet("得分更正", widths=[10, 20, 10, 10, 10, 10], freeze="A3", print_rows=2)
            sheet.row([content.title], style=TITLE)
            sheet.row(["所属月份", "名称", "类别", "计分稿件", "得分", "扣分"], style=HEADER)
            for line in content.corrections:
                subject = "单位" if line.subject == Line.Subject.UNIT else "通讯员"
                _row(
                    sheet,
                    [
                        month_of_line(line, bulletin),
                        line.name,
                        subject,
                        line.pieces,
                        line.points,
                        line.penalty,
                    ],
                )
        sheet = workbook.sheet("稿件明细", widths=[12, 40, 20, 8, 16, 20, 8, 20], freeze="A3", print_rows=2)
        sheet.row([content.title], style=TITLE)
        sheet.row(["日期", "标题", "媒体", "级别", "单位", "作者", "得分", "说明"], style=HEADER)
        for entry in content.entries:
            _row(
                sheet,
                [
                    entry.date,
                    entry.title,
                    entry.outlet,
                    entry.level,
                    entry.unit,
                    entry.authors,
                    entry.points,
                    entry.note,
                ],
            )
