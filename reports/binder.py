"""The ledger binder (台账汇编): a year's approved records with their photos, as .docx.

A binder is put together in the order inspectors go through a 台账 (DESIGN §10):
封面, 目录, then 一、工作制度 (the town's rules as issued), 二、组织网络及分工 (the
units, their people and what each does), 三、年度计划 (the plan the year began with:
the previous year's report's plan), 四、年度总结 (the year's report, or for one unit
its accepted 工作小结 and highlights), 五、活动记录 by work theme, then month — each
activity a block of its facts, its attachments named, and its photos two to a row —
and, if the office wants it, the 迎检 gaps as an appendix. A binder of one kind is
its activity records only.

Each photo goes in as the 1,000 px rendition made at its upload, unchanged and read
from storage only as the file is written, so a year of a thousand photos takes seconds
and little memory.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from django.conf import settings
from django.db.models import Count, F, Prefetch
from django.db.models.functions import ExtractMonth
from django.utils import timezone, translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Mm
from PIL import Image

from figures.metrics import Period, figures_compute
from inspection.gaps import completeness
from portal.gongwen import (
    Pictures,
    add_blank_line,
    add_body,
    add_bookmarked_heading,
    add_caption,
    add_centred,
    add_contents_line,
    add_facts_table,
    add_page_break,
    add_run_in,
    add_table,
    add_title,
    document_finish,
    document_start,
)
from portal.models import OrgUnit, User, in_subtree
from portal.roles import Role
from records.kinds import KINDS
from records.models import Attachment, Photo, Record, WorkTheme
from records.photos import photo_display
from reports.models import Material, ReportDraft, WorkRule
from reports.services import report_content

ORDINALS = "一二三四五六七八九十"
PHOTO_WIDTH = Mm(76)  # two to a row within the 156 mm type area
OTHER_THEME = "其他工作"
# The binder is the office's document, in Chinese whatever the screen that asked for it.
ATTACHMENT_SORTS = {"sign_in": "签到表", "minutes": "会议记录", "other": "其他材料"}
# The people a town's 组织网络 names, in the order of its table, and the work each does.
NETWORK_ROLES = {
    Role.LEADER: "分管领导，审定年度目标，听取工作汇报",
    Role.REVIEWER: "宣传办，审核各单位台账，组织新闻宣传考核",
    Role.SECRETARY: "文字综合，起草年度总结和计划，汇编台账",
    Role.REPORTER: "信息员，登记本单位工作记录，上传照片和附件",
}


@dataclass(frozen=True)
class BinderScope:
    town: OrgUnit
    year: int
    kind: str | None = None  # one kind, or all
    unit: OrgUnit | None = None  # one unit (and below), or the whole town
    gaps: bool = False  # the 迎检 gaps as an appendix

    @property
    def title(self) -> str:
        return f"{(self.unit or self.town).name}宣传思想文化工作台账（{self.year}年）"

    @property
    def standard(self) -> bool:
        """All kinds: the binder in the inspectors' order; one kind is its records only."""
        return self.kind is None


def binder_records(scope: BinderScope):
    unit = scope.unit or scope.town
    records = Record.objects.filter(
        in_subtree(unit), status=Record.Status.APPROVED, date__year=scope.year
    ).select_related("unit")
    if scope.kind:
        records = records.filter(kind=scope.kind)
    return records.prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("pk")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
    ).order_by("date", "pk")


def binder_docx(scope: BinderScope) -> bytes:
    """The binder as bytes: for small scopes and tests; the job writes to a file."""
    out = io.BytesIO()
    binder_write(scope, out)
    return out.getvalue()


@dataclass
class _Theme:
    key: int | None  # the WorkTheme's pk; None for records without one
    name: str
    months: list[tuple[int, int]]  # (month, records) in order

    @property
    def count(self) -> int:
        return sum(n for _month, n in self.months)

    @property
    def bookmark(self) -> str:
        return f"theme_{self.key or 0}"


@dataclass
class _Part:
    heading: str  # "一、工作制度"
    bookmark: str
    write: Callable[[], None]
    lines: int  # its length in body lines, for the contents' page estimate


def binder_write(
    scope: BinderScope, out: BinaryIO, *, progress: Callable[[int], None] = lambda percent: None
) -> None:
    """Write the binder to `out`. Photos go in as their stored display renditions, read
    as the file is written: the time and memory grow with the photos, not their square."""
    with translation.override(settings.LANGUAGE_CODE):  # kinds' and units' labels in Chinese
        _binder_write(scope, out, progress)


