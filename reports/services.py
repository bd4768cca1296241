"""Compiling, editing and building the annual report.

The report's own words (title, opening, headings, figure sentences) are Chinese
whatever language the secretary's screen is in, so they are not translated.

A draft holds text with figure placeholders ({study.count}); the figures come from
portal/metrics.py when the document is built, in the draft's chosen style (exact,
or the official "20余次"). The builder reads figures and the draft and writes .docx,
nothing else.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.log import audit_write
from audit.models import Event
from figures.metrics import FIGURES, Period, figures_compute
from figures.models import Target
from portal.jobs import register
from portal.models import Job, OrgUnit, User
from records.kinds import KINDS
from records.models import Record, WorkTheme
from records.services import themes_ensure_defaults
from reports.docx import PlanItem as DocPlanItem
from reports.docx import ReportContent, Section, report_docx
from reports.models import PlanItem, ReportBuild, ReportDraft, ReportSection

# The storage folder of built binders, fetched by their requester and purged after a week.
BINDERS = "binders"
PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+)\}")
HIGHLIGHTS_PER_THEME = 4
RATE_CODES = {code for code, figure in FIGURES.items() if figure.how == "rate"}

PLAN_DEFAULTS = [
    ("持续深化理论武装", "健全中心组学习制度，推动理论宣讲进村入户，让党的创新理论在基层落地生根。"),
    ("牢牢守住意识形态阵地", "落实意识形态工作责任制，加强网络阵地管理，及时回应群众关切。"),
    ("讲好本镇发展故事", "围绕中心工作策划主题宣传，提升稿件质量，争取更多市级及以上媒体刊发。"),
    ("深化新时代文明实践", "壮大志愿服务队伍，擦亮志愿服务品牌，推动文明乡风持续向好。"),
    ("丰富群众文化生活", "办好节庆和群众文体活动，推动文化资源向村居延伸。"),
]


# --- figures and placeholders ---------------------------------------------------


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def placeholders_check(text: str) -> None:
    """Refuse text holding a placeholder the metrics module does not know."""
    unknown = sorted({code for code in placeholders_in(text) if code not in FIGURES})
    if unknown:
        raise ValidationError(
            _("不认识的数字占位符：%(codes)s。请从“插入数字”列表中选择。")
            % {"codes": "、".join("{" + code + "}" for code in unknown)}
        )


def figure_format(value, *, code: str, rounding: str) -> str:
    """A figure as the report writes it: exact, or officially rounded ("20余", "300余")."""
    if code in RATE_CODES:
        return f"{float(value):.1f}".rstrip("0").rstrip(".")
    if isinstance(value, Decimal | float):
        value = round(value)
    value = int(value)
    if rounding != ReportDraft.Rounding.OFFICIAL or value < 10:
        return str(value)
    # One significant figure below a thousand ("20余", "300余"), two above ("1200余").
    digits = len(str(value))
    step = 10 ** (digits - 1 if digits <= 3 else digits - 2)
    floored = value // step * step
    return str(value) if floored == value else f"{floored}余"


def text_resolve(text: str, *, values: dict, rounding: str) -> str:
    return PLACEHOLDER.sub(
        lambda match: figure_format(values[match[1]], code=match[1], rounding=rounding), text
    )


def draft_figures(draft: ReportDraft, *, codes=None) -> dict:
    """The figures of the draft's town and year (all, or `codes`)."""
    return figures_compute(unit=draft.town, period=Period.year(draft.year), codes=codes)


# --- compiling ----------------------------------------------------------------


def kind_sentence(kind: str, values: dict) -> str:
    """The figure sentence of a kind (its `Kind.report`), leaving out clauses that are zero."""
    tally = KINDS[kind].report
    head, clauses = tally.head, tally.clauses
    if not values.get(placeholders_in(head)[0]):
        return ""
    parts = [head]
    for clause in clauses:
        if isinstance(clause[0], tuple):
            group = [text for code, text in clause if values.get(code)]
            if group:
                parts.append("（" + "、".join(group) + "）")
        elif values.get(clause[0]):
            parts.append(clause[1])
    return "".join(parts) + "。"


