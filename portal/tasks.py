"""Celery tasks of the core. Tasks are thin: an id in, a service call, nothing out."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import job_execute


@shared_task(acks_late=True, reject_on_worker_lost=True)
def job_run(job_id: str) -> None:
    job_execute(job_id=job_id)