def _binder_write(scope: BinderScope, out: BinaryIO, progress: Callable[[int], None]) -> None:
    kinds_asked = [scope.kind] if scope.kind else list(KINDS)
    values = figures_compute(
        unit=scope.unit or scope.town,
        period=Period.year(scope.year),
        codes=[KINDS[code].count_code for code in kinds_asked],
    )
    total = sum(values[KINDS[code].count_code] for code in kinds_asked)
    themes = _themes(scope)
    document = document_start()
    for _ in range(4):
        add_blank_line(document)
    add_title(document, scope.title)
    add_blank_line(document)
    add_centred(document, f"单位：{(scope.unit or scope.town).name}")
    add_centred(document, f"类别：{KINDS[scope.kind].label if scope.kind else '全部'}")
    add_centred(document, f"共 {total} 条活动记录")
    add_page_break(document)

    front = _front_parts(document, scope) if scope.standard else []
    records_heading = f"{ORDINALS[len(front)]}、活动记录"
    appendix = _gaps_part(document, scope) if scope.gaps else None
    contents_lines = (
        len(front) + 1 + len(themes) + sum(len(theme.months) for theme in themes) + bool(appendix)
    )
    pages = _pages_estimate(scope, themes, front, contents_lines=contents_lines)
    add_title(document, "目  录")
    add_blank_line(document)
    for part in front:
        add_contents_line(document, part.heading, bookmark=part.bookmark, page=pages[part.bookmark])
    add_contents_line(document, records_heading, bookmark="records", page=pages["records"])
    for index, theme in enumerate(themes):
        add_contents_line(
            document,
            f"（{ORDINALS[index % 10]}）{theme.name}（{theme.count}条）",
            bookmark=theme.bookmark,
            page=pages[theme.bookmark],
            level=1,
        )
        for month, n in theme.months:
            add_contents_line(
                document,
                f"{scope.year}年{month}月（{n}条）",
                bookmark=f"{theme.bookmark}_{month}",
                page=pages[(theme.bookmark, month)],
                level=2,
            )
    if appendix:
        add_contents_line(
            document, appendix.heading, bookmark=appendix.bookmark, page=pages[appendix.bookmark]
        )

    for part in front:
        add_page_break(document)
        add_bookmarked_heading(document, part.heading, name=part.bookmark)
        part.write()
    add_page_break(document)
    add_bookmarked_heading(document, records_heading, name="records")
    if not themes:
        add_body(document, "本年度没有已审核通过的活动记录。")
    _records(document, scope, themes, total=max(1, total), progress=progress)
    if appendix:
        add_page_break(document)
        add_bookmarked_heading(document, appendix.heading, name=appendix.bookmark)
        appendix.write()
    document_finish(document, date=date(scope.year, 12, 31), out=out)


def _records(document, scope: BinderScope, themes: list[_Theme], *, total: int, progress) -> None:
    """五、活动记录: by theme in the town's order, then month, each record a block."""
    records = binder_records(scope).order_by(
        F("theme__order").asc(nulls_last=True), F("theme_id").asc(nulls_last=True), "date", "pk"
    )
    details = {}
    for code in {code for code in ([scope.kind] if scope.kind else KINDS)}:
        model = KINDS[code].model
        details.update(
            {row.pk: row for row in model.objects.filter(pk__in=records.filter(kind=code).values("pk"))}
        )
    pictures = Pictures(document)
    by_key = {theme.key: (index, theme) for index, theme in enumerate(themes)}
    theme_key, month, number = object(), None, 0
    for done, record in enumerate(records.iterator(chunk_size=200), start=1):
        if record.theme_id != theme_key:
            theme_key, month, number = record.theme_id, None, 0
            index, theme = by_key[record.theme_id]
            add_bookmarked_heading(
                document, f"（{ORDINALS[index % 10]}）{theme.name}", name=theme.bookmark, level=1
            )
        if record.date.month != month:
            month = record.date.month
            add_bookmarked_heading(
                document, f"{scope.year}年{month}月", name=f"{theme.bookmark}_{month}", level=2
            )
        number += 1
        _record(document, pictures, number, record, details.get(record.pk))
        if done % 50 == 0:
            progress(round(90 * done / total))


