"""A real Celery worker process, on Redis and PostgreSQL, runs a job the site queued."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from portal.jobs import job_enqueue
from portal.models import Job
from tests.workers import publishing_to, worker_start, worker_stop

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.fixture
def worker(transactional_db):
    """A worker on its own queue, connected to this test run's database."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    queue = f"portal-test-{uuid.uuid4().hex[:8]}"
    process = worker_start(CELERY_QUEUE=queue)
    with publishing_to(task_default_queue=queue):
        yield process
    worker_stop(process)


def wait_for(job: Job, worker: subprocess.Popen, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished or worker.poll() is not None:
            break
        time.sleep(0.2)
    return job


def test_a_worker_process_runs_a_job_queued_after_commit(worker):
    with transaction.atomic():
        job = job_enqueue(kind="probe", by=None)
    job = wait_for(job, worker)
    if job.state != Job.State.DONE:
        worker.terminate()
        pytest.fail(f"job {job.state} {job.queue_error}; worker output:\n{worker.communicate(timeout=20)[0]}")
    assert job.attempts == 1
    assert job.result["worker"]
