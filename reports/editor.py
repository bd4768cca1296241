"""What the draft editor shows beside the text: readable chips for placeholders, each
section's material to insert, and the records each generated sentence came from."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from figures.metrics import FIGURES, Period, Scoped, figures_compute
from portal.cache import cached
from records.kinds import KINDS
from records.models import Brand, CampaignTask, Record, WorkTheme
from reports.models import Material, MaterialCall, ReportDraft
from reports.numbers import figure_format, placeholders_in, scoped_in
from reports.services import draft_values
from scoring.scores import year_standing

PANEL_RECORDS = 8
FIGURES_CACHE_SECONDS = 300


def chip_labels(draft: ReportDraft, texts) -> dict[str, str]:
    """Each placeholder in `texts` as the editor shows it: 【中心组学习（理论武装）：9次】.

    The values are kept a few minutes for the same placeholders, as `figure_list` keeps
    its figures: each view of a large town's draft counted its year again (84 ms of SQL at
    100,000 records). A new placeholder asks anew; the document is built from fresh values.
    """
    asked = sorted({str(item) for item in scoped_in(texts)})
    digest = hashlib.sha1("|".join(asked).encode()).hexdigest()
    key = f"reports:chips:{draft.town_id}:{draft.year}:{digest}"
    values = cached(key, lambda: draft_values(draft, texts), FIGURES_CACHE_SECONDS)
    names = _scope_names(draft, [Scoped.parse(code) for code in values])
    labels = {}
    for code, value in values.items():
        scoped = Scoped.parse(code)
        figure = FIGURES[scoped.code]
        # A type figure names its type already: "理论学习·中心组学习（理论武装）".
        parts = [part for part in scoped.scope if not (part[0] == "type" and ".type." in scoped.code)]
        where = "、".join(names.get(part, part[1]) for part in parts)
        shown = figure_format(value, code=code, rounding=draft.rounding)
        label = figure.full_label + (f"（{where}）" if where else "")
        labels[code] = f"{label}：{shown}{figure.unit}"
    return labels


def _scope_names(draft: ReportDraft, scoped: list[Scoped]) -> dict[tuple[str, str], str]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in scoped:
        for name, value in item.scope:
            wanted[name].add(value)
    names: dict[tuple[str, str], str] = {}
    ids = {name: [int(value) for value in values if value.isdigit()] for name, values in wanted.items()}
    for theme in WorkTheme.objects.filter(pk__in=ids.get("theme", []), town=draft.town):
        names[("theme", str(theme.pk))] = theme.name
    for brand in Brand.objects.filter(pk__in=ids.get("brand", []), town=draft.town):
        names[("brand", str(brand.pk))] = f"“{brand.name}”"
    for task in CampaignTask.objects.filter(pk__in=ids.get("task", []), campaign__town=draft.town):
        names[("task", str(task.pk))] = task.name
    if ids.get("campaign"):
        names.update({("campaign", str(pk)): "年度主线" for pk in ids["campaign"]})
    for item in scoped:
        for name, value in item.scope:
            if name == "type":
                kind = KINDS.get(FIGURES[item.code].kind or "")
                label = dict(kind.type_choices).get(value, value) if kind else value
                names[("type", value)] = str(label)
    return names


def figure_list(draft: ReportDraft) -> list[tuple[str, str, str, str]]:
    """Every figure to insert, with its value now: (code, label, value, unit).

    Kept a few minutes, so that opening and saving the draft does not count every figure
    of the year each time; the document is always built from fresh figures.
    """

    def compute() -> list[tuple[str, str, str, str]]:
        values = figures_compute(unit=draft.town, period=Period.year(draft.year))
        return [
            (
                code,
                FIGURES[code].full_label,
                figure_format(values[code], code=code, rounding=draft.rounding),
                str(FIGURES[code].unit),
            )
            for code in FIGURES
        ]

    key = f"reports:figures:{draft.town_id}:{draft.year}:{draft.rounding}"
    return cached(key, compute, FIGURES_CACHE_SECONDS)


@dataclass(frozen=True)
class Offer:
    """One thing the secretary can insert into a section."""

    label: str  # what the panel shows
    text: str  # what goes into the text
    url: str = ""  # the record it is, to look at first
    tag: str = ""  # 亮点, 荣誉, 素材…


def section_material(draft: ReportDraft, sections) -> dict[int, list[Offer]]:
    """Per section (by its pk), the theme's ranked records, honours and accepted 素材."""
    period = Period.year(draft.year)
    themes = {section.theme_id for section in sections if section.theme_id}
    records = Record.objects.filter(
        theme_id__in=themes,
        status=Record.Status.APPROVED,
        date__range=(period.start, period.end),
    ).select_related("unit")
    # The first PANEL_RECORDS of each theme, ranked by the database: a year at a large town
    # is 20,000 records, and reading them all to keep a few dozen took a second.
    order = [F("is_highlight").desc(), F("participants").desc(), F("date").asc(), F("pk").asc()]
    ranked = (
        records.annotate(panel_rank=Window(RowNumber(), partition_by=[F("theme_id")], order_by=order))
        .filter(panel_rank__lte=PANEL_RECORDS)
        .order_by("theme_id", "panel_rank")
    )
    by_theme: dict[int, list[Record]] = defaultdict(list)
    for record in ranked:
        by_theme[record.theme_id].append(record)
    accepted = Material.objects.filter(
        call__town=draft.town, call__year=draft.year, status=Material.Status.ACCEPTED
    ).select_related("unit")
    materials: dict[int | None, list[Material]] = defaultdict(list)
    for material in accepted:
        materials[material.theme_id].append(material)
    offers: dict[int, list[Offer]] = {}
    for section in sections:
        rows = []
        for material in materials.get(section.theme_id, []) + (
            materials.get(None, []) if section.theme_id else []
        ):
            tag = material.get_sort_display()
            rows.append(
                Offer(f"{material.unit.name}：{material.text[:60]}", material.text, tag=f"素材·{tag}")
            )
        for record in by_theme.get(section.theme_id, []):
            tag = "亮点" if record.is_highlight else str(KINDS[record.kind].label)
            rows.append(
                Offer(record.title, _record_text(record), reverse("records:detail", args=[record.pk]), tag)
            )
        offers[section.pk] = rows
    scored = _scoring_offer(draft)
    if scored is not None:
        theme, offer = scored
        for section in sections:
            if section.theme_id == theme:
                offers[section.pk].insert(0, offer)
    return offers