def highlights_sentence(theme: WorkTheme, year: int) -> str:
    highlights = list(
        Record.objects.filter(
            theme=theme, is_highlight=True, status=Record.Status.APPROVED, date__year=year
        ).order_by("-date")[:HIGHLIGHTS_PER_THEME]
    )
    if not highlights:
        return ""
    titles = "；".join(record.title.rstrip("。") for record in highlights)
    return f"工作中形成了一批特色亮点：{titles}。"


def section_generated(theme: WorkTheme, *, year: int, values: dict) -> str:
    sentences = [kind_sentence(kind, values) for kind in theme.default_for if kind in KINDS]
    sentences.append(highlights_sentence(theme, year))
    return "".join(sentence for sentence in sentences if sentence)


def draft_compile(*, town: OrgUnit, year: int, by: User | None) -> ReportDraft:
    """The town's draft for the year, made now (pre-filled) if it does not exist yet."""
    existing = ReportDraft.objects.filter(town=town, year=year).first()
    if existing:
        return existing
    themes_ensure_defaults(town=town)
    with transaction.atomic():
        draft = ReportDraft.objects.create(
            town=town,
            year=year,
            title=f"{town.name}关于宣传思想文化{year}年工作总结及{year + 1}年工作计划",
            opening=(
                f"{year}年，{town.name}宣传思想文化工作在上级党委宣传部门的指导下，坚持以习近平新时代"
                "中国特色社会主义思想为指导，围绕全镇中心工作，守正创新、担当作为，理论武装、阵地建设、"
                "新闻宣传、文明实践和文化惠民各项工作取得新进展，为全镇高质量发展提供了有力的思想保证"
                "和精神动力。现将全年工作总结如下。"
            ),
            plan_opening=(
                f"{year + 1}年，{town.name}将继续坚持正确政治方向，围绕中心、服务大局，重点抓好以下工作。"
            ),
            signature=town.name,
            signed_on=_default_signing_date(year),
            updated_by=by,
        )
        draft_regenerate(draft=draft)
        PlanItem.objects.bulk_create(
            PlanItem(draft=draft, order=index, heading=heading, text=text)
            for index, (heading, text) in enumerate(PLAN_DEFAULTS, start=1)
        )
    return draft


def _default_signing_date(year: int) -> date:
    today = timezone.localdate()
    return today if today.year > year else date(year, 12, 31)


def draft_regenerate(*, draft: ReportDraft) -> int:
    """Refresh each section's generated text; return how many sections kept the secretary's text.

    A section's text is replaced only if the secretary has not changed it since it
    was last generated; themes added since get a section of their own.
    """
    values = draft_figures(draft)
    sections = {section.theme_id: section for section in draft.sections.all()}
    kept = 0
    themes = WorkTheme.objects.filter(town=draft.town, is_active=True).order_by("order", "pk")
    for theme in themes:
        generated = section_generated(theme, year=draft.year, values=values)
        section = sections.get(theme.pk)
        if section is None:
            # A theme with nothing to say yet stays out of the document until written.
            ReportSection.objects.create(
                draft=draft,
                theme=theme,
                order=theme.order,
                lead=theme.lead_sentence,
                text=generated,
                generated=generated,
                include=bool(generated),
            )
            continue
        if section.edited:
            kept += 1
        else:
            section.text = generated
        section.generated = generated
        section.save(update_fields=["text", "generated"])
    return kept


def plan_confirm(*, draft: ReportDraft, by: User) -> int:
    """Make the plan's targets next year's dashboard targets (town-wide); return how many."""
    count = 0
    with transaction.atomic():
        for item in draft.plan_items.all():
            for code, value in item.targets.items():
                Target.objects.update_or_create(
                    unit=draft.town,
                    year=draft.year + 1,
                    figure=code,
                    defaults={"value": Decimal(str(value)), "set_by": by},
                )
                count += 1
        draft.plan_confirmed_at = timezone.now()
        draft.save(update_fields=["plan_confirmed_at"])
    return count


