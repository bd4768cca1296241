"""The auditor's view of the audit log: read-only, across everything."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access import require_perm

PAGE_SIZE = 50


@require_perm("portal.view_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    actor = request.GET.get("actor", "").strip()
    if actor:
        entries = entries.filter(Q(actor__username__icontains=actor) | Q(actor__name__icontains=actor))
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(object_repr__icontains=query)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {"page": page, "actor": actor, "query": query})
