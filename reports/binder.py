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
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone, translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
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
    add_closing,
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
from records.photos import display_rendition, photo_display
from reports.models import Material, ReportDraft, WorkRule
from reports.services import report_content

ORDINALS = "一二三四五六七八九十"
PHOTO_WIDTH = Mm(76)  # two to a row within the 156 mm type area
OTHER_THEME = "其他工作"
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
    if scope.unit is not None and scope.unit.pk == scope.town.pk:
        scope = replace(scope, unit=None)  # the town chosen as the unit is the town's binder
    kinds_asked = [scope.kind] if scope.kind else list(KINDS)
    values = figures_compute(
        unit=scope.unit or scope.town,
        period=Period.year(scope.year),
        codes=[KINDS[code].count_code for code in kinds_asked],
    )
    total = sum(values[KINDS[code].count_code] for code in kinds_asked)
    themes = _themes(scope)
    lists = [code for code in kinds_asked if KINDS[code].listed and values[KINDS[code].count_code]]
    document = document_start()
    _cover(document, scope)

    front = _front_parts(document, scope) if scope.standard else []
    records_heading = f"{ORDINALS[len(front)]}、活动记录"
    appendix = _gaps_part(document, scope) if scope.gaps else None
    subsections = [(theme.bookmark, f"{theme.name}（{theme.count}条）") for theme in themes]
    subsections += [(f"list_{code}", _list_heading(code, values[KINDS[code].count_code])) for code in lists]
    contents_lines = len(front) + 1 + len(subsections) + bool(appendix)
    pages = _pages_estimate(scope, themes, front, lists, contents_lines=contents_lines)
    add_title(document, "目  录")
    add_blank_line(document)
    for part in front:
        add_contents_line(document, part.heading, bookmark=part.bookmark, page=pages[part.bookmark])
    add_contents_line(document, records_heading, bookmark="records", page=pages["records"])
    for index, (bookmark, heading) in enumerate(subsections):
        add_contents_line(
            document, f"（{_ordinal(index)}）{heading}", bookmark=bookmark, page=pages[bookmark], level=1
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
    if not subsections:
        add_body(document, "本年度没有已审核通过的活动记录。")
    pictures = Pictures(document)  # one for the document: it numbers the image parts
    _records(document, pictures, scope, themes, total=max(1, total), progress=progress)
    for index, code in enumerate(lists, start=len(themes)):
        heading = f"（{_ordinal(index)}）{_list_heading(code, values[KINDS[code].count_code])}"
        add_bookmarked_heading(document, heading, name=f"list_{code}", level=1)
        _list_table(document, pictures, scope, code)
    if appendix:
        add_page_break(document)
        add_bookmarked_heading(document, appendix.heading, name=appendix.bookmark)
        appendix.write()
    document.sections[0].different_first_page_header_footer = True  # no page number on the cover
    document_finish(document, date=date(scope.year, 12, 31), out=out)


def _ordinal(index: int) -> str:
    """一 to 九十九, for the （一） of a part's sections."""
    number = index + 1
    if number <= 10:
        return ORDINALS[number - 1]
    tens, ones = divmod(number, 10)
    return f"{ORDINALS[tens - 1] if tens > 1 else ''}十{ORDINALS[ones - 1] if ones else ''}"


def _cover(document, scope: BinderScope) -> None:
    """The title, the year, who compiled it and when: no page number, no filter labels."""
    unit = scope.unit or scope.town
    for _ in range(5):
        add_blank_line(document)
    add_title(document, f"{unit.name}宣传思想文化工作台账")
    add_blank_line(document)
    add_centred(document, f"（{scope.year}年度）")
    if scope.kind:
        add_centred(document, f"{KINDS[scope.kind].label}")
    for _ in range(6):
        add_blank_line(document)
    today = timezone.localdate()
    add_centred(document, f"编制单位：{scope.town.signing_name if unit.pk == scope.town.pk else unit.name}")
    add_centred(document, f"编制日期：{today.year}年{today.month}月")
    add_page_break(document)


def _list_heading(code: str, count: int) -> str:
    kind = KINDS[code]
    return f"{kind.label}一览（{count}{kind.count_unit}）"


def _list_table(document, pictures: Pictures, scope: BinderScope, code: str) -> None:
    """A kind read down a table rather than block by block (KINDS[code].listed): media
    placements, honours; in date order, each row its date, title and own fields."""
    kind = KINDS[code]
    model = kind.model
    names = kind.listed
    relations = [name for name in names if model._meta.get_field(name).is_relation]
    rows = []
    chosen = model.objects.filter(pk__in=binder_records(scope).filter(kind=code).values("pk"))
    if relations:  # select_related() with no names would follow every foreign key there is
        chosen = chosen.select_related(*relations)
    found = list(
        chosen.prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("pk"))).order_by(
            "date", "pk"
        )
    )
    for record in found:
        facts = dict(_kind_facts(record, names))
        rows.append(
            [
                f"{record.date.month}月{record.date.day}日",
                record.title.strip(),
                *(facts.get(str(model._meta.get_field(name).verbose_name), "") for name in names),
            ]
        )
    headers = ["日期", "标题", *(str(model._meta.get_field(name).verbose_name) for name in names)]
    own = (156 - DATE_MM - TITLE_MM) / len(names)
    add_table(document, headers, rows, [DATE_MM, TITLE_MM, *(own for _name in names)])
    # Then the pictures the rows carry (a placement's screenshot, an honour's certificate).
    shown = [
        (_rendition(photo), f"{_day(record.date)}，{record.title.strip()}")
        for record in found
        for photo in record.photos.all()
    ]
    shown = [(rendition, caption) for rendition, caption in shown if rendition is not None]
    if shown:
        _pictures(document, pictures, shown)
    add_blank_line(document)


