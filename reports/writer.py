"""The writer: a town's year of approved records as the prose of its annual report.

`compose(town=…, year=…)` returns the opening, one run-in paragraph per work theme (the
year's campaign first, if the town has one), and next year's plan items. A theme
paragraph is its lead, a framing sentence, then two to four sub-leads chosen from the
theme's records: each kind turns its records into candidate blocks by type (records.
writing.Cluster) or by its own hand (Writing.compose), brands and practical projects add
theirs, and the heaviest blocks — by records, highlights, participants and the rank of
the media that covered them — are written; the rest are named in one closing sentence.

Nothing is invented: every name in the text is a record's (its title, or a topic its
title or summary states), a brand's, the campaign's or an outlet's, and every figure is
a placeholder (reports/numbers.py) the metrics module fills when the document is built.
Each sentence keeps the records it came from, for the editor's links.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from figures.metrics import FIGURES, Period, Scoped, figures_compute, figures_grouped, records_in
from portal.models import OrgUnit, in_subtree
from records.kinds import KINDS
from records.models import Brand, Campaign, Record, WorkTheme
from records.services import default_theme
from records.writing import Block, Cluster, Coverage, Item, Sentence, Writing
from reports import phrases

MIN_BLOCKS, MAX_BLOCKS = 2, 4
NAMES_PER_SENTENCE = 3


@dataclass
class SectionText:
    lead: str
    text: str
    sentences: list[Sentence]
    theme_id: int | None = None  # None: the year's campaign
    blocks: list[Block] = field(default_factory=list)


@dataclass
class PlanText:
    heading: str
    text: str
    targets: dict[str, float]


@dataclass
class Composition:
    opening: str
    sections: list[SectionText]
    plan_opening: str
    plan: list[PlanText]


def compose(*, town: OrgUnit, year: int) -> Composition:
    """The report's generated text for `town` and `year`, from its approved records."""
    facts = YearFacts.load(town=town, year=year)
    pen = ReportPen(facts)
    sections = []
    if facts.campaign is not None:
        section = _campaign_section(facts, pen)
        if section is not None:
            sections.append(section)
    for theme in facts.themes:
        items = facts.by_theme.get(theme.pk, [])
        if items:
            sections.append(_theme_section(theme, items, facts, pen))
    opening = _opening(facts, pen)
    plan = [item for item in (_plan_item(section, facts, pen) for section in sections) if item]
    upcoming = _campaign_plan(town, year + 1, pen)
    if upcoming is not None:
        plan.insert(0, upcoming)
    context = year_context(year + 1)
    plan_opening = pen.pick("plan.opening", phrases.PLAN_OPENINGS).format(
        context=context, when="新的一年，" if context else f"{year + 1}年，"
    )
    return Composition(opening=opening, sections=sections, plan_opening=plan_opening, plan=plan[:6])


# --- the year's facts -----------------------------------------------------------------------


@dataclass
class YearFacts:
    town: OrgUnit
    year: int
    themes: list[WorkTheme]
    items: list[Item]
    by_theme: dict[int, list[Item]]
    brands: dict[int, Brand]
    campaign: Campaign | None
    tasks: list
    unit_names: set[str]
    homes: dict[str, int]  # kind code → the theme its records start in

    @property
    def theme_names(self) -> dict[int, str]:
        return {theme.pk: theme.name for theme in self.themes}

    @classmethod
    def load(cls, *, town: OrgUnit, year: int) -> YearFacts:
        """The approved records of the year, with what the writer reads: one query per kind,
        and one per kind that reports on others."""
        period = Period.year(year)
        base = Record.objects.filter(
            in_subtree(town), status=Record.Status.APPROVED, date__range=(period.start, period.end)
        )
        coverage = _coverage(base.values("pk"))
        items: list[Item] = []
        for code, kind in KINDS.items():
            own = _own_fields(kind)
            fields = [
                "pk",
                "title",
                "summary",
                "date",
                "participants",
                "is_highlight",
                "is_practical_project",
            ]
            fields += ["unit__name", "unit__kind", "theme_id", "brand_id", "brand__name", "campaign_task_id"]
            extra = dict(kind.report.extra) if kind.report is not None else {}
            for row in _rows(kind, town, period, [*fields, *own], extra, covered=coverage.keys()):
                items.append(
                    Item(
                        pk=row["pk"],
                        kind=code,
                        type=str(row.get(kind.type_field) or "") if kind.type_field else "",
                        title=row["title"].strip(),
                        summary=row["summary"] or "",
                        unit=row["unit__name"],
                        unit_kind=row["unit__kind"],
                        day=row["date"],
                        participants=row["participants"],
                        highlight=row["is_highlight"],
                        practical=row["is_practical_project"],
                        brand=row["brand__name"] or "",
                        brand_id=row["brand_id"],
                        task_id=row["campaign_task_id"],
                        own={name: row[name] for name in [*own, *extra]} | {"theme_id": row["theme_id"]},
                        coverage=coverage.get(row["pk"], ()),
                    )
                )
        by_theme: dict[int, list[Item]] = defaultdict(list)
        for item in items:
            by_theme[item.own["theme_id"]].append(item)
        campaign = Campaign.objects.filter(town=town, year=year).prefetch_related("tasks").first()
        return cls(
            town=town,
            year=year,
            themes=list(WorkTheme.objects.filter(town=town, is_active=True).order_by("order", "pk")),
            items=items,
            by_theme=by_theme,
            brands={brand.pk: brand for brand in Brand.objects.filter(town=town)},
            campaign=campaign,
            tasks=list(campaign.tasks.all()) if campaign else [],
            unit_names=set(OrgUnit.objects.filter(in_subtree(town, field="")).values_list("name", flat=True)),
            homes={code: theme.pk for code in KINDS if (theme := default_theme(town=town, kind=code))},
        )


