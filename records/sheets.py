"""The words a kind declares its ledger sheet in (DESIGN §6): columns, lookups, the duplicate rule.

A kind's own app builds its `Sheet` from these (e.g. `activities/ledger.py`); the ledger
app reads, imports and writes every registered sheet by them, so the export is by
construction what the import reads. The sheet and column names are a contract with the
offices and with other tools that produce these workbooks: fixed Chinese strings,
never translated.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import OrgUnit
from records.models import Brand, Record, WorkTheme


class Cell(enum.Enum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"
    URL = "url"


# Targets that are not fields of a kind's model: names resolved against the town.
UNIT, THEME, BRAND_NAME = "unit", "theme", "brand_name"


@dataclass(frozen=True)
class Column:
    header: str
    target: str  # a field of the kind's model, a name above, or a lookup's column
    type: Cell = Cell.TEXT
    required: bool = False
    choices: type[models.TextChoices] | None = None
    default: object = None  # the value of an empty cell (None: the type's own empty value)
    aliases: tuple[str, ...] = ()
    source: str = ""  # what the export reads (values_list path); the target by default
    max_length: int | None = None
    hint: str = ""  # the template's note on the header, beyond what the type says

    @property
    def path(self) -> str:
        return self.source or self.target


@dataclass(frozen=True, eq=False)
class Lookup:
    """Columns that together name a row of another table of the town, e.g. a media outlet.

    `name` is the column holding the row's name; `attributes` pairs each further column
    with the field of `model` it gives. A name the town already has must agree with it
    on every attribute given; a new name with every attribute given is created at import
    (and counted in the preview), with `label` naming what it is ("媒体").

    Each is defined once, so it is the same as itself only, and hashes as an object does:
    reading looks one up per row, and hashing its lazy label each time cost a second in
    100,000 rows.
    """

    field: str  # the kind's foreign key it fills
    model: type[models.Model]
    name: str  # the column target holding the name
    attributes: tuple[tuple[str, str], ...]  # (column target, model field)
    label: str  # what a row of it is called, for people ("媒体")
    town_field: str = "town"


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    lookups: tuple[Lookup, ...] = ()
    # What besides kind, date, title and unit makes two rows the same record (column
    # targets). DESIGN §6's rule is the first four; a kind adds to it where one story
    # can rightly appear twice on a day (media: outlet, piece type, link).
    key: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # DESIGN §6: every record sheet may carry 品牌; a new brand name creates the brand.
        if BRAND_NAME not in {column.target for column in self.columns}:
            object.__setattr__(self, "columns", (*self.columns, brand_column()))
            object.__setattr__(self, "lookups", (*self.lookups, BRAND))

    def column(self, target: str) -> Column:
        return next(column for column in self.columns if column.target == target)


def length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def base(header: str, target: str, **options) -> Column:
    """A column filling one of the fields every record has."""
    if options.get("type", Cell.TEXT) is Cell.TEXT:
        options.setdefault("max_length", length(Record, target))
    return Column(header, target, **options)


def date_column(header: str = "日期", **options) -> Column:
    return Column(header, "date", Cell.DATE, required=True, **options)


def title_column(header: str = "标题", **options) -> Column:
    return base(header, "title", required=True, **options)


def unit_column() -> Column:
    return Column("所属单位", UNIT, required=True, source="unit__name", max_length=length(OrgUnit, "name"))


def theme_column() -> Column:
    return Column("工作板块", THEME, source="theme__name", max_length=length(WorkTheme, "name"))


def highlight_column(header: str = "亮点") -> Column:
    # DESIGN §6 writes 亮点 with "(是/否)" on its first sheet only; both spellings are read.
    other = "亮点(是/否)" if header == "亮点" else "亮点"
    return base(header, "is_highlight", type=Cell.BOOL, aliases=(other,))


def summary_column(header: str = "内容摘要") -> Column:
    return Column(header, "summary")


def place_column() -> Column:
    return base("地点", "place")


def participants_column(header: str = "参与人数", aliases: tuple[str, ...] = ("参加人数",)) -> Column:
    return base(header, "participants", type=Cell.INT, aliases=aliases)


def brand_column() -> Column:
    return Column(
        "品牌",
        BRAND_NAME,
        source="brand__name",
        max_length=length(Brand, "name"),
        hint="活动品牌名称，如“青溪之夜”，不加引号；本镇还没有的品牌导入时新建",
    )


BRAND = Lookup(field="brand", model=Brand, name=BRAND_NAME, attributes=(), label=_("活动品牌"))
