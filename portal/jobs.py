"""Background jobs: a registry of handlers, enqueueing after commit, running, requeueing.

A handler is a function `(job) -> dict` registered under a kind; what it returns is
kept as the job's result. Apps register their handlers in their own `jobs.py`,
imported by their AppConfig.ready().
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.cache import redis_down
from portal.celery import sending_connection
from portal.models import JOB_KIND_LABELS, Job, User

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], dict]
HANDLERS: dict[str, JobHandler] = {}
# A pending job older than this has lost its message (the broker was down when it was sent).
REQUEUE_AFTER = timedelta(minutes=2)


class Outcome(Enum):
    DONE = "done"  # ran (successfully or not), or nothing left to do
    BUSY = "busy"  # another run holds the job's lease; try again later


def register(kind: str, *, label: str) -> Callable[[JobHandler], JobHandler]:
    """Register a handler for `kind`; `label` names it for people (the system status page)."""

    def decorator(handler: JobHandler) -> JobHandler:
        HANDLERS[kind] = handler
        JOB_KIND_LABELS[kind] = label
        return handler

    return decorator


def job_enqueue(*, kind: str, params: dict | None = None, by: User | None) -> Job:
    """Save a job and send it to the workers once the current transaction commits.

    If the broker cannot be reached, or does not answer within SEND_TIMEOUT (a hung
    Redis), the job stays pending with the reason in `queue_error`, and `jobs_requeue`
    sends it again later; nothing is lost, and the page that asked answers in time.
    """
    if kind not in HANDLERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, params=params or {}, created_by=by)
    transaction.on_commit(lambda: _send(job))
    return job


def _send(job: Job) -> bool:
    from portal.tasks import job_run

    try:
        with sending_connection() as broker:
            job_run.apply_async((str(job.pk),), connection=broker, retry=False)
    except Exception as exc:  # the broker is down or hung: keep the job, say why
        log.warning("Could not queue job %s: %s", job.pk, exc)
        redis_down()
        message = _("后台任务服务暂时不可用，任务已保存，服务恢复后会自动继续执行。")
        Job.objects.filter(pk=job.pk).update(queue_error=message)
        job.queue_error = message
        return False
    if job.queue_error:
        Job.objects.filter(pk=job.pk).update(queue_error="")
        job.queue_error = ""
    return True


def jobs_requeue() -> int:
    """Send again the jobs whose message was lost or whose worker died; return how many.

    Runs when a worker starts and periodically (celery beat); claiming is atomic, so
    a job sent twice still runs once.
    """
    now = timezone.now()
    stale = Job.objects.filter(
        Q(state=Job.State.PENDING, created_at__lt=now - REQUEUE_AFTER)
        | Q(state=Job.State.RUNNING, lease_until__lt=now)
    )
    sent = 0
    for job in stale:
        if job.attempts >= Job.MAX_ATTEMPTS:
            job.fail(_("任务多次中断（例如后台进程被终止或超时），已停止重试。"))
            continue
        sent += _send(job)
    return sent


def job_execute(*, job_id: str) -> Outcome:
    """Run one job by id: claim it, call its handler, record the outcome.

    A job that is gone or finished is left alone; one whose lease another run holds
    answers BUSY so the task can look again later.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return Outcome.DONE
    if not job.claim():
        job.refresh_from_db()
        return Outcome.DONE if job.is_finished else Outcome.BUSY
    handler = HANDLERS.get(job.kind)
    if handler is None:
        job.fail(_("未知的任务类型：%(kind)s") % {"kind": job.kind})
        return Outcome.DONE
    with _lease_kept(job):
        if settings.JOB_TEST_DELAY_SECONDS:  # fault tests kill a worker in this window
            time.sleep(settings.JOB_TEST_DELAY_SECONDS)
        try:
            result = handler(job)
        except Exception as exc:
            log.exception("Job %s (%s) failed", job.pk, job.kind)
            job.fail(f"{type(exc).__name__}: {exc}")
            return Outcome.DONE
    job.finish(result or {})
    return Outcome.DONE


class _lease_kept:
    """Renews the job's lease from a side thread while the handler works."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._renew, daemon=True)

    def _renew(self) -> None:
        interval = Job.lease().total_seconds() / 3
        try:
            while not self.stop.wait(interval):
                self.job.renew_lease()
        finally:
            connection.close()

    def __enter__(self) -> None:
        if not connection.in_atomic_block:  # in a test transaction the thread would not see the row
            self.thread.start()

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()


@register("probe", label=gettext_lazy("后台进程检测"))
def probe(job: Job) -> dict:
    """Proves that a worker picks up work and can write to the database."""
    return {"worker": socket.gethostname()}
