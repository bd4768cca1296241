"""Background jobs: saved first, sent after commit, run once, failures kept."""

from __future__ import annotations

import pytest
from django.db import transaction

from portal import jobs
from portal.jobs import job_enqueue, job_execute
from portal.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_kind():
    @jobs.register("test-failing", label="测试")
    def fail(job: Job) -> dict:
        raise RuntimeError("磁盘已满")

    yield "test-failing"
    del jobs.HANDLERS["test-failing"]


def test_a_job_runs_once_its_transaction_commits(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="probe", by=demo["sysadmin"])
        assert Job.objects.get(pk=job.pk).state == Job.State.PENDING
    job.refresh_from_db()
    assert (job.state, job.progress, job.attempts) == (Job.State.DONE, 100, 1)
    assert job.result["worker"]


def test_a_job_is_not_sent_if_its_transaction_rolls_back(demo, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        job_enqueue(kind="probe", by=demo["sysadmin"])
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert not Job.objects.exists()


def test_a_job_delivered_twice_runs_once(demo):
    job = Job.objects.create(kind="probe")
    job_execute(job_id=str(job.pk))
    finished_at = Job.objects.get(pk=job.pk).finished_at
    job_execute(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.attempts, job.finished_at) == (1, finished_at)


def test_a_job_that_is_gone_is_ignored():
    job_execute(job_id="00000000-0000-0000-0000-000000000000")
    assert not Job.objects.exists()


def test_a_failing_job_keeps_its_error(failing_kind):
    job = Job.objects.create(kind=failing_kind)
    job_execute(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "磁盘已满" in job.error


def test_when_the_broker_is_down_the_job_stays_pending_with_a_reason(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    from portal import tasks

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.job_run, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="probe", by=demo["sysadmin"])
    job.refresh_from_db()
    assert job.state == Job.State.PENDING
    assert "任务已保存" in job.queue_error


def test_an_unknown_kind_is_refused_before_anything_is_saved():
    with pytest.raises(ValueError):
        job_enqueue(kind="no-such-kind", by=None)
    assert not Job.objects.exists()


def test_a_job_whose_worker_died_is_taken_over_once_its_lease_runs_out():
    from datetime import timedelta

    from django.utils import timezone

    job = Job.objects.create(kind="probe", state=Job.State.RUNNING, attempts=1)
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() + timedelta(seconds=30))
    assert job_execute(job_id=str(job.pk)) is jobs.Outcome.BUSY

    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert job_execute(job_id=str(job.pk)) is jobs.Outcome.DONE
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)


def test_lost_jobs_are_sent_again_and_hopeless_ones_fail(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    sent = []
    monkeypatch.setattr("portal.tasks.job_run.apply_async", lambda args, **options: sent.append(args[0]))
    old = timezone.now() - timedelta(minutes=10)
    lost = Job.objects.create(kind="probe")
    fresh = Job.objects.create(kind="probe")
    hopeless = Job.objects.create(
        kind="probe", state=Job.State.RUNNING, attempts=Job.MAX_ATTEMPTS, lease_until=old
    )
    Job.objects.filter(pk__in=[lost.pk, hopeless.pk]).update(created_at=old)

    assert jobs.jobs_requeue() == 1
    assert sent == [str(lost.pk)]
    assert fresh.pk not in sent
    hopeless.refresh_from_db()
    assert hopeless.state == Job.State.FAILED