def _themes(scope: BinderScope) -> list[_Theme]:
    """The themes with records, in the town's order (records without one last), each
    with its months and how many records each holds."""
    rows = (
        binder_records(scope)
        .prefetch_related(None)
        .annotate(month=ExtractMonth("date"))
        .values_list("theme_id", "month")
        .annotate(n=Count("pk"))
        .order_by("theme_id", "month")
    )
    months: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for theme_id, month, n in rows:
        months[theme_id].append((month, n))
    named = WorkTheme.objects.filter(pk__in=[key for key in months if key is not None]).order_by(
        "order", "pk"
    )
    themes = [_Theme(theme.pk, theme.name, months[theme.pk]) for theme in named]
    if None in months:
        themes.append(_Theme(None, OTHER_THEME, months[None]))
    return themes


# --- the parts before the records ---------------------------------------------


def _front_parts(document, scope: BinderScope) -> list[_Part]:
    """一、工作制度 to 四、年度总结, each with how to write it and its length."""
    rules = list(WorkRule.objects.filter(town=scope.town, is_active=True))
    network = _network(scope)
    plan = _plan(scope)
    summary = _summary(scope)
    parts = [
        (
            "工作制度",
            "rules",
            lambda: _rules_write(document, rules),
            _lines(*(rule.text for rule in rules)) + 3 * len(rules),
        ),
        (
            "组织网络及分工",
            "network",
            lambda: _network_write(document, network),
            4 + sum(len(rows) + 2 for _h, rows in network),
        ),
        (
            "年度计划",
            "plan",
            lambda: _paragraphs_write(document, plan),
            _lines(*(text for _lead, text in plan[1])) + 2,
        ),
        (
            "年度总结",
            "summary",
            lambda: _paragraphs_write(document, summary),
            _lines(*(text for _lead, text in summary[1])) + 2,
        ),
    ]
    return [
        _Part(f"{ORDINALS[index]}、{heading}", bookmark, write, lines)
        for index, (heading, bookmark, write, lines) in enumerate(parts)
    ]


def _lines(*texts: str) -> int:
    """About how many 28-character body lines `texts` fill."""
    return sum(math.ceil(len(line) / 28) or 1 for text in texts for line in text.splitlines() if line.strip())


def _rules_write(document, rules: list[WorkRule]) -> None:
    if not rules:
        add_body(
            document, "本镇工作制度尚未录入平台（在“年度总结”页的“工作制度”中录入后，重新生成台账即可编入）。"
        )
        return
    for index, rule in enumerate(rules):
        add_bookmarked_heading(
            document, f"（{ORDINALS[index % 10]}）{rule.title}", name=f"rule_{rule.pk}", level=1
        )
        if rule.issued_on:
            day = rule.issued_on
            add_centred(document, f"（{day.year}年{day.month}月{day.day}日印发）")
        for line in rule.text.splitlines():
            if line.strip():
                add_body(document, line.strip())


def _network(scope: BinderScope) -> list[tuple[str, list[list[str]]]]:
    """The tables of 二、组织网络及分工: who leads and works on it, then each unit and
    its liaisons, from the accounts and units the portal holds."""
    unit = scope.unit or scope.town
    units = list(OrgUnit.objects.filter(in_subtree(unit, field=""), is_active=True).order_by("path"))
    people = (
        User.objects.filter(unit__in=[each.pk for each in units], is_active=True)
        .prefetch_related("groups")
        .order_by("unit__path", "name")
    )
    roles = {role.value: role for role in NETWORK_ROLES}
    staff, liaisons = [], defaultdict(list)
    for person in people:
        held = [roles[group.name] for group in person.groups.all() if group.name in roles]
        for role in sorted(held, key=list(NETWORK_ROLES).index):
            if role == Role.REPORTER:
                liaisons[person.unit_id].append(
                    f"{person.name}（{person.phone}）" if person.phone else person.name
                )
            else:
                staff.append([person.name, str(role.label), NETWORK_ROLES[role], person.phone or "—"])
    tables = []
    if staff:
        tables.append(("（一）工作机构", staff))
    rows = [[each.name, str(each.get_kind_display()), "、".join(liaisons[each.pk]) or "—"] for each in units]
    tables.append((f"（{ORDINALS[len(tables)]}）各单位及信息员", rows))
    return tables


def _network_write(document, tables) -> None:
    widths = {4: [24, 30, 70, 32], 3: [46, 30, 80]}
    headers = {4: ["姓名", "岗位", "分工", "联系电话"], 3: ["单位", "类型", "信息员（联系电话）"]}
    for heading, rows in tables:
        add_bookmarked_heading(document, heading, name=f"network_{len(rows[0])}", level=1)
        add_table(document, headers[len(rows[0])], rows, widths[len(rows[0])])
        add_blank_line(document)


