from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.log import audit_write
from audit.models import Event
from portal.access import require_perm, users_for
from portal.health import check_database, run_checks
from portal.jobs import job_enqueue
from portal.models import Job

RECENT_JOBS = 20


@require_perm("portal.view_system_status")
def system_status(request: HttpRequest) -> HttpResponse:
    # Jobs of this town's accounts only: report builds will be town business.
    jobs = Job.objects.filter(created_by__in=users_for(request.user)).select_related("created_by")[
        :RECENT_JOBS
    ]
    return render(request, "portal/system_status.html", {"checks": run_checks(), "jobs": jobs})


@require_POST
@require_perm("portal.view_system_status")
def system_probe(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        job = job_enqueue(kind="probe", by=request.user)
    if job.queue_error:
        messages.warning(request, job.queue_error)
    else:
        messages.info(request, _("已发送检测任务，后台任务进程正常时几秒内完成。"))
    return redirect("portal:system_status")


@never_cache
def job_status(request: HttpRequest, pk: str) -> JsonResponse:
    """A job's state for the page that polls it: its creator or a sysadmin may ask."""
    if request.user.has_perm("portal.view_system_status"):
        jobs = Job.objects.filter(created_by__in=users_for(request.user))
    else:
        jobs = Job.objects.filter(created_by=request.user)
    job = get_object_or_404(jobs, pk=pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "progress": job.progress,
            "finished": job.is_finished,
            "error": job.error,
            "queue_error": job.queue_error,
        }
    )


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    check = check_database()
    return HttpResponse(
        "ok" if check.ok else "database unavailable",
        status=200 if check.ok else 503,
        content_type="text/plain",
    )


def job_file(request: HttpRequest, *, pk, kind: str, content_type: str) -> FileResponse:
    """The file a finished job wrote, to the person who asked for it and nobody else.

    Jobs that write files (large exports, binders) keep its storage name and its
    download name in their result.
    """
    job = get_object_or_404(Job, pk=pk, kind=kind, created_by=request.user, state=Job.State.DONE)
    if not default_storage.exists(job.result.get("file", "")):
        raise Http404
    audit_write(Event.DOWNLOAD, obj=job, object_repr=job.result["name"])
    return FileResponse(
        default_storage.open(job.result["file"], "rb"),
        as_attachment=True,
        filename=job.result["name"],
        content_type=content_type,
    )
