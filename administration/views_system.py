"""The sysadmin's system status page: the services' health and the recent background jobs."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import require_perm, users_for
from portal.health import run_checks
from portal.jobs import job_enqueue
from portal.models import Job

RECENT_JOBS = 20


@require_perm("portal.view_system_status")
def system_status(request: HttpRequest) -> HttpResponse:
    # Jobs of this town's accounts only: report builds will be town business.
    jobs = Job.objects.filter(created_by__in=users_for(request.user)).select_related("created_by")[
        :RECENT_JOBS
    ]
    return render(request, "administration/system_status.html", {"checks": run_checks(), "jobs": jobs})


@require_POST
@require_perm("portal.view_system_status")
def system_probe(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        job = job_enqueue(kind="probe", by=request.user)
    if job.queue_error:
        messages.warning(request, job.queue_error)
    else:
        messages.info(request, _("已发送检测任务，后台任务进程正常时几秒内完成。"))
    return redirect("administration:system_status")