# The most a theme's records of one type the writer reads beyond those it always reads: a
# block names three and weighs the rest, and a year of 20,000 records need not be read whole.
READ_PER_TYPE = 60


def _rows(kind, town: OrgUnit, period: Period, fields: list[str], extra: dict, *, covered) -> list[dict]:
    """The year's records of `kind` the writer reads, as dicts: every one it may name for
    what it is (highlights, practical projects, brands' and the campaign's, those the media
    covered, and what the kind keeps: `Writing.keep`), and of the rest the first
    READ_PER_TYPE of each theme and type, as `ranked` would put them."""
    records = records_in(kind.model, unit=town, period=period)
    values = {key: F(path) for key, path in extra.items()}
    always = Q(is_highlight=True) | Q(is_practical_project=True) | Q(brand__isnull=False)
    always |= Q(campaign_task__isnull=False) | Q(pk__in=list(covered))
    if kind.report is not None and kind.report.keep is not None:
        always |= kind.report.keep
    rows = {row["pk"]: row for row in records.filter(always).values(*fields, **values)}
    partition = [F("theme_id"), *([F(kind.type_field)] if kind.type_field else [])]
    order = [
        F("is_highlight").desc(),
        F("participants").desc(nulls_last=True),
        F("date").asc(),
        F("pk").asc(),
    ]
    rest = (
        records.annotate(writer_rank=Window(RowNumber(), partition_by=partition, order_by=order))
        .filter(writer_rank__lte=READ_PER_TYPE)
        .values(*fields, **values)
    )
    rows.update((row["pk"], row) for row in rest if row["pk"] not in rows)
    return list(rows.values())


def _own_fields(kind) -> list[str]:
    """The kind's own columns the writer reads: all but long texts no cluster names from
    (a central group's discussion points are the record's, not the report's)."""
    named = {
        cluster.field for cluster in (*kind.report.clusters, kind.report.default) if cluster and cluster.field
    }
    return [
        field.attname
        for field in kind.model._meta.local_concrete_fields
        if not field.primary_key and (field.get_internal_type() != "TextField" or field.name in named)
    ]


def _coverage(pks) -> dict[int, tuple[Coverage, ...]]:
    """What covered each record of `pks` (a queryset of pks: the database joins it)."""
    found: dict[int, list[Coverage]] = defaultdict(list)
    for kind in KINDS.values():
        if kind.report is not None and kind.report.coverage is not None:
            for pk, pieces in kind.report.coverage(pks).items():
                found[pk].extend(pieces)
    return {pk: tuple(sorted(pieces, key=lambda piece: piece.rank)) for pk, pieces in found.items()}


# --- the pen: placeholders, names, choices ---------------------------------------------------


class ReportPen:
    """What the writer and the kinds write with: scoped placeholders, names, varied wording."""

    def __init__(self, facts: YearFacts) -> None:
        self.facts = facts
        self.town = facts.town.name
        self.year = facts.year
        self.scope: dict[str, str] = {}
        self.named: set[str] = set()  # names already in the report: each is named once
        self.picked: set[str] = set()  # wordings already used
        self.measured: set[str] = set()  # plan measures already in an item
        self._values: dict[str, float] = {}
        self._short = facts.town.name[:-1] if len(facts.town.name) > 2 else facts.town.name

    # Figures ---------------------------------------------------------------------------

    def figure(self, code: str, **scope: str | None) -> str:
        """The placeholder of `code` within the current scope (and `scope`; None takes a
        dimension off: theme=None counts the whole year), as text."""
        merged = {name: value for name, value in {**self.scope, **scope}.items() if value is not None}
        return "{" + str(Scoped(code, tuple(sorted(merged.items(), key=_scope_order)))) + "}"

    def total(self, code: str) -> str:
        return "{" + code + "}"

    def total_value(self, code: str) -> float:
        return self._value(code)

    def value(self, code: str, **scope: str | None) -> float:
        return self._value(self.figure(code, **scope)[1:-1])

    def _value(self, text: str) -> float:
        """A figure's value now; a miss computes every figure of its kind in the same scope,
        in the one query that costs (the writer asks for most of them in turn)."""
        if text not in self._values:
            wanted = Scoped.parse(text)
            model = FIGURES[wanted.code].model
            codes = [code for code, figure in FIGURES.items() if figure.model is model]
            period = Period.year(self.year)
            if not wanted.scope:
                self._values.update(figures_compute(unit=self.facts.town, period=period, codes=codes))
            else:  # every group of these dimensions at once: the next theme's or type's too
                dimensions = wanted.dimensions
                grouped = figures_grouped(unit=self.facts.town, period=period, codes=codes, by=dimensions)
                for key, values in grouped.items():
                    scope = tuple(zip(dimensions, key, strict=True))
                    self._values.update({str(Scoped(code, scope)): value for code, value in values.items()})
            self._values.setdefault(text, 0)  # a group with no records
        return float(self._values[text])

    def items_of(self, kind: str) -> list[Item]:
        return [item for item in self.facts.items if item.kind == kind]

    def at_home(self, kind: str, theme: str = "") -> bool:
        names = self.facts.theme_names
        if theme and theme in names.values():
            here = self.scope.get("theme")
            return here is not None and names.get(int(here)) == theme
        home = self.facts.homes.get(kind)
        return home is not None and self.scope.get("theme") == str(home)

    def scoped(
        self, *, theme: int | None = None, task: int | None = None, campaign: int | None = None
    ) -> None:
        self.scope = {
            name: str(value)
            for name, value in (("theme", theme), ("task", task), ("campaign", campaign))
            if value is not None
        }

    # Names -----------------------------------------------------------------------------

    def name(self, item: Item, pattern: str = "", field: str = "") -> str:
        if field:
            lines = [line.strip() for line in str(item.own.get(field) or "").splitlines() if line.strip()]
            return _trimmed(lines[0]) if lines else ""
        return activity_name(
            item, unit_names=self.facts.unit_names, town=self.facts.town.name, pattern=pattern
        )

    def names(self, items: Sequence[Item], *, limit: int = NAMES_PER_SENTENCE, pattern: str = "") -> str:
        chosen = self.fresh(items, limit=limit, pattern=pattern)
        return _joined([name for name, _item in chosen])

    def fresh(
        self, items: Sequence[Item], *, limit: int, pattern: str = "", field: str = ""
    ) -> list[tuple[str, Item]]:
        """The best-ranked items whose names are not in the report yet, named now."""
        chosen = []
        for item in ranked(items):
            name = self.name(item, pattern, field)
            if not name or name in self.named or any(name == other for other, _item in chosen):
                continue
            chosen.append((name, item))
            if len(chosen) == limit:
                break
        self.named.update(name for name, _item in chosen)
        return chosen

    def outlets(self, items: Sequence[Item], *, limit: int = 3) -> str:
        seen: list[str] = []
        for item in ranked(items):
            for piece in item.coverage:
                if not piece.own and piece.outlet not in seen:
                    seen.append(piece.outlet)
        return "、".join(seen[:limit])

    # Wording ---------------------------------------------------------------------------

    def pick(self, key: str, options: Sequence[str]) -> str:
        """One of `options` for this town, year and `key`, avoiding any already used."""
        if not options:
            return ""
        digest = hashlib.sha256(f"{self.town}|{self.year}|{key}".encode()).digest()
        start = digest[0] % len(options)
        for step in range(len(options)):
            option = options[(start + step) % len(options)]
            if option not in self.picked:
                self.picked.add(option)
                return option
        return options[start]


