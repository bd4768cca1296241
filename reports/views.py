"""The secretary's pages: compile a year's draft, edit it, build and download the .docx."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.files import job_file
from audit.log import audit_write
from audit.models import Event
from figures.metrics import FIGURES
from portal.access import require_perm, town_or_404, units_for
from portal.jobs import job_enqueue
from portal.models import Job
from records.kinds import KINDS
from records.queries import records_for
from reports.editor import (
    chip_labels,
    figure_list,
    material_call,
    section_material,
    section_sources,
    texts_of,
)
from reports.forms import BinderForm, CompileForm, DraftForm, PlanFormSet, SectionFormSet, WorkRuleForm
from reports.models import ReportBuild, ReportDraft, WorkRule
from reports.services import (
    draft_compile,
    draft_regenerate,
    plan_confirm,
    plan_targets,
    report_content,
)

BUILDS_SHOWN = 10
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(request: HttpRequest, pk: int) -> ReportDraft:
    return get_object_or_404(
        ReportDraft.objects.select_related("town"), pk=pk, town=town_or_404(request.user)
    )


def _years() -> range:
    this_year = timezone.localdate().year
    return range(this_year, this_year - 6, -1)


@require_perm("reports.compile_report")
def report_home(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    form = CompileForm(request.POST or None, years=_years(), initial={"year": timezone.localdate().year})
    if form.is_valid():
        draft = draft_compile(town=town, year=form.cleaned_data["year"], by=request.user)
        return redirect("reports:draft", pk=draft.pk)
    drafts = ReportDraft.objects.filter(town=town).order_by("-year")
    binder = BinderForm(years=_years(), units=units_for(request.user))
    binders = Job.objects.filter(kind="binder_build", created_by=request.user)[:10]
    rules = WorkRule.objects.filter(town=town)
    return render(
        request,
        "reports/report_home.html",
        {"form": form, "drafts": drafts, "town": town, "binder": binder, "binders": binders, "rules": rules},
    )


@require_POST
@require_perm("reports.compile_report")
def binder_build(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    form = BinderForm(request.POST, years=_years(), units=units_for(request.user))
    if not form.is_valid():
        messages.error(request, _("请检查台账汇编的年度、类别和单位。"))
        return redirect("reports:home")
    data = form.cleaned_data
    params = {
        "town": town.pk,
        "year": data["year"],
        "kind": data["kind"],
        "unit": data["unit"] and data["unit"].pk,
        "gaps": data["gaps"],
    }
    with transaction.atomic():
        job = job_enqueue(kind="binder_build", params=params, by=request.user)
        # The auditor reads the kind by its name (the unit's id is named by audit.reading).
        shown = params | {"kind": str(KINDS[data["kind"]].label) if data["kind"] else ""}
        audit_write(Event.EXPORT, obj=job, object_repr=f"{data['year']}年台账汇编", detail=shown)
    if job.queue_error:
        messages.warning(request, job.queue_error)
    else:
        messages.info(request, _("正在汇编台账，照片较多时需要几分钟；完成后可在下方下载。"))
    return redirect("reports:home")


@require_perm("reports.compile_report")
def work_rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A document as issued (a 工作制度, a 领导小组 通知, a year's 工作要点) for the binder:
    added, corrected, or retired (not deleted: its history stays in the audit log; a
    retired one is left out of binders made from then on)."""
    town = town_or_404(request.user)
    rule = get_object_or_404(WorkRule, pk=pk, town=town) if pk else WorkRule(town=town)
    form = WorkRuleForm(request.POST or None, instance=rule)
    if form.is_valid():
        form.save()
        messages.success(request, _("已保存“%(title)s”。") % {"title": rule.title})
        return redirect("reports:home")
    title = _("修改台账文件") if pk else _("新增台账文件")
    return render(
        request, "portal/form.html", {"form": form, "title": title, "cancel_url": reverse("reports:home")}
    )


def binder_download(request: HttpRequest, pk) -> FileResponse:
    return job_file(request, pk=pk, kind="binder_build", content_type=DOCX)


