"""Handing out files the portal wrote, each download in the security log."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from audit.log import audit_write
from audit.models import Event
from portal.models import Job


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