def _scope_order(pair: tuple[str, str]) -> int:
    from figures.metrics import SCOPES

    return list(SCOPES).index(pair[0])


def ranked(items: Sequence[Item]) -> list[Item]:
    """Highlights first, then by the rank of the best outlet that covered them, then by
    participants, then the earliest: what a secretary would name first."""

    def key(item: Item):
        best = min((piece.rank for piece in item.coverage if not piece.own), default=99)
        return (not item.highlight, best, -(item.participants or 0), item.day, item.pk)

    return sorted(items, key=key)


# What a names template may say after "等" that a shared ending replaces ("{names}等活动").
_AFTER_DENG = re.compile(r"\{names\}等(?:活动|演出|工作|宣讲|内容|赛事活动)?(?=$|，)")


def _names_sentence(template: str, names: list[str]) -> str:
    """The template with the names; names that share an ending say it once:
    "“孝老爱亲”“敬业奉献”等主题道德讲堂", "“清朗”网络生态治理、反邪教警示宣传等专项行动"."""
    tail = _shared_ending(names)
    if tail and ("{names}等" not in template or _AFTER_DENG.search(template)):
        heads = [name[: -len(tail)] for name in names]
        return _AFTER_DENG.sub("{names}", template).format(names=_joined(heads) + "等" + tail)
    return template.format(names=_joined(names))


def _shared_ending(names: list[str]) -> str:
    """The ending two or more names share, of 2 to 8 characters, leaving each at least 2."""
    if len(names) < 2:
        return ""
    tail = names[0]
    for name in names[1:]:
        while tail and not name.endswith(tail):
            tail = tail[1:]
    tail = tail.lstrip("”》")  # a closing quote stays with its name
    if not 2 <= len(tail) <= 8 or tail[0].isdigit() or any(len(name) - len(tail) < 2 for name in names):
        return ""
    if any(name[: -len(tail)][-1] in "讲办学搞" for name in names):  # "书记讲|专题党课": a verb's object
        return ""
    return tail


def _joined(names: list[str]) -> str:
    """Names joined with 、, which Chinese drops between two quoted ones (“甲”“乙”)."""
    out = ""
    for index, name in enumerate(names):
        if index and not (out[-1] in "”》" and name[:1] in "“《"):
            out += "、"
        out += name
    return out


# How a title starts before the name of the work: the unit (or a party organisation of
# it, unless a 书记 follows: "党委书记陈志强讲党课" keeps it), then a verb.
_ORG = r"(?:党委理论学习中心组|党委中心组|理论学习中心组|(?:党委|党总支|党支部)(?!书记)|团委|妇联)?"
_VERBS = (
    r"(?:组织党员干部|组织党员|组织|持续开展|深入开展|集中开展|广泛开展|开展|开设"
    r"|举办|举行|召开|启动|推出|开讲)"
)
# Who went and did it, in a title that starts with them: "巾帼志愿者开展…" names the work after.
_DOERS = re.compile(r"^(?:组织)?(?:巾帼|党员|青年|文艺|网格|退役军人)?志愿者(?:们)?(?:开展|参与|走进)")
_MONTHLY = re.compile(r"[一二三四五六七八九十]+月份?(?:专题|集中)?学习|^第?[一二三四]季度")