@require_perm("reports.compile_report")
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    data = request.POST or None
    form = DraftForm(data, instance=draft, prefix="draft")
    sections = SectionFormSet(data, queryset=draft.sections.all(), prefix="sections")
    plan = PlanFormSet(data, instance=draft, prefix="plan")
    if request.method == "POST":
        if form.is_valid() and sections.is_valid() and plan.is_valid():
            with transaction.atomic():
                form.instance.updated_by = request.user
                form.save()
                sections.save()
                plan.save()
            messages.success(request, _("草稿已保存。"))
            return redirect("reports:draft", pk=draft.pk)
        messages.error(request, _("草稿没有保存：请更正标出的错误。您填写的内容都还在页面上。"))
    shown_sections = [section_form.instance for section_form in sections]
    texts = texts_of(draft, shown_sections, [item_form.instance for item_form in plan])
    if data:  # what was typed, errors and all, keeps its chips
        texts += [value for key, value in data.items() if key.endswith(("-text", "-opening"))]
    referenced = {
        pk
        for section in shown_sections
        for sentence in section.sources or []
        for pk in sentence.get("records", [])
    }
    visible = set(records_for(request.user).filter(pk__in=referenced).values_list("pk", flat=True))
    builds = draft.builds.select_related("built_by")[:BUILDS_SHOWN]
    jobs = Job.objects.filter(kind="report_build", params__draft=draft.pk).exclude(state=Job.State.DONE)[:5]
    return render(
        request,
        "reports/draft_edit.html",
        {
            "draft": draft,
            "form": form,
            "sections": sections,
            "plan": plan,
            "figures": figure_list(draft),
            "chips": chip_labels(draft, texts),
            "material": section_material(draft, shown_sections),
            "sources": {section.pk: section_sources(section, visible) for section in shown_sections},
            "targets": plan_targets(draft),
            "call": material_call(draft),
            "builds": builds,
            "jobs": jobs,
        },
    )


@require_POST
@require_perm("reports.compile_report")
def draft_regenerate_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    kept = draft_regenerate(draft=draft)
    messages.success(request, _("已按最新记录更新系统生成的内容。"))
    if kept:
        messages.info(
            request,
            _("有 %(n)d 段您改写过，保留了您的文字；新生成的内容显示在该段下方，可按需取用。") % {"n": kept},
        )
    return redirect("reports:draft", pk=draft.pk)


@require_perm("reports.compile_report")
def draft_preview(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    content, _figures = report_content(draft)
    return render(request, "reports/preview.html", {"draft": draft, "content": content})


@require_POST
@require_perm("reports.compile_report")
def draft_build(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    with transaction.atomic():
        job = job_enqueue(kind="report_build", params={"draft": draft.pk}, by=request.user)
    if job.queue_error:
        messages.warning(request, job.queue_error)
    else:
        messages.info(request, _("正在生成文件，完成后会出现在下方的“已生成的文件”中。"))
    return redirect("reports:draft", pk=draft.pk)


@require_POST
@require_perm("reports.compile_report")
def draft_confirm_plan(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    codes = [code for code in request.POST.getlist("target") if code in FIGURES]
    if not codes:
        messages.warning(request, _("请先勾选要设为明年目标的指标。"))
        return redirect("reports:draft", pk=draft.pk)
    count = plan_confirm(draft=draft, by=request.user, codes=codes)
    messages.success(
        request, _("已把 %(n)d 项目标设为%(year)s年驾驶舱的目标。") % {"n": count, "year": draft.year + 1}
    )
    return redirect("reports:draft", pk=draft.pk)


@require_perm("reports.compile_report")
def build_download(request: HttpRequest, pk: int) -> FileResponse:
    build = get_object_or_404(
        ReportBuild.objects.select_related("draft"), pk=pk, draft__town=town_or_404(request.user)
    )
    audit_write(Event.DOWNLOAD, obj=build, detail={"checksum": build.checksum})
    return FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=f"{build.draft.title}.docx",
        content_type=DOCX,
    )
