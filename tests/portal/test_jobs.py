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
    @jobs.register("test-failing")
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

    monkeypatch.setattr(tasks.job_run, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="probe", by=demo["sysadmin"])
    job.refresh_from_db()
    assert job.state == Job.State.PENDING
    assert "任务已保存" in job.queue_error


def test_an_unknown_kind_is_refused_before_anything_is_saved():
    with pytest.raises(ValueError):
        job_enqueue(kind="no-such-kind", by=None)
    assert not Job.objects.exists()