def activity_name(item: Item, *, unit_names: set[str], town: str, pattern: str = "") -> str:
    """The name of the work a record is about, as the report names it.

    A kind's `pattern` finds it in the title, or the summary (a central group's topic);
    else the title without its unit, verb and the place it went to ("南湖社区开展“浓情
    端午”包粽子活动" → "“浓情端午”包粽子活动", "“送戏下乡”文艺演出走进石桥村" → "“送戏下乡”
    文艺演出"), so that work done in several places is named once. A title that says only
    who met when ("…开展一月份专题学习") has no name.
    """
    if pattern:
        for text in (item.title, item.summary):
            match = re.search(pattern, text)
            if match:
                return _trimmed(match.group("name"))
        return ""
    title = item.title
    names = sorted(unit_names | {town}, key=len, reverse=True)
    town_party = title.startswith(f"{town}党委书记")  # the town's secretary: "镇党委书记讲党课"
    for name in names:
        if title.startswith(name):
            title = title[len(name) :]
            break
    title = ("镇" if town_party else "") + re.sub(rf"^{_ORG}", "", title)
    title = _PERSON.sub(r"\1", title)  # "党委书记陈志强讲党课" → "党委书记讲党课"
    for _twice in range(2):  # "组织党员开展警示教育"
        title = re.sub(rf"^{_VERBS}", "", title)
    title = _DOERS.sub("", title)
    places = "|".join(re.escape(name) for name in names)
    if places:
        title = re.sub(rf"(?:走进|在|到)(?:{places})(?:开展|开讲)?", "", title)
        title = re.sub(rf"(?:{places})专场$", "", title)
    if _MONTHLY.search(title):
        return ""
    return _trimmed(_ENDED.sub("", title))


# A person named after their post, before what they did: the post is what a report says.
_PERSON = re.compile(r"(书记|镇长|主任|主席|委员)[\u4e00-\u9fff]{2,3}(?=讲|领学|带头|作)")
# How a title may end after the work's name: "…篮球联赛开赛" names the 联赛.
_ENDED = re.compile(r"(?:开赛|开幕|正式启动|启动仪式|圆满落幕|圆满结束|顺利举行)$")


def _trimmed(name: str) -> str:
    name = name.strip("，。；、 ")
    return name if 2 <= len(name) <= 40 else ""


# --- theme paragraphs ----------------------------------------------------------------------


def _theme_section(theme: WorkTheme, items: list[Item], facts: YearFacts, pen: ReportPen) -> SectionText:
    pen.scoped(theme=theme.pk)
    candidates: list[Block] = []
    by_kind: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    for code, kind_items in by_kind.items():
        writing: Writing = KINDS[code].report
        if writing.compose is not None:
            candidates += writing.compose(kind_items, pen)
        else:
            candidates += _cluster_blocks(code, writing, kind_items, pen)
    practical = [item for item in items if item.practical]
    if "practical" in pen.named:  # the campaign counted its own; the rest are named here
        practical = [item for item in practical if not item.task_id]
        block = _practical_block(practical, pen, counted=False) if practical else None
        if block is not None and block.sentences:
            candidates.append(block)
    elif practical:
        candidates.append(_practical_block(practical, pen))
    blocks, _rest = _choose(candidates)
    if any(block.key == "records.practical" for block in blocks):
        pen.named.add("practical")
    _brand_sentences(blocks, items, facts, pen)
    _one_example(blocks, items, pen)
    written = {pk for block in blocks for sentence in block.sentences for pk in sentence.records}
    named_kinds = {code for code in by_kind if KINDS[code].report.compose is None}
    leftover = [
        item
        for item in items
        if item.kind in named_kinds
        and item.pk not in written
        and not item.practical  # projects: by their block
    ]
    if leftover and blocks:
        names = _joined([name for name, _item in _leftover_names(leftover, pen)])
        if names:
            target = next((block for block in reversed(blocks) if not block.closing), blocks[-1])
            target.sentences.append(
                Sentence(pen.pick("also", phrases.ALSO).format(names=names), _pks(leftover))
            )
    framing = theme.framing or pen.pick(
        f"framing.{theme.name}", phrases.THEME_FRAMINGS.get(theme.name, phrases.FRAMING_FALLBACK)
    )
    overview = [_overview(code, kind_items, pen) for code, kind_items in by_kind.items()]
    return _section(
        theme.lead_sentence, framing, blocks, theme_id=theme.pk, overview=[s for s in overview if s]
    )


def _overview(code: str, items: list[Item], pen: ReportPen) -> Sentence | None:
    """The kind's whole year in one sentence, in its own theme, before the sub-leads:
    "全年组织各类理论学习62次，累计参学2781人次"."""
    writing = KINDS[code].report
    if not writing.overview or not pen.at_home(code):
        return None
    sums = "".join(
        item.text.replace("{n}", pen.figure(item.code, theme=None))
        for item in writing.sums
        if pen.value(item.code, theme=None)
    )
    count = pen.figure(KINDS[code].count_code, theme=None)
    return Sentence(writing.overview.replace("{n}", count) + sums, _pks(items))


def _leftover_names(items: list[Item], pen: ReportPen) -> list[tuple[str, Item]]:
    """The best of the work no block named, each by its cluster's way of naming it."""
    chosen = []
    for item in ranked(items):
        cluster = KINDS[item.kind].report.cluster(item.type)
        name = pen.name(item, cluster.pattern, cluster.field) if cluster else ""
        name = name or pen.name(item)
        if name and name not in pen.named:
            pen.named.add(name)
            chosen.append((name, item))
        if len(chosen) == NAMES_PER_SENTENCE:
            break
    return chosen


def _section(
    lead: str, framing: str, blocks: list[Block], *, theme_id: int | None, overview: Sequence[Sentence] = ()
) -> SectionText:
    sentences = [Sentence(_stop(framing))] if framing else []
    sentences += [Sentence(_stop(sentence.text), sentence.records) for sentence in overview]
    for block in blocks:
        if block.lead:
            sentences.append(Sentence(_stop(block.lead), ()))
        sentences += [
            Sentence(_stop(sentence.text), sentence.records) for sentence in block.sentences if sentence.text
        ]
    return SectionText(
        lead=_stop(lead),
        text="".join(s.text for s in sentences),
        sentences=sentences,
        theme_id=theme_id,
        blocks=blocks,
    )


def _stop(text: str) -> str:
    text = _tidy(text.strip())
    if not text:
        return ""
    return text if text[-1] in "。！？；" else text.rstrip("，、") + "。"