def _plan(scope: BinderScope) -> tuple[str, list[tuple[str, str]]]:
    """三、年度计划: the plan this year began with — the previous year's report's."""
    draft = ReportDraft.objects.filter(town=scope.town, year=scope.year - 1).first()
    if draft is None:
        return f"{scope.year - 1}年度总结及{scope.year}年工作计划未在平台编制。", []
    content, _figures = report_content(draft)
    items = [
        (f"（{ORDINALS[i % 10]}）{item.heading}", item.text) for i, item in enumerate(content.plan_items)
    ]
    source = f"录自《{content.title.replace(chr(10), '')}》" + ("，本单位遵照执行。" if scope.unit else "。")
    return f"{source}\n{content.plan_opening}", items


def _summary(scope: BinderScope) -> tuple[str, list[tuple[str, str]]]:
    """四、年度总结: the town's report for the year; for one unit, what it sent."""
    if scope.unit and scope.unit.pk != scope.town.pk:
        pieces = Material.objects.filter(
            call__town=scope.town,
            call__year=scope.year,
            unit__in=scope.unit.subtree_ids,
            status=Material.Status.ACCEPTED,
            sort__in=[Material.Sort.SUMMARY, Material.Sort.HIGHLIGHT],
        ).order_by("sort", "pk")
        summaries = [piece.text for piece in pieces if piece.sort == Material.Sort.SUMMARY]
        highlights = [("工作亮点：", piece.text) for piece in pieces if piece.sort == Material.Sort.HIGHLIGHT]
        if not summaries and not highlights:
            return f"本单位{scope.year}年度工作小结尚未报送或尚未采用。", []
        return "\n".join(summaries), highlights
    draft = ReportDraft.objects.filter(town=scope.town, year=scope.year).first()
    if draft is None:
        return f"{scope.year}年度工作总结尚未在平台编制。", []
    content, _figures = report_content(draft)
    sections = [
        (f"（{ORDINALS[i % 10]}）{section.lead}", section.text) for i, section in enumerate(content.sections)
    ]
    return content.opening, sections


def _paragraphs_write(document, paragraphs: tuple[str, list[tuple[str, str]]]) -> None:
    opening, items = paragraphs
    for line in opening.splitlines():
        if line.strip():
            add_body(document, line.strip())
    for lead, text in items:
        add_run_in(document, lead, text)


def _gaps_part(document, scope: BinderScope) -> _Part:
    """附：台账缺项清单, the 迎检 page's gaps for the binder's units, as of today."""
    found = completeness(scope.town, scope.year)
    inside = set((scope.unit or scope.town).subtree_ids)
    units = [entry for entry in found.units if entry.unit.pk in inside]

    def write() -> None:
        today = timezone.localdate()
        percent = found.percent if not scope.unit else None
        head = f"截至{today.year}年{today.month}月{today.day}日"
        add_body(document, f"{head}，全镇台账完整度{percent}%。" if percent is not None else f"{head}：")
        for entry in units:
            shown = (
                f"{entry.unit.name}（台账完整度{entry.percent}%）"
                if entry.percent is not None
                else entry.unit.name
            )
            add_bookmarked_heading(document, shown, name=f"gaps_{entry.unit.pk}", level=1)
            gaps = [gap for gap in entry.gaps if not gap.current]
            for number, gap in enumerate(gaps, start=1):
                add_body(document, f"{number}．{gap.message}")
            if not gaps:
                add_body(document, "无缺项。")

    lines = sum(len(entry.gaps) + 1 for entry in units) + 1
    return _Part("附：台账缺项清单", "gaps", write, lines)


# The estimate of the pages the contents line shows in Word until its fields are updated
# (LibreOffice, and so every PDF, computes them): a 225 mm type area of 22 lines, a
# record's block of facts about 70 mm, photos two to a row of 65 mm with their captions.
TYPE_AREA_MM, BLOCK_MM, PHOTO_ROW_MM, HEADING_MM, LINES_A_PAGE = 225, 70, 65, 10, 22


