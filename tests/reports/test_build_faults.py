"""Report builds with real services: a worker on Redis and PostgreSQL, and Redis going away.

Choice, for when Redis is down: the page answers at once with a clear message, the
build stays saved as a pending job, and it runs once Redis is back (a worker's start,
or celery beat every minute, sends it again). Building inside the web request
instead would hold the secretary's browser for the whole build and put report
building on the web processes, which the deployment sizes for pages.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from portal.jobs import job_enqueue, jobs_requeue
from portal.models import Job
from reports.models import ReportBuild
from reports.services import draft_compile
from tests.factories import make_record
from tests.workers import publishing_to, worker_start, worker_stop

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """A private Redis the test may stop and start, so the shared one is never touched."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def services(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL or not shutil.which("redis-server"):
        pytest.skip("needs PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and redis-server")
    redis = Redis()
    redis.start()
    worker = worker_start(REDIS_URL=redis.url)
    with publishing_to(redis.url):
        yield redis, worker
    worker_stop(worker)
    if redis.process.poll() is None:
        redis.stop()


def wait_until(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def test_with_redis_down_the_secretary_is_told_and_the_build_runs_once_it_is_back(services, demo, town):
    redis, worker = services
    make_record("study", on=date(2025, 3, 3))
    draft = draft_compile(town=town, year=2025, by=demo["secretary"])

    redis.stop()
    started = time.monotonic()
    with transaction.atomic():
        job = job_enqueue(kind="report_build", params={"draft": draft.pk}, by=demo["secretary"])
    job.refresh_from_db()
    assert time.monotonic() - started < 3, "a down Redis must not hold the request"
    assert "任务已保存" in job.queue_error
    assert job.state == Job.State.PENDING

    redis.start()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert wait_until(lambda: jobs_requeue() >= 0 and Job.objects.get(pk=job.pk).queue_error == "", 30)
    finished = wait_until(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
    if not finished:
        worker.terminate()
        pytest.fail(f"build never finished; worker said:\n{worker.communicate(timeout=20)[0]}")
    assert ReportBuild.objects.filter(draft=draft).count() == 1