# A name that ends in the noun its list closes with ("…闹元宵活动等活动").
_DOUBLED = re.compile(r"(活动|演出|宣讲|讲堂|行动)等(?:\1|工作|活动)")


def _tidy(text: str) -> str:
    return _DOUBLED.sub(r"\1等", text)


def _pks(items: Sequence[Item]) -> tuple[int, ...]:
    return tuple(item.pk for item in items)


def _choose(candidates: list[Block]) -> tuple[list[Block], list[Block]]:
    """Two to four blocks, closing ones last; and the rest.

    The heaviest block of each kind first, so that a theme holding two kinds of work
    (volunteering and moral forums under 精神文明) writes both; then the heaviest others.
    Blocks keep their kinds' order in the paragraph.
    """
    closing = [block for block in candidates if block.closing]
    body = [block for block in candidates if not block.closing]
    by_weight = sorted(range(len(body)), key=lambda index: -body[index].weight)
    keep: list[int] = []
    seen_kinds: set[str] = set()
    for index in by_weight:
        kind = body[index].key.split(".")[0]
        # Work written away from its own theme needs more to take a kind's place here.
        enough = 3 if body[index].away else 1.5
        if kind not in seen_kinds and body[index].weight >= enough:
            seen_kinds.add(kind)
            keep.append(index)
    for index in by_weight:
        if index not in keep and (body[index].weight >= 2 or len(keep) < MIN_BLOCKS):
            keep.append(index)
    keep = keep[:MAX_BLOCKS]
    chosen = [body[index] for index in sorted(keep)]
    rest = [body[index] for index in range(len(body)) if index not in keep]
    return chosen + closing, rest


def _cluster_blocks(code: str, writing: Writing, items: list[Item], pen: ReportPen) -> list[Block]:
    """A block per type that has a cluster (the kind's other types share its default)."""
    kind = KINDS[code]
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        cluster = writing.cluster(item.type)
        if cluster is not None:
            groups[cluster.type].append(item)
    blocks = []
    for cluster in writing.clusters:  # a kind's other types are named in the closing sentence
        members = groups.get(cluster.type, [])
        if not members:
            continue
        block = _cluster_block(kind, writing, cluster, members, pen)
        if block.sentences:
            blocks.append(block)
    return blocks


def _cluster_block(kind, writing: Writing, cluster: Cluster, items: list[Item], pen: ReportPen) -> Block:
    pks = _pks(items)
    sentences: list[Sentence] = []
    own_type = cluster is not writing.default and bool(kind.type_field)
    # At home a count is the whole year's (the opening's), whichever theme a record is filed
    # in; away from it the work is named, not counted, so no record is counted twice.
    type_scope = {"type": cluster.type, "theme": None} if own_type else {"theme": None}
    count_code = kind.type_code(cluster.type) if own_type else kind.count_code
    home = pen.at_home(kind.code, cluster.theme)
    framing = pen.pick(f"{kind.code}.{cluster.type}.framing", cluster.framing) if cluster.framing else ""
    count = (
        cluster.count.replace("{n}", pen.figure(count_code, **type_scope)) if cluster.count and home else ""
    )
    sums = "".join(
        item.text.replace("{n}", pen.figure(item.code, **type_scope))
        for item in cluster.sums
        if count and pen.value(item.code, **type_scope)
    )
    if count or framing:
        sentences.append(
            Sentence("，".join(part for part in (framing.rstrip("。，"), count + sums) if part), pks)
        )
    named = pen.fresh(items, limit=NAMES_PER_SENTENCE, pattern=cluster.pattern, field=cluster.field)
    if named and cluster.names:
        sentences.append(
            Sentence(
                _names_sentence(cluster.names, [name for name, _item in named]), _pks([i for _n, i in named])
            )
        )
    example = _example(items, pen, detail=cluster.detail)
    if example is not None:
        sentences.append(example)
    covered = [item for item in items if _coverage_worth_naming(item, pen)]
    weight = sum(cluster.weight * (2 if item.highlight else 1) for item in items) + 0.5 * len(covered)
    weight *= 1 if home else 0.5
    theme = pen.facts.theme_names.get(int(pen.scope["theme"])) if "theme" in pen.scope else ""
    leads = cluster.leads_in.get(theme, cluster.leads)
    return Block(
        lead=pen.pick(f"{kind.code}.{cluster.type}.lead", leads),
        sentences=sentences,
        weight=weight,
        key=f"{kind.code}.{cluster.type}",
        measures=cluster.plan if home else (),
        target=cluster.target if home else "",
        target_text=cluster.target_text,
        rhythm=cluster.rhythm,
        away=not home,
    )


EXAMPLE, COVERED = "example", "covered"


def _citable(piece: Coverage) -> bool:
    """Coverage worth a sentence: an outlet of district rank or above, not the town's own."""
    return not piece.own and piece.rank <= 2


def _coverage_worth_naming(item: Item, pen: ReportPen) -> bool:
    """Covered by an outlet of district rank or above whose piece the report has not named."""
    return any(_citable(piece) and f"piece:{piece.piece}" not in pen.named for piece in item.coverage)


def _example(items: list[Item], pen: ReportPen, *, detail: bool) -> Sentence | None:
    """The block's best record as an example: in its own words (the first sentence of its
    summary that holds a figure, else its first), with the media that covered it.

    A paragraph keeps one example (`_one_example`): more read like minutes.
    """
    for item in ranked(items)[:3]:
        name = pen.name(item)
        if not name or f"example:{item.pk}" in pen.named:
            continue
        clause = _telling_clause(item.summary) if detail else ""
        if clause and _restates(clause, name):
            clause = ""
        covered = _coverage_worth_naming(item, pen)
        if not clause and not covered:
            continue
        pen.named.add(f"example:{item.pk}")
        subject = _subject(item, name, pen)
        outlets = pen.outlets([item]) if covered else ""
        if clause:
            text = pen.pick(f"example.{item.kind}", phrases.EXAMPLE).format(subject=subject, clause=clause)
            if outlets:
                text = _stop(text)[:-1] + pen.pick("example.covered", phrases.EXAMPLE_COVERED).format(
                    outlets=outlets
                )
            return Sentence(_stop(text), (item.pk,), role=EXAMPLE)
        text = pen.pick("covered", phrases.COVERED).format(
            name=_covered_subject(item, subject, pen), outlets=outlets
        )
        return Sentence(text, (item.pk,), role=COVERED)
    return None