def _scoring_offer(draft: ReportDraft) -> tuple[int, Offer] | None:
    """The year's 新闻宣传考核 in a sentence, for the theme that holds most placements.

    The scores are the 通报's (frozen, with their corrections) for the months issued and
    the live ones for the rest (scoring.scores.year_standing); kept a few minutes, as the
    chips are.
    """

    def compute():
        period = Period.year(draft.year)
        theme = (
            Record.objects.filter(
                kind="media", unit__in=draft.town.subtree_ids, date__range=(period.start, period.end)
            )
            .exclude(theme=None)
            .values("theme")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("theme", flat=True)
            .first()
        )
        if theme is None:
            return None
        standing = year_standing(draft.town, draft.year)
        top = [score for score in standing.units if score.total > 0][:3]
        if not top:
            return None
        names = "、".join(f"{score.name}（{score.total.normalize():f}分）" for score in top)
        text = (
            f"全镇坚持新闻宣传月度考核通报，全年计分稿件{standing.pieces_counted}篇，"
            f"{names}得分位列前{len(top)}"
        )
        people = [score for score in standing.people if score.pieces > 0]
        if people:
            first = people[0]
            text += f"；{first.unit.name}{first.name}全年署名计分稿件{first.pieces}篇，居通讯员首位"
        return theme, text + "。"

    found = cached(f"reports:scoring:{draft.town_id}:{draft.year}", compute, FIGURES_CACHE_SECONDS)
    if found is None:
        return None
    theme, text = found
    return theme, Offer(text[:60], text, reverse("scoring:month"), "考核")


def _record_text(record: Record) -> str:
    summary = record.summary.strip().split("。")[0]
    return (
        f"{record.unit.name}{record.title.removeprefix(record.unit.name)}"
        + (f"，{summary}" if summary else "")
        + "。"
    )


def section_sources(section, visible: set[int]) -> list[dict]:
    """The generated sentences with links to the records each came from (those the secretary may see)."""
    rows = []
    for sentence in section.sources or []:
        records = [pk for pk in sentence.get("records", []) if pk in visible]
        if sentence.get("text") and records:
            rows.append(
                {
                    "text": sentence["text"],
                    "links": [reverse("records:detail", args=[pk]) for pk in records[:8]],
                    "more": max(0, len(records) - 8),
                }
            )
    return rows


def material_call(draft: ReportDraft) -> MaterialCall | None:
    return MaterialCall.objects.filter(town=draft.town, year=draft.year).first()


def texts_of(draft: ReportDraft, sections, items) -> list[str]:
    texts = [draft.title, draft.opening, draft.plan_opening]
    texts += [section.text for section in sections] + [item.text for item in items]
    return [text for text in texts if placeholders_in(text)]
