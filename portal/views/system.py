"""What the foundation answers itself: a job's state for the page polling it, and /healthz."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from portal.access import users_for
from portal.health import check_database
from portal.models import Job


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
