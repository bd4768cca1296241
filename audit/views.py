"""The auditor's view of the security audit log: read-only, scoped to their town."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.forms import AuditFilterForm
from audit.log import audit_verify, audit_write, checkpoints_read
from audit.models import AuditEvent, Event
from audit.reading import audit_object, detail_lines, units_named
from portal.access import require_perm
from portal.models import OrgUnit, in_subtree
from portal.spreadsheets import guarded

PAGE_SIZE = 50


def _entries_for(user):
    """A town's auditor reads the town's entries; entries of no town (an unknown user name's
    failed sign-ins, backups) only an auditor whose scope holds every town does: one above
    town level, or the town's own when the installation has only that town."""
    entries = AuditEvent.objects.select_related("user")
    scope = user.scope_unit
    if scope is None:
        return entries.none()
    towns = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN)
    own = Q(town__in=towns.filter(in_subtree(scope, field="")))
    if towns.exclude(in_subtree(scope, field="")).exists():
        return entries.filter(own)
    return entries.filter(own | Q(town__isnull=True))


def _filtered(request: HttpRequest):
    """The filter form of the request and the user's entries it selects."""
    form = AuditFilterForm(request.GET or None)
    entries = _entries_for(request.user)
    return form, form.filter(entries) if form.is_valid() else entries


@require_perm("portal.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    units_named(page.object_list)
    return render(request, "audit/audit_log.html", {"page": page, "form": form})


# An export holds at most this many entries, the newest first; a narrower filter gets the rest.
EXPORT_MOST = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_perm("portal.view_audit_log")
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as a workbook for the assessor, itself logged."""
    _form, entries = _filtered(request)
    rows = list(entries[:EXPORT_MOST])
    units_named(rows)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("审计日志"))
    scope = request.user.scope_unit
    sheet.append(
        [
            _("%(unit)s审计日志（%(when)s导出，共 %(n)d 条）")
            % {
                "unit": scope.name if scope else "",
                "when": f"{timezone.localtime():%Y-%m-%d %H:%M}",
                "n": len(rows),
            }
        ]
    )
    sheet.append(
        [
            _("序号"),
            _("时间"),
            _("用户名"),
            _("姓名"),
            _("IP 地址"),
            _("事件"),
            _("结果"),
            _("对象"),
            _("详情"),
        ]
    )
    for entry in rows:
        sheet.append(
            [
                entry.seq,
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                guarded(entry.username),
                guarded(entry.user.name if entry.user else ""),
                entry.ip or "",
                str(entry.get_event_display()),
                str(entry.get_outcome_display()),
                guarded(audit_object(entry)),
                guarded("；".join(detail_lines(entry))),
            ]
        )
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    audit_write(
        Event.EXPORT,
        object_repr=str(_("审计日志")),
        detail={"rows": len(rows), "filter": request.GET.urlencode()},
    )
    name = f"审计日志-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return FileResponse(stream, as_attachment=True, filename=name, content_type=XLSX)


@require_POST
@require_perm("portal.view_audit_log")
def audit_verify_view(request: HttpRequest) -> HttpResponse:
    """Checks the whole chain (every town's entries: the chain is one), and the checkpoints
    kept outside the database when settings.AUDIT_CHECKPOINT_FILE names them."""
    path = settings.AUDIT_CHECKPOINT_FILE
    try:
        points = checkpoints_read(Path(path)) if path else []
    except (OSError, ValueError):
        points = []
        messages.warning(request, _("无法读取日志检查点文件，本次只校验了数据库中的日志链。"))
    report = audit_verify(checkpoints=points)
    if report.intact:
        messages.success(
            request, _("日志完整：已校验 %(n)d 条，没有发现修改或删除。") % {"n": report.checked}
        )
    else:
        seqs = "、".join(str(seq) for seq, _message in report.problems[:10])
        messages.error(
            request,
            _("日志链校验发现 %(n)d 处异常（序号 %(seqs)s），日志可能被篡改或删除，请立即上报。")
            % {"n": len(report.problems), "seqs": seqs},
        )
    return redirect("audit:log")