def _covered_subject(item: Item, subject: str, pen: ReportPen) -> str:
    """What the media covered: the work's name, or for a meeting named by what it studied
    ("专题学习…") the body that met, as the title says ("镇党委理论学习中心组专题学习…")."""
    if not re.match(r"^(?:专题|集中|围绕|召开|学习)", subject):
        return subject
    title = item.title
    return "镇" + title[len(pen.town) :] if title.startswith(pen.town) else title


def _telling_clause(summary: str) -> str:
    """The summary's first sentence that holds a figure (a count says more than a process),
    else its first; "" if none is of a length to quote."""
    sentences = [part.strip("，； ") for part in re.split(r"[。！？]", summary.strip()) if part.strip()]
    fitting = [part for part in sentences if 8 <= len(part) <= 60]
    with_figure = [part for part in fitting if re.search(r"\d", part)]
    return (with_figure or fitting or [""])[0]


def _restates(clause: str, name: str, *, run: int = 8) -> bool:
    """Whether the clause only says the name again (shares a run of `run` characters)."""
    plain = re.sub(r"[“”《》]", "", name)
    return any(plain[i : i + run] in clause for i in range(max(0, len(plain) - run + 1)))


def _one_example(blocks: list[Block], items: list[Item], pen: ReportPen) -> None:
    """Keep one example a paragraph (more read like minutes): one the media covered, else
    the heaviest block's. The pieces it cites are not cited again in the media paragraph."""
    coverage = {item.pk: item.coverage for item in items}

    def cited(sentence: Sentence) -> bool:
        return any(_citable(piece) for pk in sentence.records for piece in coverage.get(pk, ()))

    candidates = [
        (cited(sentence), block.weight, -index, sentence)
        for index, block in enumerate(blocks)
        for sentence in block.sentences
        if sentence.role in (EXAMPLE, COVERED)
    ]
    if not candidates:
        return
    *_rank, best = max(candidates, key=lambda candidate: candidate[:3])
    for block in blocks:
        block.sentences = [
            sentence
            for sentence in block.sentences
            if sentence.role not in (EXAMPLE, COVERED) or sentence is best
        ]
    pen.named.update(f"piece:{piece.piece}" for pk in best.records for piece in coverage.get(pk, ()))


def _subject(item: Item, name: str, pen: ReportPen) -> str:
    """Who did it and what: "石桥村“理论进万家”专题宣讲", or just the name for the town's own work."""
    if item.unit_kind == "town" and name.startswith("党委书记"):
        return "镇" + name  # the town's Party committee, as a report names it
    if item.unit_kind in ("town", "department", "district") or item.unit in name or _HIGHER.match(name):
        return name
    return f"{item.unit}{name}"


# Work a higher body brought (区委宣讲团…) is not the village's own: named without it.
_HIGHER = re.compile(r"^(?:[省市区县]委|[省市区县]级|中央|全国)")


_OPENED = re.compile(
    r"(?:改造完成投入使用|建成投用|正式开餐|揭牌启用|正式启用|投入使用|完成提档升级|改造完成|开门迎客|启用)$"
)


def project_names(items: Sequence[Item], pen: ReportPen, *, limit: int = NAMES_PER_SENTENCE) -> str:
    """Practical projects by place and name, without how they opened: "青溪社区“幸福食堂”"."""
    names, plain = [], set()
    for item in ranked(items):
        name = _OPENED.sub("", pen.name(item)).rstrip("后")
        if not name or name in pen.named or name in plain:
            continue
        plain.add(name)
        names.append(_subject(item, name, pen))
        if len(names) == limit:
            break
    pen.named.update(names + list(plain))
    return _joined(names)


def _practical_sentence(items: list[Item], pen: ReportPen, key: str) -> Sentence:
    names = project_names(items, pen)
    n = pen.figure("records.practical_projects")
    options = phrases.PRACTICAL if names else phrases.PRACTICAL_UNNAMED
    return Sentence(pen.pick(key, options).format(names=names, n=n), _pks(items))


def _practical_block(items: list[Item], pen: ReportPen, *, counted: bool = True) -> Block:
    if counted:
        sentence = _practical_sentence(items, pen, "practical")
    else:  # the campaign's paragraph counted the year's others: these are named, not counted
        names = project_names(items, pen)
        if not names:
            return Block(lead="", sentences=[], weight=0, key="records.practical")
        sentence = Sentence(
            pen.pick("practical.more", phrases.PRACTICAL_MORE).format(names=names), _pks(items)
        )
    return Block(
        lead=pen.pick("practical.lead", phrases.PRACTICAL_LEADS),
        sentences=[sentence],
        weight=2.5 * len(items),
        key="records.practical",
    )


BRAND_AT_LEAST = 3  # a brand held once or twice a year is not yet a brand to claim


