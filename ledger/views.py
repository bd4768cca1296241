"""Ledger workbooks in the browser: import with a preview, export a list, the template."""

from __future__ import annotations

import io
import uuid

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.files import job_file
from audit.log import audit_write
from audit.models import Event
from ledger.archive import UnsafeWorkbook, workbook_size
from ledger.importing import ledger_refused
from ledger.jobs import INLINE_ROWS, REFUSED, UPLOADS, export_name, export_title, records_filtered
from ledger.reading import MAX_ROWS, MAX_SHEETS
from ledger.services import (
    AlreadyImported,
    PlanSummary,
    ledger_export,
    ledger_import,
    ledger_read,
    ledger_template,
)
from portal.access import require_perm, town_or_404
from portal.files import stash_delete
from portal.jobs import job_enqueue
from portal.models import Job
from records.kinds import KINDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Up to this many rows an export is written during the request; more go to a worker.
EXPORT_INLINE_LIMIT = 2000
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
SESSION_KEY = "ledger_upload"


class LedgerUploadForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("台账工作簿（.xlsx）"))
    create_units = forms.BooleanField(
        label=gettext_lazy("自动新建工作簿中出现、本镇还没有的单位"), required=False
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("文件超过 20 MB，请拆分后分批导入。"))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 工作簿（旧的 .xls 请先另存为 .xlsx）。"))
        return upload


@require_perm("records.review_record")
def ledger_import_view(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (all or nothing).

    A workbook of more than INLINE_ROWS rows is previewed, and then imported, by a
    worker; the page polls the job and shows its preview when it is done.
    """
    town = town_or_404(request.user)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    summary = preview_job = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        _upload_forget(request)  # a new preview replaces the last one, which is never confirmed now
        name = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}.xlsx", upload)
        create_units = form.cleaned_data["create_units"]
        try:
            with default_storage.open(name, "rb") as stored:
                rows = workbook_size(stored, name=upload.name, max_rows=MAX_ROWS + MAX_SHEETS).rows
        except UnsafeWorkbook as exc:
            stash_delete(name)
            form.add_error("workbook", str(exc))
            return _import_page(request, form, town)
        pending = {"file": name, "name": upload.name, "create_units": create_units, "rows": rows}
        if rows > INLINE_ROWS:
            with transaction.atomic():
                preview_job = job_enqueue(kind="ledger_preview", params=pending, by=request.user)
            pending["preview_job"] = str(preview_job.pk)
        else:
            with default_storage.open(name, "rb") as stored:
                plan = ledger_read(stored, town=town, create_units=create_units, name=upload.name)
            summary = PlanSummary.of(plan)
        request.session[SESSION_KEY] = pending
    elif request.method == "GET":
        summary, preview_job = _preview_of_worker(request)
    return _import_page(request, form, town, summary=summary, preview_job=preview_job)


def _import_page(request: HttpRequest, form, town, *, summary=None, preview_job=None) -> HttpResponse:
    imports = Job.objects.filter(kind="ledger_import", created_by=request.user)[:5]
    context = {"form": form, "plan": summary, "preview_job": preview_job, "imports": imports, "town": town}
    return render(request, "ledger/import.html", {**context, "kinds": KINDS})


def _preview_of_worker(request: HttpRequest) -> tuple[PlanSummary | None, Job | None]:
    """The pending upload's preview a worker made (or is making), if the upload went to one."""
    pending = request.session.get(SESSION_KEY) or {}
    job = Job.objects.filter(pk=pending.get("preview_job"), created_by=request.user).first()
    if job is None or job.state != Job.State.DONE:
        return None, job
    return PlanSummary.from_json(job.result), None


def _upload_forget(request: HttpRequest) -> None:
    previous = request.session.pop(SESSION_KEY, None)
    if previous:
        stash_delete(previous["file"])


@require_POST
@require_perm("records.review_record")
def ledger_import_confirm(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    upload = request.session.get(SESSION_KEY)
    if not upload or not default_storage.exists(upload["file"]):
        messages.error(request, _("没有待导入的文件，请重新上传。"))
        return redirect("ledger:import")
    if upload.get("rows", 0) > INLINE_ROWS:
        del request.session[SESSION_KEY]  # the worker deletes the file when it is done with it
        with transaction.atomic():
            job = job_enqueue(kind="ledger_import", params=upload, by=request.user)
        messages.info(request, job.queue_error or _("记录较多，正在后台导入；完成后本页显示结果。"))
        return redirect("ledger:import")
    with default_storage.open(upload["file"], "rb") as stored:
        plan = ledger_read(stored, town=town, create_units=upload["create_units"], name=upload["name"])
    if not plan.ok:
        ledger_refused(plan, by=request.user)
        _upload_forget(request)
        messages.error(request, REFUSED)
        return redirect("ledger:import")
    try:
        result = ledger_import(plan, by=request.user, upload=upload["file"])
    except AlreadyImported as exc:
        messages.info(request, exc.messages[0])
    else:
        messages.success(request, result.message)
    _upload_forget(request)
    return redirect("records:list")


@require_perm("records.read_record")
def ledger_template_view(request: HttpRequest) -> FileResponse:
    stream = io.BytesIO()
    ledger_template(stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename="台账导入模板.xlsx", content_type=XLSX)


@require_perm("records.read_record")
def ledger_export_view(request: HttpRequest) -> HttpResponse:
    """The list's current filter as a ledger workbook: at once, or by a worker when large."""
    records = records_filtered(request.user, request.GET)
    count = records.count()
    detail = {"rows": count, "filter": request.GET.urlencode()}
    if count <= EXPORT_INLINE_LIMIT:
        stream = io.BytesIO()
        ledger_export(records, stream, title=export_title(request.user, request.GET))
        stream.seek(0)
        audit_write(Event.EXPORT, object_repr="工作台账", detail=detail)
        return FileResponse(stream, as_attachment=True, filename=export_name(), content_type=XLSX)
    with transaction.atomic():
        job = job_enqueue(kind="ledger_export", params={"query": request.GET.urlencode()}, by=request.user)
        audit_write(Event.EXPORT, obj=job, object_repr="工作台账", detail=detail)
    if job.queue_error:
        messages.warning(request, job.queue_error)
    else:
        messages.info(request, _("记录较多，正在后台导出；完成后在“我的导出”中下载。"))
    return redirect("ledger:exports")


@require_perm("records.read_record")
def exports(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(kind="ledger_export", created_by=request.user)[:20]
    return render(request, "ledger/exports.html", {"jobs": jobs})


def export_download(request: HttpRequest, pk) -> FileResponse:
    return job_file(request, pk=pk, kind="ledger_export", content_type=XLSX)
