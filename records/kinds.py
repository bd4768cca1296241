"""The registry of record kinds: where a kind is defined, in one `Kind` its own app registers.

A kind's app declares, in its `kinds.py`: the model and form, labels and icon, the type
field and list columns, its ledger sheet (`records.sheets`), the figures it adds to the
ones every kind has, its dashboard cards, the facts its detail page and the binder show,
how the report writes its records, its demo data and a minimal example for tests.
Everything generic — lists, forms, detail, home, review, the ledger, figures, binder,
report, demo data, fuzzing — iterates `KINDS` and names no kind. `records.checks`
refuses to start when a registered kind lacks a required part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from auditlog.registry import auditlog
from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from records.models import Record
from records.sheets import Sheet


@dataclass(frozen=True)
class Figure:
    """A figure: a code, what a person reads, its measure word, and what it counts.

    `kind` is a kind's code (None: every kind); `how` is count, or sum / rate over the
    field `over`; `where` is the condition on the kind's model. Computed in the figures
    app (figures/metrics.py), the one place figures are counted.
    """

    code: str
    label: Promise | str
    unit: Promise | str
    kind: str | None
    how: str = "count"
    over: str | None = None
    where: Q = field(default_factory=Q)
    prefix: Promise | str = ""  # read before the label where it stands alone ("工作简报·" 省级)

    @property
    def model(self) -> type[Record]:
        return KINDS[self.kind].model if self.kind else Record

    @property
    def full_label(self) -> str:
        return f"{self.prefix}{self.label}"

    def aggregate(self, *, over_records: bool = False):
        """The aggregate computing the figure (figures/metrics.py runs it): over its kind's
        rows, or, `over_records`, over the shared table of every kind's records, its kind's
        own fields reached through the join and only its kind's records counted."""
        where, over = self.where, self.over
        if over_records and self.kind:
            where = Q(kind=self.kind) & _through(where, self.model)
            over = _through_path(over, self.model) if over else None
        if self.how == "count":
            return Count("pk", filter=where)
        if self.how == "sum":
            return Sum(over, filter=where)
        # rate: the mean, over records, of participants / the field `over`, in percent
        ratio = Cast(F("participants"), FloatField()) * 100.0 / Cast(F(over), FloatField())
        return Avg(ratio, filter=where & Q(**{f"{over}__gt": 0}, participants__isnull=False))


def _through_path(path: str, model: type[Record]) -> str:
    """A lookup on a kind's model as seen from Record: its own fields through the join."""
    own = {each.name for each in model._meta.local_fields}
    first = path.split("__", 1)[0]
    return f"{model._meta.model_name}__{path}" if first in own else path


def _through(condition: Q, model: type[Record]) -> Q:
    """`condition` on a kind's model, rewritten to be asked of Record (`_through_path`)."""
    rewritten = Q()
    rewritten.connector, rewritten.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            rewritten.children.append(_through(child, model))
        else:
            lookup, value = child
            rewritten.children.append((_through_path(lookup, model), value))
    return rewritten


@dataclass(frozen=True)
class Page:
    """A page of a kind's own beyond the generic ones (the media outlets list), for reviewers' menus."""

    label: Promise
    url_name: str
    icon: str
    perm: str