def _brand_sentences(blocks: list[Block], items: list[Item], facts: YearFacts, pen: ReportPen) -> None:
    """Each brand with three or more records in the theme, once in the report, in the block
    that holds most of them, after its names; and one plan measure of it. A brand that is
    the block's very work (the central group's evening classes) is its carrier, not counted
    again beside the block's own count."""
    by_brand: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.brand_id:
            by_brand[item.brand_id].append(item)
    for brand_id, members in sorted(by_brand.items(), key=lambda pair: -len(pair[1])):
        brand = facts.brands.get(brand_id)
        if brand is None or len(members) < BRAND_AT_LEAST or f"brand:{brand_id}" in pen.named:
            continue
        pks = set(_pks(members))
        holding = [block for block in blocks if not block.closing and pks & _block_pks(block)]
        if not holding:
            continue
        home = max(holding, key=lambda block: len(pks & _block_pks(block)))
        pen.named.add(f"brand:{brand_id}")
        block_items = {pk for sentence in home.sentences[:1] for pk in sentence.records}
        if block_items and block_items <= pks:
            text = pen.pick(f"brand.{brand.pk}", phrases.BRAND_CARRIERS).format(brand=brand.name)
        else:
            n = pen.figure("records.total", brand=str(brand.pk), theme=None)
            text = pen.pick(f"brand.{brand.pk}", phrases.BRANDS).format(brand=brand.name, n=n)
        home.sentences.insert(min(2, len(home.sentences)), Sentence(text, tuple(sorted(pks))))
        measure = pen.pick(f"brand.plan.{brand.pk}", phrases.BRAND_MEASURES).format(brand=brand.name)
        home.measures = (measure, *home.measures)
        home.weight += len(members)


def _block_pks(block: Block) -> set[int]:
    return {pk for sentence in block.sentences for pk in sentence.records}


# --- the campaign's paragraph -------------------------------------------------------------


def _campaign_section(facts: YearFacts, pen: ReportPen) -> SectionText | None:
    campaign = facts.campaign
    tagged = [item for item in facts.items if item.task_id and item.kind in _activity_kinds()]
    if not tagged:
        return None
    blocks = []
    pen.picked.update(task.name for task in facts.tasks)  # no sub-lead elsewhere repeats a task
    pen.scoped(campaign=campaign.pk)
    overview = pen.pick("campaign.overview", phrases.CAMPAIGN_OVERVIEW).format(
        name=campaign.name.strip().rstrip("。"),
        n=pen.figure("records.total"),
        people=pen.figure("records.participants"),
    )
    for task in facts.tasks:
        members = [item for item in tagged if item.task_id == task.pk]
        if not members:
            continue
        pen.scoped(task=task.pk)
        sentences = []
        practical = [item for item in members if item.practical]
        work = [item for item in members if not item.practical] if len(practical) * 2 < len(members) else []
        named = pen.fresh(work, limit=4)
        if named:
            names = _joined([_subject(item, name, pen) for name, item in named])
            # "A、B等5场次" when there were more than the names; just the names when not.
            wordings = (
                phrases.CAMPAIGN_WORK
                if pen.value("records.total") > len(named)
                else phrases.CAMPAIGN_WORK_ALL
            )
            text = pen.pick(f"campaign.task.{task.pk}", wordings).format(
                names=names, n=pen.figure("records.total")
            )
            sentences.append(Sentence(text, _pks(work)))
        if practical:
            sentences.append(_practical_sentence(practical, pen, f"campaign.practical.{task.pk}"))
            pen.named.add("practical")
        if sentences:
            blocks.append(
                Block(lead=task.name, sentences=sentences, weight=len(members), key=f"task.{task.pk}")
            )
    pen.scoped(campaign=campaign.pk)
    media = _campaign_media(pen)
    if media and blocks:
        blocks[-1].sentences.append(media)
    if not blocks:
        return None
    framing = (campaign.framing.rstrip("。") + "。" if campaign.framing else "") + overview
    return _section(campaign.lead, framing, blocks, theme_id=None)


def _activity_kinds() -> set[str]:
    """Kinds whose records are work done (not reports of it)."""
    return {code for code, kind in KINDS.items() if kind.report is None or kind.report.coverage is None}


def _campaign_media(pen: ReportPen) -> Sentence | None:
    """The campaign's coverage by level and channel: "省级媒体录用信息15篇，…区级简报录用17篇"."""
    parts = []
    for code, label in (
        ("media.level.central", "中央级媒体刊发"),
        ("media.level.provincial", "省级媒体录用信息"),
        ("media.level.city", "市级媒体刊发"),
        ("media.channel.xuexi", "学习强国平台录用"),
        ("media.briefing.provincial", "省级简报录用"),
        ("media.briefing.city", "市级简报录用"),
        ("media.briefing.district", "区级简报录用"),
    ):
        if code in FIGURES and pen.value(code):
            parts.append(f"{label}{pen.figure(code)}篇")
    if not parts:
        return None
    return Sentence(pen.pick("campaign.media", phrases.CAMPAIGN_MEDIA).format(parts="，".join(parts)))


# --- the opening -------------------------------------------------------------------------------


def _opening(facts: YearFacts, pen: ReportPen) -> str:
    pen.scoped()
    context = year_context(facts.year)
    head = pen.pick("opening", phrases.OPENINGS).format(
        context=context, when="一年来，" if context else f"{facts.year}年，"
    )
    parts = []
    for code, text in (
        ("study.count", "组织各类理论学习{n}次"),
        ("event.count", "举办宣传文化活动{n}场"),
        ("volunteer.count", "开展志愿服务活动{n}次"),
        ("media.published", "在各级媒体刊发稿件{n}篇"),
    ):
        if code in FIGURES and pen.value(code):
            parts.append(text.replace("{n}", pen.total(code)))
    if not parts:
        return head
    return head + phrases.OPENING_FIGURES.format(
        parts="、".join(parts[:-1]) + ("，" if len(parts) > 1 else "") + parts[-1]
    )


# --- next year's plan --------------------------------------------------------------------------


