"""Celery tasks of the core. Tasks are thin: an id in, a service call, nothing out."""

from __future__ import annotations

from celery import shared_task
from celery.signals import worker_ready

from portal.jobs import Outcome, job_execute, jobs_requeue
from portal.models import Job


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=40)
def job_run(self, job_id: str) -> None:
    if job_execute(job_id=job_id) is Outcome.BUSY:
        # Another run holds the job; if it dies, its lease runs out and this one takes over.
        raise self.retry(countdown=Job.lease().total_seconds() / 2)


@shared_task(ignore_result=True)
def job_requeue_stale() -> int:
    return jobs_requeue()


@worker_ready.connect
def requeue_on_worker_start(**kwargs) -> None:
    """A worker coming up sends again what was lost while none was running."""
    job_requeue_stale.delay()
