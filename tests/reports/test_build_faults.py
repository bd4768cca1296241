"""Report builds with real services: a worker on Redis and PostgreSQL, and Redis going away.

Choice, for when Redis is down: the page answers at once with a clear message, the
build stays saved as a pending job, and it runs once Redis is back (a worker's start,
or celery beat every minute, sends it again). Building inside the web request
instead would hold the secretary's browser for the whole build and put report
building on the web processes, which the deployment sizes for pages.
"""

from __future__ import annotations

import os
import shutil
import signal
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


def pool_children(pid: int) -> list[int]:
    """The pool processes of a worker: the processes whose parent is `pid`."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def test_a_worker_killed_mid_build_leads_to_one_finished_build(transactional_db, demo, town):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    make_record("study", on=date(2025, 3, 3))
    draft = draft_compile(town=town, year=2025, by=demo["secretary"])
    queue = f"portal-test-{os.getpid()}-kill"
    # A short lease so the takeover comes in seconds; a pause so there is time to kill.
    worker = worker_start(CELERY_QUEUE=queue, JOB_LEASE_SECONDS="3", JOB_TEST_DELAY_SECONDS="4")
    try:
        with publishing_to(task_default_queue=queue):
            with transaction.atomic():
                job = job_enqueue(kind="report_build", params={"draft": draft.pk}, by=demo["secretary"])
            assert wait_until(lambda: Job.objects.get(pk=job.pk).state == Job.State.RUNNING)
            children = pool_children(worker.pid)
            assert children, "the worker has no pool process to kill"
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            finished = wait_until(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE, 90)
    finally:
        worker_stop(worker)
    job.refresh_from_db()
    assert finished, f"job {job.state} after the kill: {job.error}"
    assert job.attempts == 2
    assert ReportBuild.objects.filter(draft=draft).count() == 1
