"""The words a kind declares its report material in: how its records read in a theme paragraph.

The annual report (reports/writer.py) writes one run-in paragraph per work theme: its
lead, then two to four sub-leads ("持续完善中心组学习。"), each followed by prose built
from the theme's records. A kind says how its records become such sub-leads in its
`Kind.report`, a `Writing`:

- `clusters`: per type value, the sub-lead phrases to choose from, a framing sentence,
  how the count reads ("全年开展中心组集中学习{n}次"), how named records read ("围绕
  {names}等专题开展学习研讨"), sums that read as clauses ("累计参学{participants}人次"),
  and what next year's plan can say of it;
- `compose`: a kind whose material is not by type (media placements, by level and
  channel; honours, closing their theme's paragraph) writes its blocks itself with the
  `Pen` the writer hands it.

Everything here is the report's own Chinese, not translated, and states no fact: the
facts (names, counts, participants, outlets) come from the records, through `{…}`
slots the writer fills with figure placeholders and names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class Coverage:
    """A piece that reported on a record: the outlet, how high it ranks, its column."""

    piece: int  # the reporting record's pk
    outlet: str  # as the report names it: "《云州日报》", "学习强国平台"
    rank: int  # 0 for the highest outlets (central), larger below
    own: bool = False  # the town's own platform: not worth naming as coverage
    column: str = ""


@dataclass(frozen=True)
class Item:
    """One approved record as the writer reads it."""

    pk: int
    kind: str
    type: str  # the kind's type value, "" for a kind without one
    title: str
    summary: str
    unit: str
    unit_kind: str
    day: date
    participants: int | None
    highlight: bool
    practical: bool
    brand: str = ""
    brand_id: int | None = None
    task_id: int | None = None
    own: dict = field(default_factory=dict)  # the kind's own fields
    coverage: tuple[Coverage, ...] = ()


@dataclass(frozen=True)
class Sentence:
    text: str  # may hold figure placeholders ({study.type.central_group@theme:3})
    records: tuple[int, ...] = ()
    role: str = ""  # "example", "covered": the writer keeps one of each a paragraph


@dataclass
class Block:
    """One sub-lead and the sentences after it."""

    lead: str  # without the full stop: "持续完善中心组学习"
    sentences: list[Sentence]
    weight: float  # how much it deserves one of the paragraph's few places
    key: str = ""  # what it is about ("study.central_group"), for variety and the plan
    measures: tuple[str, ...] = ()  # what next year's plan can say of it
    target: str = ""  # a figure code next year's plan can set a target on
    target_text: str = ""  # how the target reads: "全年组织中心组集中学习不少于{n}次"
    rhythm: int = 0  # the target a meeting held on a rhythm keeps (12: monthly)
    closing: bool = False  # goes last in the paragraph whatever its weight (honours)
    away: bool = False  # work of a kind written outside its own theme: named, not counted


@dataclass(frozen=True)
class Sum:
    """A sum over a cluster's records that reads as a clause, e.g. "累计参学{n}人次"."""

    over: str  # "participants", or a field of the kind ("volunteers", "service_hours")
    text: str  # with {n} for the figure
    code: str = ""  # the figure that counts it (a sum figure of the kind), else participants


@dataclass(frozen=True)
class Cluster:
    """How the records of one type read as a sub-lead and its prose."""

    type: str  # the kind's type value
    leads: tuple[str, ...]  # sub-lead phrases to choose from
    count: str  # "全年开展中心组集中学习{n}次": {n} is the count's placeholder
    # Sub-leads for records of this type filed under another theme, by the theme's name.
    leads_in: dict = field(default_factory=dict)
    framing: tuple[str, ...] = ()  # a sentence before the count (rhetoric, no fact)
    names: str = "先后开展{names}"  # how the records' names read
    # Where a title holds the name, e.g. r"专题学习(?P<name>.+)$"; the title's quoted part otherwise.
    pattern: str = ""
    field: str = ""  # or a text field of the kind whose first line names it ("topics")
    sums: tuple[Sum, ...] = ()
    plan: tuple[str, ...] = ()  # next year's measures this cluster suggests
    target: str = ""  # the figure a plan may set a target on ("study.type.central_group")
    target_text: str = ""  # how the plan states it: "全年组织中心组集中学习不少于{n}次"
    # A meeting held on a rhythm (12: monthly, 4: quarterly): next year's target is the
    # rhythm, not growth on this year's count.
    rhythm: int = 0
    weight: float = 1.0  # how much a record of this type counts when the paragraph chooses
    detail: bool = True  # tell the best record in its own words (not for minutes of meetings)
    # The theme this type's work belongs to when it is not its kind's (道德讲堂: 精神文明):
    # there its count is written; elsewhere it is only named.
    theme: str = ""


class Pen(Protocol):
    """What the writer offers a kind that composes its own blocks (Writing.compose)."""

    town: str
    year: int
    named: set[str]  # what the report has named: "piece:<pk>" for a media piece it cites

    def figure(self, code: str) -> str:
        """The placeholder of `code` scoped to what is being written (a theme, a campaign)."""

    def total(self, code: str) -> str:
        """The placeholder of `code` for the whole town and year, unscoped."""

    def value(self, code: str) -> float:
        """The scoped figure's value now (to leave out a clause that would say 0)."""

    def total_value(self, code: str) -> float:
        """The figure's value for the whole town and year."""

    def name(self, item: Item) -> str:
        """The record's name as a report writes it (from its title)."""

    def names(self, items: Sequence[Item], *, limit: int = 3) -> str:
        """The best-ranked records' names, joined with 、, each named once in the report."""

    def pick(self, key: str, options: Sequence[str]) -> str:
        """One of `options`, chosen for this town and year, unlike what was chosen before."""

    def outlets(self, items: Sequence[Item], *, limit: int = 3) -> str:
        """The outlets that covered these records, best first: "《云州日报》、学习强国平台"."""

    def items_of(self, kind: str) -> list[Item]:
        """Every approved record of `kind` in the year, whichever theme it is filed in."""

    def at_home(self, kind: str, theme: str = "") -> bool:
        """Whether the paragraph being written is the theme the kind's records start in
        (or the one named `theme`)."""


@dataclass(frozen=True)
class Writing:
    clusters: tuple[Cluster, ...] = ()
    # For types without a cluster of their own.
    default: Cluster | None = None
    # compose(items, pen) -> blocks, for a kind whose material is not by type.
    compose: Callable | None = None
    # coverage(pks) -> {pk: (Coverage, …)}, for a kind whose records report on others (media);
    # pks is a queryset of the records' ids.
    coverage: Callable | None = None
    # The kind's sentence of its own in a theme it writes in: "全年开展志愿服务活动{n}次".
    overview: str = ""
    sums: tuple[Sum, ...] = ()
    # Further values the writer loads into Item.own, key → values() path ("outlet_name": "outlet__name").
    extra: dict = field(default_factory=dict)
    noun: str = "活动"  # what one record is called in prose ("活动", "稿件")
    # Records the writer always reads, beyond highlights, projects, brands, the campaign's and
    # the covered (a Q on the kind's model: media's pieces above the district).
    keep: object = None

    def cluster(self, value: str) -> Cluster | None:
        return next((cluster for cluster in self.clusters if cluster.type == value), self.default)