@dataclass(frozen=True)
class Kind:
    code: str
    model: type[Record]
    form: type
    label: Promise
    create_label: Promise  # the button and page title for a new record of this kind
    icon: str
    count_unit: Promise  # the measure word of its count: 次, 场, 篇, 项
    sheet: Sheet  # its ledger sheet
    # The kind's own fields of a minimal valid record in a town: factories and fuzzing.
    example: Callable
    # demo(year) -> the kind's demo records for one year of the demo town (records.demo).
    demo: Callable
    # How the annual report sums up the kind's records in a theme paragraph (records.writing).
    report: object
    # The kind's own type field (a TextChoices field), filterable in lists.
    type_field: str | None = None
    # Fields of the kind shown as extra columns in its list.
    columns: tuple[str, ...] = ()
    # Base fields this kind does not use (hidden from its form and detail).
    unused: tuple[str, ...] = ()
    # Own fields shown as facts in the binder (detail pages show every form field).
    facts: tuple[str, ...] = ()
    # In the binder, a table of its records with these of its own fields after 日期 and
    # 标题, instead of a block for each (media placements: one 刊发一览 an inspector reads
    # down; honours). Empty: a block of facts and photos per record.
    listed: tuple[str, ...] = ()
    # Own text fields the lists' search looks in, beside title, summary and place.
    search: tuple[str, ...] = ()
    # Figures beyond its count and one per type (full codes, "media.city_and_above").
    figures: tuple[Figure, ...] = ()
    # Figure codes the leaders' dashboard shows as cards, and further ones targets may be set on.
    cards: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    # The work theme its records start in where the town has made no other its default
    # (a theme name of records.services.DEFAULT_THEMES, e.g. "意识形态").
    default_theme: str = ""
    # The kind's own pages a reviewer keeps (e.g. the list of media outlets).
    pages: tuple[Page, ...] = ()
    form_template: str = "records/record_form.html"
    # Called with the pks of the kind's records just written (a form, an import, the demo
    # data) for what the kind keeps beside them: a placement's credits from its byline.
    written: Callable[[list[int]], None] | None = None

    @property
    def type_choices(self) -> list[tuple[str, str]]:
        if not self.type_field:
            return []
        return list(self.model._meta.get_field(self.type_field).choices)

    @property
    def count_code(self) -> str:
        return f"{self.code}.count"

    def type_code(self, value: str) -> str:
        return f"{self.code}.type.{value}"


KINDS: dict[str, Kind] = {}


def kinds_written(pks_by_kind: dict[str, list[int]]) -> None:
    """Tell each kind which of its records were just written (Kind.written)."""
    for code, pks in pks_by_kind.items():
        if pks and KINDS[code].written is not None:
            KINDS[code].written(pks)


# Bookkeeping that changes on every save and says nothing to an auditor.
AUDIT_EXCLUDED = ["updated_at", "version", "record_ptr"]


def register(kind: Kind) -> Kind:
    """Add a kind; its model's creates, changes and deletions go to the audit trail."""
    KINDS[kind.code] = kind
    auditlog.register(kind.model, exclude_fields=AUDIT_EXCLUDED)
    figure_catalogue.cache_clear()
    return kind


def code_for(model: type[Record]) -> str:
    for kind in KINDS.values():
        if kind.model is model:
            return kind.code
    raise TypeError(
        f"{model.__name__} is not a registered record kind; save records through their kind's model"
    )


def kind_choices() -> list[tuple[str, Promise]]:
    return [(kind.code, kind.label) for kind in KINDS.values()]


# --- the figure catalogue ------------------------------------------------------------


def _common() -> Iterator[Figure]:
    yield Figure("records.total", _("各类工作记录"), _("条"), None)
    yield Figure("records.highlights", _("亮点工作"), _("项"), None, where=Q(is_highlight=True))
    yield Figure(
        "records.practical_projects", _("实事项目"), _("项"), None, where=Q(is_practical_project=True)
    )
    yield Figure("records.participants", _("参与人数"), _("人次"), None, "sum", "participants")


def _of_kind(kind: Kind) -> Iterator[Figure]:
    yield Figure(kind.count_code, kind.label, kind.count_unit, kind.code)
    for value, label in kind.type_choices:
        yield Figure(
            kind.type_code(value),
            label,
            kind.count_unit,
            kind.code,
            where=Q(**{kind.type_field: value}),
            prefix=f"{kind.label}·",
        )
    yield from kind.figures


@cache
def figure_catalogue() -> dict[str, Figure]:
    """Every figure, by code: the common ones, then each kind's in the registry's order."""
    figures = list(_common())
    for kind in KINDS.values():
        figures.extend(_of_kind(kind))
    return {figure.code: figure for figure in figures}


def figure(code: str) -> Figure:
    return figure_catalogue()[code]
