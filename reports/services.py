"""Compiling, editing and building the annual report.

The report's own words (title, opening, headings, the generated prose) are Chinese
whatever language the secretary's screen is in, so they are not translated.

A draft is written from the year's records by reports/writer.py and holds figure
placeholders ({study.count}, {study.type.lecture@theme:3}); the figures come from
figures/metrics.py when the document is built, in the draft's chosen style (exact, or
the official "20余次", reports/numbers.py). The builder reads figures and the draft and
writes .docx, nothing else.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.log import audit_write
from audit.models import Event
from figures.metrics import FIGURES, Period, figures_compute, scoped_compute
from figures.models import Target
from portal.gongwen import PlanItem as DocPlanItem
from portal.gongwen import ReportContent, Section, report_docx
from portal.jobs import register
from portal.models import Job, OrgUnit, User
from records.models import WorkTheme
from records.services import themes_ensure_defaults
from reports.models import Material, MaterialCall, PlanItem, ReportBuild, ReportDraft, ReportSection
from reports.numbers import scoped_in, text_resolve
from reports.writer import Composition, compose

# The storage folder of built binders, fetched by their requester and purged after a week.
BINDERS = "binders"


def draft_figures(draft: ReportDraft, *, codes=None) -> dict:
    """The figures of the draft's town and year (all, or `codes`)."""
    return figures_compute(unit=draft.town, period=Period.year(draft.year), codes=codes)


def draft_values(draft: ReportDraft, texts) -> dict:
    """Every placeholder's value in `texts`, scoped ones included, by its placeholder text."""
    return scoped_compute(unit=draft.town, period=Period.year(draft.year), scoped=scoped_in(texts))


# --- compiling ----------------------------------------------------------------


def draft_compile(*, town: OrgUnit, year: int, by: User | None) -> ReportDraft:
    """The town's draft for the year, written now from its records if it does not exist yet."""
    existing = ReportDraft.objects.filter(town=town, year=year).first()
    if existing:
        return existing
    themes_ensure_defaults(town=town)
    composition = compose(town=town, year=year)
    with transaction.atomic():
        draft = ReportDraft.objects.create(
            town=town,
            year=year,
            title=f"{town.name}关于宣传思想文化{year}年工作总结及{year + 1}年工作计划",
            opening=composition.opening,
            plan_opening=composition.plan_opening,
            signature=town.signing_name,
            signed_on=None,
            updated_by=by,
        )
        _sections_write(draft, composition)
        PlanItem.objects.bulk_create(
            PlanItem(draft=draft, order=index, heading=item.heading, text=item.text, targets=item.targets)
            for index, item in enumerate(composition.plan, start=1)
        )
    return draft


def _sections_write(draft: ReportDraft, composition: Composition) -> int:
    """Each generated section into the draft: new ones added, the secretary's edits kept."""
    sections = {section.theme_id: section for section in draft.sections.all()}
    kept = 0
    themes = {theme.pk: theme for theme in WorkTheme.objects.filter(town=draft.town)}
    for order, text in enumerate(composition.sections):
        sources = [{"text": sentence.text, "records": list(sentence.records)} for sentence in text.sentences]
        section = sections.pop(text.theme_id, None)
        if section is None:
            ReportSection.objects.create(
                draft=draft,
                theme=themes.get(text.theme_id),
                order=order * 10,
                lead=text.lead,
                text=text.text,
                generated=text.text,
                sources=sources,
            )
            continue
        if section.edited:
            kept += 1
        else:
            section.text = text.text
            section.lead = text.lead
        section.generated = text.text
        section.sources = sources
        section.save(update_fields=["text", "lead", "generated", "sources"])
    for section in sections.values():  # a theme that has nothing to say this time
        if not section.edited:
            section.generated = ""
            section.sources = []
            section.save(update_fields=["generated", "sources"])
    return kept


def draft_regenerate(*, draft: ReportDraft) -> int:
    """Write the sections again from the records; return how many kept the secretary's text.

    A section's text is replaced only if the secretary has not changed it since it was
    last generated (the new text is kept beside it, to take from); themes with records
    since get a section of their own.
    """
    return _sections_write(draft, compose(town=draft.town, year=draft.year))


def plan_targets(draft: ReportDraft) -> list[dict]:
    """What confirming the plan would set: each target with next year's value now beside it."""
    current = {
        target.figure: target.value for target in Target.objects.filter(unit=draft.town, year=draft.year + 1)
    }
    rows = []
    for item in draft.plan_items.all():
        for code, value in item.targets.items():
            if code in FIGURES:
                rows.append(
                    {
                        "code": code,
                        "label": FIGURES[code].full_label,
                        "unit": str(FIGURES[code].unit),
                        "old": current.get(code),
                        "new": Decimal(str(value)),
                        "item": item.heading,
                    }
                )
    return rows


