"""A worker that loses Redis in the middle of a job lives on, and runs the next job once Redis is back."""

from __future__ import annotations

import shutil
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection, transaction

from portal.jobs import job_enqueue
from portal.models import Job
from tests.workers import Redis, publishing_to, worker_start, worker_stop

pytestmark = pytest.mark.integration


def wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def state(job: Job) -> str:
    return Job.objects.get(pk=job.pk).state


def test_a_worker_survives_redis_restarting_mid_job(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL or not shutil.which("redis-server"):
        pytest.skip("needs PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and redis-server")
    redis = Redis()
    redis.start()
    queue = f"portal-test-{uuid.uuid4().hex[:8]}"
    # Two pool processes, as in production (docs/operations.md): with a job running the
    # consumer still has a BRPOP outstanding, which is what celery 5.7.0 trips over.
    worker = worker_start(concurrency=2, REDIS_URL=redis.url, CELERY_QUEUE=queue, JOB_TEST_DELAY_SECONDS="6")
    try:
        with publishing_to(redis.url, task_default_queue=queue):
            with transaction.atomic():
                first = job_enqueue(kind="probe", by=None)
            assert wait_until(lambda: state(first) == Job.State.RUNNING, 30), "the first job never started"
            redis.stop()  # SIGTERM: Redis shuts down, dropping every connection
            time.sleep(1)
            redis.start()  # same port, empty
            assert wait_until(lambda: state(first) == Job.State.DONE, 30), "the first job never finished"
            time.sleep(2)
            assert worker.poll() is None, "the worker exited after losing Redis"
            with transaction.atomic():
                second = job_enqueue(kind="probe", by=None)
            ran = wait_until(lambda: state(second) == Job.State.DONE or worker.poll() is not None, 30)
            assert ran and state(second) == Job.State.DONE, "the job sent after the restart never ran"
            assert worker.poll() is None
    finally:
        alive = worker.poll() is None
        worker_stop(worker)
        redis.stop()
        if not alive:
            print(worker.communicate(timeout=20)[0][-6000:])