# 日期 and 标题, then the kind's own columns sharing what is left of the 156 mm.
DATE_MM, TITLE_MM = 22, 58


def _records(
    document, pictures: Pictures, scope: BinderScope, themes: list[_Theme], *, total: int, progress
) -> None:
    """活动记录: by theme in the town's order, then month, each record a block."""
    records = (
        _block_records(scope)
        .select_related("theme")
        .order_by(F("theme__order").asc(nulls_last=True), F("theme_id").asc(nulls_last=True), "date", "pk")
    )
    details = {}
    for code in {code for code in ([scope.kind] if scope.kind else KINDS)}:
        if KINDS[code].listed:
            continue
        model = KINDS[code].model
        details.update(
            {row.pk: row for row in model.objects.filter(pk__in=records.filter(kind=code).values("pk"))}
        )
    by_key = {theme.key: (index, theme) for index, theme in enumerate(themes)}
    theme_key, month, number = object(), None, 0
    for done, record in enumerate(records.iterator(chunk_size=200), start=1):
        if record.theme_id != theme_key:
            theme_key, month, number = record.theme_id, None, 0
            if record.theme_id not in by_key:  # approved, or moved, while the binder was written
                by_key[record.theme_id] = (
                    len(by_key),
                    _Theme(record.theme_id, str(record.theme or OTHER_THEME), []),
                )
            index, theme = by_key[record.theme_id]
            add_bookmarked_heading(
                document, f"（{_ordinal(index)}）{theme.name}", name=theme.bookmark, level=1
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


def _block_records(scope: BinderScope):
    """The records written as blocks: all but the kinds read as a table."""
    return binder_records(scope).exclude(kind__in=[code for code, kind in KINDS.items() if kind.listed])


def _themes(scope: BinderScope) -> list[_Theme]:
    """The themes with records written as blocks, in the town's order (records without
    one last), each with its months and how many records each holds."""
    rows = (
        _block_records(scope)
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


@dataclass
class _Doc:
    """A document printed in a part before the records: a rule, a 通知, a plan, a report."""

    title: str
    paragraphs: list[tuple[str, str]]  # (run-in lead or "", text)
    issued: date | None = None
    closing: tuple[str, date] | None = None  # signature and date

    @property
    def lines(self) -> int:
        return _lines(self.title, *(lead + text for lead, text in self.paragraphs)) + 3


def _front_parts(document, scope: BinderScope) -> list[_Part]:
    """一、工作制度 to 四、年度总结, each with how to write it and its length: the office's
    own documents where it has entered them (reports.WorkRule), else what the portal
    holds (the accounts and units, last year's plan, this year's report)."""
    entered = defaultdict(list)
    for rule in WorkRule.objects.filter(town=scope.town, is_active=True).order_by("order", "pk"):
        # A plan is its year's; a rule or a network document any year's it names, or since it was issued.
        issued_later = rule.issued_on is not None and rule.issued_on.year > scope.year
        if rule.year == scope.year or (
            rule.part != WorkRule.Part.PLAN and not rule.year and not issued_later
        ):
            entered[rule.part].append(
                _Doc(rule.title, [("", line) for line in rule.text.splitlines()], issued=rule.issued_on)
            )
    rules = entered[WorkRule.Part.RULES]
    network_docs = entered[WorkRule.Part.NETWORK]
    # The office's own 领导小组 document says who leads: the accounts' roles then only add noise.
    network = _network(scope, staff=not network_docs)
    plan = entered[WorkRule.Part.PLAN] or _plan(scope)
    summary = _summary(scope)
    missing = {
        "rules": "（本镇工作制度未录入平台。）",
        "plan": f"（{scope.year}年度工作要点未录入平台，{scope.year - 1}年度总结及工作计划亦未在平台编制。）",
        "summary": f"（{scope.year}年度工作总结尚未在平台编制。）",
    }

    def docs_write(docs: list[_Doc], bookmark: str, *, then=None) -> Callable[[], None]:
        def write() -> None:
            numbered = len(docs) > 1 or then is not None  # a part's one document is titled, not numbered
            for index, doc in enumerate(docs):
                heading = f"（{_ordinal(index)}）{doc.title}" if numbered else doc.title
                _doc_write(document, doc, heading=heading, name=f"{bookmark}_{index}", numbered=numbered)
            if then is not None:
                then(len(docs))
            elif not docs:
                add_body(document, missing[bookmark])

        return write

    parts = [
        ("工作制度", "rules", docs_write(rules, "rules"), sum(doc.lines for doc in rules) + 1),
        (
            "组织网络及分工",
            "network",
            docs_write(network_docs, "network", then=lambda start: _network_write(document, network, start)),
            sum(doc.lines for doc in network_docs) + 4 + sum(len(rows) + 2 for _h, rows in network),
        ),
        ("年度计划", "plan", docs_write(plan, "plan"), sum(doc.lines for doc in plan) + 1),
        ("年度总结", "summary", docs_write(summary, "summary"), sum(doc.lines for doc in summary) + 1),
    ]
    return [
        _Part(f"{ORDINALS[index]}、{heading}", bookmark, write, lines)
        for index, (heading, bookmark, write, lines) in enumerate(parts)
    ]


def _doc_write(document, doc: _Doc, *, heading: str, name: str, numbered: bool) -> None:
    if numbered:
        add_bookmarked_heading(document, heading, name=name, level=1)
    else:
        add_centred(document, heading).paragraph_format.keep_with_next = True
    if doc.issued:
        add_centred(document, f"（{_day(doc.issued)}印发）")
    for lead, text in doc.paragraphs:
        if lead:
            add_run_in(document, lead, text)
        elif text.strip():
            add_body(document, text.strip())
    if doc.closing:
        signature, day = doc.closing
        add_closing(document, signature=signature, date=day)


def _lines(*texts: str) -> int:
    """About how many 28-character body lines `texts` fill."""
    return sum(math.ceil(len(line) / 28) or 1 for text in texts for line in text.splitlines() if line.strip())


def _network(scope: BinderScope, *, staff: bool = True) -> list[tuple[str, list[list[str]]]]:
    """The tables of 二、组织网络及分工: who leads and works on it, then each unit and
    its liaisons, from the accounts and units the portal holds."""
    unit = scope.unit or scope.town
    units = list(
        OrgUnit.objects.filter(in_subtree(unit, field=""))
        .filter(Q(is_active=True) | Q(pk=unit.pk))  # a merged village's own past binder too
        .order_by("path")
    )
    people = (
        User.objects.filter(unit__in=[each.pk for each in units], is_active=True)
        .prefetch_related("groups")
        .order_by("unit__path", "name")
    )
    roles = {role.value: role for role in NETWORK_ROLES}
    office, liaisons = [], defaultdict(list)
    for person in people:
        held = [roles[group.name] for group in person.groups.all() if group.name in roles]
        for role in sorted(held, key=list(NETWORK_ROLES).index):
            if role == Role.REPORTER:
                liaisons[person.unit_id].append(
                    f"{person.name}（{person.phone}）" if person.phone else person.name
                )
            else:
                office.append([person.name, str(role.label), NETWORK_ROLES[role], person.phone or "—"])
    tables = []
    if staff and office:
        tables.append(("（一）工作机构", office))
    rows = [[each.name, str(each.get_kind_display()), "、".join(liaisons[each.pk]) or "—"] for each in units]
    tables.append((f"（{ORDINALS[len(tables)]}）各单位及信息员", rows))
    return tables


def _network_write(document, tables, start: int = 0) -> None:
    """The tables after the office's own documents of the part, numbered on from them."""
    widths = {4: [24, 30, 70, 32], 3: [46, 30, 80]}
    headers = {4: ["姓名", "岗位", "分工", "联系电话"], 3: ["单位", "类型", "信息员（联系电话）"]}
    for index, (heading, rows) in enumerate((table for table in tables if table[1]), start=start):
        heading = f"（{_ordinal(index)}）{heading.split('）', 1)[1]}"
        add_bookmarked_heading(document, heading, name=f"network_{len(rows[0])}", level=1)
        add_table(document, headers[len(rows[0])], rows, widths[len(rows[0])])
        add_blank_line(document)


def _plan(scope: BinderScope) -> list[_Doc]:
    """三、年度计划 where the office entered none: the plan this year began with, the
    previous year's report's plan, its figures filled in."""
    draft = ReportDraft.objects.filter(town=scope.town, year=scope.year - 1).first()
    if draft is None:
        return []
    content, _figures = report_content(draft)
    items = [(f"（{_ordinal(i)}）{item.heading}", item.text) for i, item in enumerate(content.plan_items)]
    title = f"{content.title.replace(chr(10), '')}（{scope.year}年工作计划部分）"
    return [_Doc(title, [("", content.plan_opening), *items])]


def _summary(scope: BinderScope) -> list[_Doc]:
    """四、年度总结: the town's report for the year, signed and dated as it goes up; for
    one unit, the 工作小结 and highlights it sent and the office accepted."""
    if scope.unit and scope.unit.pk != scope.town.pk:
        pieces = Material.objects.filter(
            call__town=scope.town,
            call__year=scope.year,
            unit__in=scope.unit.subtree_ids,
            status=Material.Status.ACCEPTED,
            sort__in=[Material.Sort.SUMMARY, Material.Sort.HIGHLIGHT],
        ).order_by("sort", "pk")
        paragraphs = [("", piece.text) for piece in pieces if piece.sort == Material.Sort.SUMMARY]
        paragraphs += [
            ("工作亮点：", piece.text) for piece in pieces if piece.sort == Material.Sort.HIGHLIGHT
        ]
        if not paragraphs:
            return []
        return [_Doc(f"{scope.unit.name}{scope.year}年度宣传思想文化工作小结", paragraphs)]
    draft = ReportDraft.objects.filter(town=scope.town, year=scope.year).first()
    if draft is None:
        return []
    content, _figures = report_content(draft)
    sections = [
        (f"（{_ordinal(i)}）{section.lead}", section.text) for i, section in enumerate(content.sections)
    ]
    title = content.title.replace("\n", "")
    return [_Doc(title, [("", content.opening), *sections], closing=(content.signature, content.date))]


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
# record's block of facts about 85 mm, photos two to a row of 65 mm with their captions,
# a row of a table of placements or honours 12 mm (their titles take two lines).
TYPE_AREA_MM, BLOCK_MM, PHOTO_ROW_MM, HEADING_MM, LINES_A_PAGE = 225, 85, 65, 10, 22
LIST_ROW_MM = 12


def _pages_estimate(
    scope: BinderScope, themes: list[_Theme], front: list[_Part], lists: list[str], *, contents_lines: int
) -> dict:
    photos = dict(
        _block_records(scope)
        .prefetch_related(None)
        .annotate(photo_count=Count("photos"))
        .values_list("pk", "photo_count")
    )
    rows = _block_records(scope).prefetch_related(None).values_list("pk", "theme_id", "date")
    by_theme: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for pk, theme_id, day in rows:
        by_theme[theme_id].append((day.month, photos.get(pk, 0)))
    page = 1 + math.ceil((contents_lines + 2) / LINES_A_PAGE)  # the cover, then the contents
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
            month = record_month
            used += height
            while used > TYPE_AREA_MM:
                page, used = page + 1, used - TYPE_AREA_MM
    if lists:
        counts = dict(
            binder_records(scope)
            .filter(kind__in=lists)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for code in lists:
            if used + HEADING_MM + LIST_ROW_MM * 2 > TYPE_AREA_MM:
                page, used = page + 1, 0
            pages[f"list_{code}"] = page
            used += HEADING_MM + LIST_ROW_MM * (counts.get(code, 0) + 1)
            while used > TYPE_AREA_MM:
                page, used = page + 1, used - TYPE_AREA_MM
    pages["gaps"] = page + 1
    return pages


def _record(document, pictures: Pictures, number: int, record: Record, detail) -> None:
    """One activity: its title, a table of its facts, then its photos (and any picture of
    a 签到表) with captions, kept together on a page where it fits."""
    add_body(document, f"{number}．{record.title}").paragraph_format.keep_with_next = True
    kind = KINDS[record.kind]
    labels = getattr(kind.form.Meta, "labels", {})
    rows = [("日期", _day(record.date))]
    if record.place:
        rows.append(("地点", record.place))
    rows.append(("单位", record.unit.name))
    if detail is not None:
        rows.extend(_kind_facts(detail, kind.facts))
    if record.participants:
        present = (str(labels.get("participants", "参与人数")), f"{record.participants}人")
        expected = detail and getattr(detail, "expected_attendance", None)
        at = next(
            (i + 1 for i, (label, _v) in enumerate(rows) if expected and label.startswith("应到")), len(rows)
        )
        rows.insert(at, present)
        rate = getattr(detail, "attendance_rate", None)
        if rate is not None:
            rows.insert(at + 1, ("参学率", f"{round(rate * 100)}%"))
    if record.summary:
        rows.append(("内容", record.summary.strip()))
    # 签到表 first, in the order the model lists its sorts; labels in Chinese (binder_write)
    attachments = sorted(record.attachments.all(), key=lambda each: Attachment.Sort.values.index(each.sort))
    if attachments:
        named = [f"{each.get_sort_display()}《{each.original_name}》" for each in attachments]
        rows.append(("附件", "；".join(named)))
    add_facts_table(document, rows)
    place = f"{record.place}，" if record.place else ""
    shown = [
        (_rendition(photo), f"{_day(_taken(photo) or record.date)}，{place}{record.title}")
        for photo in record.photos.all()
    ]
    shown += [
        (_attachment_picture(each), f"{each.get_sort_display()}：{record.title}")
        for each in attachments
        if each.is_picture
    ]
    shown = [(rendition, caption) for rendition, caption in shown if rendition is not None]
    if shown:
        _pictures(document, pictures, shown)
    add_blank_line(document)


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _taken(photo: Photo) -> date | None:
    return timezone.localtime(photo.taken_at).date() if photo.taken_at else None


def _kind_facts(detail, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """The kind's own facts (`Kind.facts`) as (label, value): choices by their labels,
    head counts with 人, hours without a trailing .0, lines joined with ；."""
    facts = []
    for name in names:
        field = detail._meta.get_field(name)
        value = getattr(detail, name, None)
        label = str(field.verbose_name)
        if value in (None, "", False):
            continue
        if value is True:
            value = "是"
        elif field.choices:
            value = getattr(detail, f"get_{name}_display")()
        elif isinstance(value, Decimal):
            value = f"{value:f}".rstrip("0").rstrip(".")
        elif isinstance(value, int) and label.endswith("人数"):
            value = f"{value}人"
        lines = [line.strip() for line in str(value).splitlines() if line.strip()]
        lines = [line.rstrip("。；;，,") for line in lines[:-1]] + lines[-1:]
        facts.append((label, "；".join(lines)))
    return facts


def _pictures(document, pictures: Pictures, shown: list) -> None:
    """Two to a row, each with its caption: 图N, the day, the place, the activity."""
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for start in range(0, len(shown), 2):
        cells = table.add_row().cells
        for offset, (cell, ((opener, size), caption)) in enumerate(
            zip(cells, shown[start : start + 2], strict=False)
        ):
            paragraph = cell.paragraphs[0]
            # Body text has an exact 28 pt line, which would crop a picture to a strip.
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            pictures.add(paragraph.add_run(), opener, size=size, width=PHOTO_WIDTH)
            add_caption(cell, f"图{start + offset + 1}　{caption}")
        table.rows[-1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a photo with its caption


def _attachment_picture(attachment: Attachment) -> tuple[Callable[[], BinaryIO], tuple[int, int]] | None:
    """A photographed 签到表 or minutes, printed beside the photos at the photos' display
    size (made now: such pictures are few, and the stored one may be 4,096 px)."""
    try:
        with attachment.file.open("rb") as stored, Image.open(stored) as image:
            data = display_rendition(image.convert("RGB")).read()
        with Image.open(io.BytesIO(data)) as shown:
            size = shown.size
    except (OSError, ValueError):
        return None
    return (lambda: io.BytesIO(data)), size


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
