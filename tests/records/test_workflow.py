"""draft → submitted → approved, or returned with a reason → edited → submitted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from records.models import Record
from tests.factories import make_record

pytestmark = pytest.mark.django_db
S = Record.Status


def test_a_record_goes_through_review(demo):
    record = make_record(status=S.DRAFT)
    record.submit(by=demo["reporter"])
    record.return_to_author(by=demo["reviewer"], reason="请补充参加人数")
    assert (record.status, record.return_reason) == (S.RETURNED, "请补充参加人数")
    record.submit(by=demo["reporter"])
    record.approve(by=demo["reviewer"])
    record.refresh_from_db()
    assert (record.status, record.reviewed_by, record.return_reason) == (S.APPROVED, demo["reviewer"], "")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "approve"),
        (S.APPROVED, "approve"),
        (S.APPROVED, "submit"),
        (S.SUBMITTED, "submit"),
        (S.RETURNED, "approve"),
        (S.DRAFT, "reopen"),
    ],
)
def test_illegal_transitions_are_refused(demo, status, action):
    record = make_record(status=status)
    calls = {
        "approve": lambda: record.approve(by=demo["reviewer"]),
        "submit": lambda: record.submit(by=demo["reporter"]),
        "reopen": lambda: record.reopen(by=demo["reviewer"], reason="x"),
    }
    with pytest.raises(ValidationError, match="不能执行此操作"):
        calls[action]()
    record.refresh_from_db()
    assert record.status == status


def test_returning_needs_a_reason(demo):
    record = make_record(status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="请填写理由"):
        record.return_to_author(by=demo["reviewer"], reason="   ")
    assert Record.objects.get(pk=record.pk).status == S.SUBMITTED


def test_a_stale_copy_cannot_approve_twice(demo):
    record = make_record(status=S.SUBMITTED)
    stale = Record.objects.get(pk=record.pk)
    record.approve(by=demo["reviewer"])
    with pytest.raises(ValidationError):
        stale.approve(by=demo["reviewer"])


def test_reopening_an_approved_record_returns_it_with_the_reason(demo):
    record = make_record(status=S.APPROVED)
    record.reopen(by=demo["reviewer"], reason="日期有误，请核对")
    record.refresh_from_db()
    assert (record.status, record.return_reason) == (S.RETURNED, "日期有误，请核对")


def test_every_transition_bumps_the_version(demo):
    record = make_record(status=S.DRAFT)
    record.submit(by=demo["reporter"])
    assert Record.objects.get(pk=record.pk).version == 2
