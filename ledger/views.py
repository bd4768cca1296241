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
from audit.models import Event, Outcome
from ledger.jobs import UPLOADS, export_name, records_filtered
from ledger.services import AlreadyImported, ledger_export, ledger_import, ledger_read, ledger_template
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
    """Upload → preview (nothing written) → confirm (all or nothing)."""
    town = town_or_404(request.user)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        previous = request.session.get(SESSION_KEY)
        if previous:  # a new preview replaces the last one, which is never confirmed now
            stash_delete(previous["file"])
        name = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}.xlsx", upload)
        request.session[SESSION_KEY] = {
            "file": name,
            "name": upload.name,
            "create_units": form.cleaned_data["create_units"],
        }
        with default_storage.open(name, "rb") as stored:
            plan = ledger_read(
                stored, town=town, create_units=form.cleaned_data["create_units"], name=upload.name
            )
    return render(request, "ledger/import.html", {"form": form, "plan": plan, "town": town, "kinds": KINDS})


@require_POST
@require_perm("records.review_record")
def ledger_import_confirm(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    upload = request.session.get(SESSION_KEY)
    if not upload or not default_storage.exists(upload["file"]):
        messages.error(request, _("没有待导入的文件，请重新上传。"))
        return redirect("ledger:import")
    with default_storage.open(upload["file"], "rb") as stored:
        plan = ledger_read(stored, town=town, create_units=upload["create_units"], name=upload["name"])
    if not plan.ok:
        audit_write(
            Event.IMPORT,
            outcome=Outcome.FAILURE,
            object_repr=upload["name"],
            detail={"errors": len(plan.errors)},
        )
        stash_delete(upload["file"])
        del request.session[SESSION_KEY]
        messages.error(request, _("台账中有错误，未导入任何记录。请改正后重新上传。"))
        return redirect("ledger:import")
    try:
        result = ledger_import(plan, by=request.user, upload=upload["file"])
    except AlreadyImported as exc:
        result = None
        messages.info(request, exc.messages[0])
    stash_delete(upload["file"])
    request.session.pop(SESSION_KEY, None)
    if result is None:
        return redirect("records:list")
    messages.success(
        request,
        _("已导入 %(n)d 条记录（已通过）；%(skipped)d 行与已有记录相同，已跳过。")
        % {"n": result.total, "skipped": result.present + result.repeated},
    )
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
        ledger_export(records, stream)
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