def plan_confirm(*, draft: ReportDraft, by: User, codes) -> int:
    """Make the ticked plan targets next year's dashboard targets (town-wide); return how many.

    Only the figures the secretary ticked change; each keeps who set it.
    """
    chosen = set(codes)
    count = 0
    with transaction.atomic():
        for row in plan_targets(draft):
            if row["code"] not in chosen:
                continue
            Target.objects.update_or_create(
                unit=draft.town,
                year=draft.year + 1,
                figure=row["code"],
                defaults={"value": row["new"], "set_by": by},
            )
            count += 1
        draft.plan_confirmed_at = timezone.now()
        draft.save(update_fields=["plan_confirmed_at"])
    return count


def signing_day(draft: ReportDraft, *, today: date | None = None) -> date:
    """The date under the signature: the one the secretary set, never after the build day;
    else the build day, but no later than the January after the year, when a year's
    report is sent up (a past year's report rebuilt later keeps a date its plan fits)."""
    today = today or timezone.localdate()
    if draft.signed_on:
        return min(draft.signed_on, today)
    return min(today, date(draft.year + 1, 1, 31))


# --- building -----------------------------------------------------------------


def report_content(draft: ReportDraft) -> tuple[ReportContent, dict]:
    """The document's content with every placeholder resolved, and the figures used."""
    sections = [s for s in draft.sections.all() if s.include]
    items = list(draft.plan_items.all())
    texts = [draft.title, draft.opening, draft.plan_opening]
    texts += [s.lead for s in sections] + [s.text for s in sections]
    texts += [i.heading for i in items] + [i.text for i in items]
    values = draft_values(draft, texts)

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
        date=signing_day(draft),
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

    from reports.binder import BinderScope, binder_write

    params = job.params
    town = OrgUnit.objects.get(pk=params["town"])
    unit = OrgUnit.objects.filter(pk=params.get("unit")).first() if params.get("unit") else None
    scope = BinderScope(
        town=town,
        year=params["year"],
        kind=params.get("kind") or None,
        unit=unit,
        gaps=bool(params.get("gaps")),
    )
    with tempfile.TemporaryFile() as out:
        binder_write(scope, out, progress=job.set_progress)
        out.seek(0)
        checksum = hashlib.file_digest(out, "sha256").hexdigest()
        out.seek(0)
        name = default_storage.save(f"{BINDERS}/{job.pk}.docx", File(out, name=f"{job.pk}.docx"))
    return {"file": name, "name": f"{scope.title}.docx", "checksum": checksum}


# --- year-end material (素材征集) ---------------------------------------------------------


def material_call_open(*, town: OrgUnit, year: int, deadline: date, note: str, by: User) -> MaterialCall:
    """Ask every unit of the town for its year's highlights, honours and a short summary."""
    call, created = MaterialCall.objects.get_or_create(
        town=town, year=year, defaults={"deadline": deadline, "note": note, "opened_by": by}
    )
    if not created:
        call.deadline, call.note, call.closed_at = deadline, note, None
        call.save(update_fields=["deadline", "note", "closed_at"])
    return call


@dataclass(frozen=True)
class HighlightText:
    text: str
    theme: WorkTheme | None = None
    records: tuple = ()


def materials_submit(
    *,
    call: MaterialCall,
    unit: OrgUnit,
    by: User,
    highlights: list[HighlightText],
    honours: list[str],
    summary: str,
) -> int:
    """A unit's material for the call, in place of what it sent before and was not accepted yet.

    At most five highlights of at most 300 字; accepted pieces stay as they are. Returns
    how many pieces are now waiting for review.
    """
    if not call.is_open:
        raise ValidationError(_("素材征集已结束，不能再报送。"))
    if len(highlights) > Material.HIGHLIGHTS_PER_UNIT:
        raise ValidationError(_("每个单位最多报送 %(n)d 条工作亮点。") % {"n": Material.HIGHLIGHTS_PER_UNIT})
    for highlight in highlights:
        if len(highlight.text) > Material.HIGHLIGHT_LENGTH:
            raise ValidationError(_("每条工作亮点不超过 %(n)d 字。") % {"n": Material.HIGHLIGHT_LENGTH})
    pieces = [(Material.Sort.HIGHLIGHT, h.text, h.theme, h.records) for h in highlights if h.text.strip()]
    pieces += [(Material.Sort.HONOUR, text, None, ()) for text in honours if text.strip()]
    if summary.strip():
        pieces.append((Material.Sort.SUMMARY, summary.strip()[: Material.SUMMARY_LENGTH], None, ()))
    with transaction.atomic():
        Material.objects.filter(call=call, unit=unit).exclude(status=Material.Status.ACCEPTED).delete()
        for sort, text, theme, records in pieces:
            material = Material.objects.create(
                call=call, unit=unit, sort=sort, text=text.strip(), theme=theme, submitted_by=by
            )
            if records:
                material.records.set(records)
    return len(pieces)


def material_review(*, material: Material, by: User, accept: bool, reason: str = "") -> None:
    """Accept a piece for the secretary's panel, or return it to the unit with a reason."""
    if not accept and not reason.strip():
        raise ValidationError(_("请填写退回理由，让报送单位知道需要修改什么。"))
    material.status = Material.Status.ACCEPTED if accept else Material.Status.RETURNED
    material.return_reason = "" if accept else reason.strip()
    material.reviewed_by, material.reviewed_at = by, timezone.now()
    material.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at"])