# --- building -----------------------------------------------------------------


def report_content(draft: ReportDraft) -> tuple[ReportContent, dict]:
    """The document's content with every placeholder resolved, and the figures used."""
    sections = [s for s in draft.sections.all() if s.include]
    items = list(draft.plan_items.all())
    texts = [draft.title, draft.opening, draft.plan_opening]
    texts += [s.lead for s in sections] + [s.text for s in sections]
    texts += [i.heading for i in items] + [i.text for i in items]
    codes = sorted({code for text in texts for code in placeholders_in(text) if code in FIGURES})
    values = draft_figures(draft, codes=codes) if codes else {}

    def resolve(text: str) -> str:
        return text_resolve(text, values=values, rounding=draft.rounding)

    content = ReportContent(
        title=resolve(draft.title),
        opening=resolve(draft.opening),
        summary_heading=f"一、{draft.year}年工作总结",
        sections=[Section(lead=resolve(s.lead), text=resolve(s.text)) for s in sections],
        plan_heading=f"二、{draft.year + 1}年工作计划",
        plan_opening=resolve(draft.plan_opening),
        plan_items=[DocPlanItem(heading=resolve(i.heading), text=resolve(i.text)) for i in items],
        signature=draft.signature,
        date=draft.signed_on,
    )
    figures = {code: str(value) for code, value in values.items()}
    return content, figures


def report_build(
    *, draft: ReportDraft, by: User | None, job: Job | None = None, via: str = ""
) -> ReportBuild:
    """Write the .docx and keep it with its checksum and the figures it used; log the build.

    A job run a second time (its worker died after writing) returns the build it
    already made, so a build is never kept twice. `via` names a caller with no signed-in
    user (a command) in the security log.
    """
    if job is not None:
        existing = ReportBuild.objects.filter(job=job).first()
        if existing:
            return existing
    content, figures = report_content(draft)
    data = report_docx(content)
    build = ReportBuild(
        draft=draft,
        job=job,
        checksum=hashlib.sha256(data).hexdigest(),
        figures=figures,
        built_by=by,
    )
    with transaction.atomic():
        build.file.save(f"{draft.year}.docx", ContentFile(data), save=False)
        build.save()
        audit_write(
            Event.REPORT_BUILD,
            user=by,
            username=via,
            obj=draft,
            town=draft.town,
            detail={"build": build.pk, "checksum": build.checksum, "figures": len(figures)},
        )
    return build


@register("report_build", label=_lazy("年度总结生成"))
def report_build_job(job: Job) -> dict:
    draft = ReportDraft.objects.filter(pk=job.params.get("draft")).first()
    if draft is None:
        return {"error": "draft gone"}
    job.set_progress(30)
    build = report_build(draft=draft, by=job.created_by, job=job)
    return {"build": build.pk, "checksum": build.checksum}


@register("binder_build", label=_lazy("台账汇编"))
def binder_build_job(job: Job) -> dict:
    """The ledger binder for a town and year (optionally one kind or unit), to a file."""
    from django.core.files.storage import default_storage

    from reports.binder import BinderScope, binder_docx

    params = job.params
    town = OrgUnit.objects.get(pk=params["town"])
    unit = OrgUnit.objects.filter(pk=params.get("unit")).first() if params.get("unit") else None
    scope = BinderScope(town=town, year=params["year"], kind=params.get("kind") or None, unit=unit)
    data = binder_docx(scope, progress=job.set_progress)
    name = default_storage.save(f"{BINDERS}/{job.pk}.docx", ContentFile(data))
    return {"file": name, "name": f"{scope.title}.docx", "checksum": hashlib.sha256(data).hexdigest()}