def _pages_estimate(
    scope: BinderScope, themes: list[_Theme], front: list[_Part], *, contents_lines: int
) -> dict:
    photos = dict(
        binder_records(scope)
        .prefetch_related(None)
        .annotate(photo_count=Count("photos"))
        .values_list("pk", "photo_count")
    )
    rows = binder_records(scope).prefetch_related(None).values_list("pk", "theme_id", "date")
    by_theme: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for pk, theme_id, day in rows:
        by_theme[theme_id].append((day.month, photos.get(pk, 0)))
    page = 2 + math.ceil(contents_lines / LINES_A_PAGE)  # the cover, the contents
    pages: dict = {}
    for part in front:
        page += 1
        pages[part.bookmark] = page
        page += (1 + part.lines) // LINES_A_PAGE
    page += 1
    pages["records"] = page
    used = HEADING_MM
    for theme in themes:
        pages[theme.bookmark] = page
        month = None
        for record_month, count in sorted(by_theme[theme.key]):
            height = (
                BLOCK_MM + PHOTO_ROW_MM * math.ceil(count / 2) + (HEADING_MM if record_month != month else 0)
            )
            if used + min(height, TYPE_AREA_MM) > TYPE_AREA_MM:
                page, used = page + 1, 0
            if record_month != month:
                month = record_month
                pages[(theme.bookmark, month)] = page
            used += height
            while used > TYPE_AREA_MM:
                page, used = page + 1, used - TYPE_AREA_MM
    pages["gaps"] = page + 1
    return pages


def _record(document, pictures: Pictures, number: int, record: Record, detail) -> None:
    """One activity: its title, a table of its facts, then its photos with captions."""
    add_run_in(document, f"{number}．{record.title}").paragraph_format.keep_with_next = True
    rows = [("日期", f"{record.date.year}年{record.date.month}月{record.date.day}日")]
    if record.place:
        rows.append(("地点", record.place))
    rows.append(("单位", record.unit.name))
    if detail is not None:
        rows.extend(_kind_facts(detail, KINDS[record.kind].facts))
    if record.participants:
        rows.append(("参与人数", f"{record.participants}人"))
    if record.summary:
        rows.append(("内容", record.summary.strip()))
    attachments = sorted(record.attachments.all(), key=lambda each: list(ATTACHMENT_SORTS).index(each.sort))
    if attachments:
        named = [f"{ATTACHMENT_SORTS[each.sort]}《{each.original_name}》" for each in attachments]
        rows.append(("附件", "；".join(named)))
    add_facts_table(document, rows)
    photos = list(record.photos.all())
    if photos:
        _photos(document, pictures, photos, title=record.title)
    add_blank_line(document)


def _kind_facts(detail, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """The kind's own facts (`Kind.facts`) as (label, value), choices by their labels."""
    facts = []
    for name in names:
        field = detail._meta.get_field(name)
        value = getattr(detail, name, None)
        if value in (None, "", False):
            continue
        if value is True:
            value = "是"
        if field.choices:
            value = getattr(detail, f"get_{name}_display")()
        text = str(value).strip().replace("\n", "；")
        facts.append((str(field.verbose_name), text))
    return facts


def _photos(document, pictures: Pictures, photos: list[Photo], *, title: str) -> None:
    """Two to a row, each with its caption: 图N, the activity, when it was taken."""
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for start in range(0, len(photos), 2):
        cells = table.add_row().cells
        for offset, (cell, photo) in enumerate(zip(cells, photos[start : start + 2], strict=False)):
            rendition = _rendition(photo)
            if rendition is None:
                continue
            opener, size = rendition
            paragraph = cell.paragraphs[0]
            # Body text has an exact 28 pt line, which would crop a picture to a strip.
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            pictures.add(paragraph.add_run(), opener, size=size, width=PHOTO_WIDTH)
            taken = f"（摄于{timezone.localtime(photo.taken_at):%Y-%m-%d}）" if photo.taken_at else ""
            add_caption(cell, f"图{start + offset + 1}　{title}{taken}")


def _rendition(photo: Photo) -> tuple[Callable[[], BinaryIO], tuple[int, int]] | None:
    """How to open the photo's display rendition (made now if it has none), and its size.

    Only the header is read here; the bytes go into the file as they are, unchanged.
    """
    try:
        photo_display(photo)
        with photo.display.open("rb") as stored, Image.open(stored) as image:
            size, kind = image.size, image.format
    except (OSError, ValueError):
        return None  # a photo file gone missing costs that photo, not the binder
    if kind != "JPEG":
        return None
    storage, name = photo.display.storage, photo.display.name
    return (lambda: storage.open(name, "rb")), size
