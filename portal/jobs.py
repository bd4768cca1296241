"""Background jobs: a registry of handlers, enqueueing after commit, and running.

A handler is a function `(job) -> dict` registered under a kind; what it returns is
kept as the job's result. Apps register their handlers in their own `jobs.py`,
imported by their AppConfig.ready().
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Job, User

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], dict]
HANDLERS: dict[str, JobHandler] = {}


def register(kind: str) -> Callable[[JobHandler], JobHandler]:
    def decorator(handler: JobHandler) -> JobHandler:
        HANDLERS[kind] = handler
        return handler

    return decorator


def job_enqueue(*, kind: str, params: dict | None = None, by: User | None) -> Job:
    """Save a job and send it to the workers once the current transaction commits.

    If the broker cannot be reached the job stays pending with the reason in
    `queue_error`; nothing the user submitted is lost.
    """
    if kind not in HANDLERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, params=params or {}, created_by=by)
    transaction.on_commit(lambda: _send(job))
    return job


def _send(job: Job) -> None:
    from portal.tasks import job_run

    try:
        job_run.delay(str(job.pk))
    except Exception as exc:  # the broker is down or hung: keep the job, say why
        log.warning("Could not queue job %s: %s", job.pk, exc)
        message = _("后台任务服务暂时不可用，任务已保存，服务恢复后会继续执行。")
        Job.objects.filter(pk=job.pk).update(queue_error=message)
        job.queue_error = message


def job_execute(*, job_id: str) -> None:
    """Run one job by id: claim it, call its handler, record the outcome.

    A job that is gone or already claimed by another run is left alone, so a
    message delivered twice does the work once.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job.claim():
        return
    handler = HANDLERS.get(job.kind)
    if handler is None:
        job.fail(_("未知的任务类型：%(kind)s") % {"kind": job.kind})
        return
    try:
        result = handler(job)
    except Exception as exc:
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        job.fail(f"{type(exc).__name__}: {exc}")
        return
    job.finish(result or {})


@register("probe")
def probe(job: Job) -> dict:
    """Proves that a worker picks up work and can write to the database."""
    return {"worker": socket.gethostname()}
