"""Report builds with real services: a worker on Redis and PostgreSQL, and Redis failing.

Choice, for when Redis is down or hung: the page answers at once with a clear
message, the build stays saved as a pending job, and it runs once Redis is back (a
worker's start, or celery beat every minute, sends it again). Building inside the
web request instead would hold the secretary's browser for the whole build and put
report building on the web processes, which the deployment sizes for pages.

Each test prints what it measured (run with -s); docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal.jobs import job_enqueue
from portal.models import Job
from portal.roles import Role
from portal.tasks import job_requeue_stale
from reports.models import ReportBuild
from reports.services import draft_compile
from tests.factories import make_record
from tests.workers import Redis, publishing_to, worker_start, worker_stop

pytestmark = pytest.mark.integration

# DESIGN: a page that sends a task answers within 2 s whatever Redis does. The bound
# leaves room for a busy CI machine; the figure printed is what to compare with 2 s.
ANSWER_BOUND = 3.0
# A page must not wait on a hung Redis for ever; it must not take long either.
CACHE_PAGE_BOUND = 5.0
# A paused Redis is resumed after this long whatever happens, so that a missing
# timeout fails the test instead of hanging it.
HANG_LIMIT = 20.0


def needs_services() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL or not shutil.which("redis-server"):
        pytest.skip("needs PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and redis-server")


@pytest.fixture
def services(transactional_db):
    needs_services()
    redis = Redis()
    redis.start()
    worker = worker_start(REDIS_URL=redis.url)
    try:
        with publishing_to(redis.url):
            yield redis, worker
    finally:
        worker_stop(worker)
        redis.stop()


@pytest.fixture
def private_redis(transactional_db):
    """A Redis of this test's own as the broker and the cache, with the settings' timeouts."""
    needs_services()
    redis = Redis()
    redis.start()
    cache = {**settings.CACHES["default"], "LOCATION": redis.url}
    try:
        with override_settings(CACHES={"default": cache}), publishing_to(redis.url):
            yield redis
    finally:
        redis.stop()


@contextmanager
def hung(redis: Redis):
    """Redis paused for the block, and resumed after HANG_LIMIT even if the block never ends."""
    redis.pause()
    watchdog = threading.Timer(HANG_LIMIT, redis.resume)
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()
        redis.resume()


def wait_until(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def built_files() -> set[Path]:
    return set(Path(settings.MEDIA_ROOT).rglob("*.docx"))


def test_with_redis_down_the_secretary_is_told_and_the_build_runs_once_it_is_back(
    services, client_as, demo, town
):
    redis, worker = services
    make_record("study", on=date(2025, 3, 3))
    draft = draft_compile(town=town, year=2025, by=demo["secretary"])
    secretary = client_as(Role.SECRETARY)
    secretary.get(reverse("reports:draft", args=[draft.pk]))  # where the build button is

    redis.stop()
    started = time.monotonic()
    response = secretary.post(reverse("reports:build", args=[draft.pk]), follow=True)
    answered = time.monotonic() - started
    print(f"\n[faults] Redis down: the build page answered in {answered:.2f} s")
    assert answered < ANSWER_BOUND, "a down Redis must not hold the request"
    assert "任务已保存" in response.content.decode()
    job = Job.objects.get(kind="report_build")
    assert job.state == Job.State.PENDING

    redis.start()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    job_requeue_stale.delay()  # as celery beat does each minute
    finished = wait_until(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
    if not finished:
        worker.terminate()
        pytest.fail(f"build never finished; worker said:\n{worker.communicate(timeout=20)[0]}")
    assert ReportBuild.objects.filter(draft=draft).count() == 1


def test_with_redis_hung_the_page_answers_in_time_and_the_sweeper_runs_the_build_once(
    private_redis, client_as, demo, town
):
    redis = private_redis
    make_record("study", on=date(2025, 3, 3))
    draft = draft_compile(town=town, year=2025, by=demo["secretary"])
    secretary = client_as(Role.SECRETARY)
    build = reverse("reports:build", args=[draft.pk])
    files_before = built_files()
    # A build while Redis answers, so this process has talked to it before it hangs,
    # as a web process would have.
    secretary.post(build)

    with hung(redis):
        started = time.monotonic()
        response = secretary.post(build, follow=True)
        answered = time.monotonic() - started
    print(f"\n[faults] Redis hung: the build page answered in {answered:.2f} s")
    assert answered < ANSWER_BOUND, "a hung Redis must not hold the request"
    assert "任务已保存" in response.content.decode()
    sent, pending = Job.objects.filter(kind="report_build").order_by("created_at")
    assert (sent.queue_error, pending.state) == ("", Job.State.PENDING)
    assert "任务已保存" in pending.queue_error

    # Redis is back: the sweeper, run as celery beat runs it, and a worker's start both
    # send the pending job; it runs once all the same.
    Job.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    job_requeue_stale.delay()
    worker = worker_start(REDIS_URL=redis.url)
    try:
        finished = wait_until(
            lambda: Job.objects.filter(pk__in=[sent.pk, pending.pk], state=Job.State.DONE).count() == 2
        )
    finally:
        worker_stop(worker)
    assert finished, f"builds not finished; worker said:\n{worker.communicate()[0]}"
    for job in (sent, pending):
        job.refresh_from_db()
        assert job.attempts == 1
        assert ReportBuild.objects.filter(job=job).count() == 1
    builds = ReportBuild.objects.filter(draft=draft)
    assert built_files() - files_before == {Path(build.file.path) for build in builds}
    assert builds.count() == 2


def test_with_redis_hung_the_status_page_answers_and_names_what_is_down(private_redis, client_as):
    # The status page writes to and reads from the cache, and asks the broker.
    with hung(private_redis):
        started = time.monotonic()
        response = client_as(Role.SYSADMIN).get(reverse("administration:system_status"))
        answered = time.monotonic() - started
    print(f"\n[faults] Redis hung: the status page (cache and broker checks) answered in {answered:.2f} s")
    assert answered < CACHE_PAGE_BOUND
    assert [check.ok for check in response.context["checks"]] == [True, False, False]


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
            killed = time.monotonic()
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            finished = wait_until(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE, 90)
            done_after = time.monotonic() - killed
    finally:
        worker_stop(worker)
    job.refresh_from_db()
    assert finished, f"job {job.state} after the kill: {job.error}"
    print(f"\n[faults] worker SIGKILLed mid-build (lease 3 s): the build was done {done_after:.1f} s later")
    assert job.attempts == 2
    assert ReportBuild.objects.filter(draft=draft).count() == 1