def _plan_item(section: SectionText, facts: YearFacts, pen: ReportPen) -> PlanText | None:
    theme = next((theme for theme in facts.themes if theme.pk == section.theme_id), None)
    if theme is None:
        return None
    pen.scoped()
    name = theme.name
    heading = pen.pick(
        f"plan.heading.{name}",
        phrases.PLAN_HEADINGS.get(name, (phrases.PLAN_FALLBACK_HEADING.format(theme=name),)),
    )
    framing = pen.pick(f"plan.framing.{name}", phrases.PLAN_FRAMINGS.get(name, phrases.PLAN_FALLBACK_FRAMING))
    measures: list[str] = []
    moments = anniversaries(facts.year + 1)
    staged = {"event.themed", "event.performance", "event.festival"}
    if moments and "plan.moment" not in pen.named and any(b.key in staged for b in section.blocks):
        pen.named.add("plan.moment")  # the year's anniversary, in the item of its publicity and stage
        measures.append(pen.pick("plan.moment", phrases.PLAN_MOMENTS).format(moment=moments[0]))
        pen.measured.update(m for b in section.blocks if b.key == "event.themed" for m in b.measures)
    brands = 0
    for block in section.blocks:
        for measure in block.measures:
            if measure in measures or measure in pen.measured:
                continue
            if "“" in measure:  # one brand an item: a list of them reads like a catalogue
                if brands:
                    continue
                brands += 1
            measures.append(measure)
    for measure in phrases.PLAN_MEASURES.get(name, ()):
        if len(measures) >= 4:
            break
        if measure not in measures and measure not in pen.measured:
            measures.append(measure)
    pen.measured.update(measures)
    targets: dict[str, float] = {}
    target_texts = []
    for block in section.blocks:
        if block.target in FIGURES and block.target_text and block.target not in targets:
            proposed = proposed_target(pen.value(block.target), rhythm=block.rhythm)
            if proposed:
                targets[block.target] = proposed
                target_texts.append(_stop(block.target_text.replace("{n}", _number(proposed))))
    if not measures and not target_texts:
        return None
    body = "；".join(measure.rstrip("。；") for measure in measures[:4])
    text = framing + (body + "。" if body else "") + _targets_sentence(target_texts[:3])
    return PlanText(heading=heading, text=text, targets=targets)


def _targets_sentence(texts: list[str]) -> str:
    """Targets in one sentence: "全年组织…不少于12次，开展…不少于12场。"."""
    parts = [text.rstrip("。") for text in texts]
    parts = parts[:1] + [part.removeprefix("全年") for part in parts[1:]]
    return "，".join(parts) + "。" if parts else ""


def _campaign_plan(town: OrgUnit, year: int, pen: ReportPen) -> PlanText | None:
    """Next year's campaign, if the town has set it: its name, lead and tasks, first in the plan."""
    campaign = Campaign.objects.filter(town=town, year=year).prefetch_related("tasks").first()
    if campaign is None:
        return None
    name = campaign.name.strip().rstrip("。")
    heading = pen.pick("plan.campaign", phrases.PLAN_CAMPAIGN_HEADINGS).format(name=name)
    text = _stop(campaign.framing) if campaign.framing else _stop(campaign.lead)
    measures = [
        pen.pick(f"plan.campaign.task.{index}", phrases.PLAN_CAMPAIGN_TASK).format(
            task=task.name.rstrip("。")
        )
        for index, task in enumerate(campaign.tasks.all()[:4])
    ]
    if measures:
        text += "；".join(measures) + "。"
    text += pen.pick("plan.campaign.closing", phrases.PLAN_CAMPAIGN_CLOSINGS)
    return PlanText(heading=heading, text=text, targets={})


_NUMERALS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1–99 in Chinese numerals, as a five-year plan is numbered: 十五, 二十一."""
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _NUMERALS[tens]) + ("十" if tens else "") + (_NUMERALS[ones] if ones else "")


# (the year, what it was, every how many years its anniversary is marked)
ANNIVERSARIES = (
    (1921, "中国共产党成立", 5, "庆祝"),
    (1949, "中华人民共和国成立", 5, "庆祝"),
    (1945, "中国人民抗日战争暨世界反法西斯战争胜利", 10, "纪念"),
)


def anniversaries(year: int) -> list[str]:
    """The round anniversaries `year` marks, as a plan names them: "庆祝中国共产党成立105周年"."""
    return [
        f"{verb}{what}{year - founded}周年"
        for founded, what, every, verb in ANNIVERSARIES
        if (year - founded) % every == 0
    ]


def year_context(year: int) -> str:
    """What the calendar makes of `year`, as a plan's opening states it: the first or last
    year of a five-year plan (the third began in 1966, every five years since) and the round
    anniversaries of the Party's founding, the People's Republic and the victory of 1945."""
    parts = []
    if year >= 1966:
        number, place = divmod(year - 1966, 5)
        if place in (0, 4):
            parts.append(f"“{_chinese(number + 3)}五”规划" + ("开局之年" if place == 0 else "收官之年"))
    for founded, what, every, _verb in ANNIVERSARIES:
        if (year - founded) % every == 0:
            parts.append(f"{what}{year - founded}周年")
    if not parts:
        return ""
    return f"{year}年是" + "，也是".join(parts) + "。"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def proposed_target(value: float, *, rhythm: int = 0) -> float:
    """Next year's target for a figure, as officials set one: below 20, about a fifth more,
    in an even number above this year's (6 → 8, 10 → 12); above, a tenth more rounded up to
    5s (10s above 100). For a meeting held on a rhythm (the central group's 12 a year), the
    rhythm, or this year's count if higher."""
    if value <= 0:
        return 0
    if rhythm:
        return float(max(rhythm, math.ceil(value)))
    if value < 20:
        even = 2 * round(value * 1.2 / 2)
        return float(even if even > value else math.floor(value) + 2 - math.floor(value) % 2)
    grown = value * 1.1
    step = 5 if grown < 100 else 10 if grown < 1000 else 100
    return float(math.ceil(grown / step) * step)
