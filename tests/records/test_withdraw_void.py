"""撤回 by the author while a record waits, 作废 by a reviewer for a duplicate: nothing is lost."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from figures.metrics import Period, figures_compute
from portal.roles import Role
from records.models import Record
from tests.factories import make_record

pytestmark = pytest.mark.django_db
S = Record.Status
DAY = date(2025, 6, 1)
YEAR = Period.year(2025)


def test_the_author_withdraws_a_waiting_record_and_can_change_it_again(client_as, demo):
    record = make_record("event", status=S.SUBMITTED, on=DAY)
    client = client_as(Role.REPORTER)
    assert "撤回" in client.get(reverse("records:detail", args=[record.pk])).content.decode()
    client.post(reverse("records:withdraw", args=[record.pk]))
    record.refresh_from_db()
    assert (record.status, record.submitted_at) == (S.DRAFT, None)
    assert client.get(reverse("records:edit", args=[record.pk])).status_code == 200
    assert record not in client_as(Role.REVIEWER).get(reverse("records:review_queue")).context["page"]


def test_nobody_else_withdraws_and_an_approved_record_cannot_be(client_as, demo):
    waiting = make_record("event", status=S.SUBMITTED, on=DAY)
    assert client_as(Role.REVIEWER).post(reverse("records:withdraw", args=[waiting.pk])).status_code == 403
    approved = make_record("event", status=S.APPROVED, on=DAY)
    assert client_as(Role.REPORTER).post(reverse("records:withdraw", args=[approved.pk])).status_code == 403
    assert Record.objects.get(pk=waiting.pk).status == S.SUBMITTED


def test_a_voided_duplicate_leaves_figures_lists_and_exports_and_stays_readable(client_as, demo, town):
    kept = make_record("event", title="端午节主题宣传", on=DAY, participants=100)
    duplicate = make_record("event", title="端午节主题宣传", on=DAY, participants=100)
    assert figures_compute(unit=town, period=YEAR)["event.participants"] == 200
    reviewer = client_as(Role.REVIEWER)
    reviewer.post(reverse("records:void", args=[duplicate.pk]), {"reason": "与另一条重复登记"})
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.void_reason, duplicate.reviewed_by) == (
        S.VOID,
        "与另一条重复登记",
        demo["reviewer"],
    )
    assert figures_compute(unit=town, period=YEAR)["event.participants"] == 100
    listed = reviewer.get(reverse("records:kind_list", args=["event"]), {"year": 2025}).context["page"]
    assert [record.pk for record in listed] == [kept.pk]
    voided = reviewer.get(reverse("records:kind_list", args=["event"]), {"status": "void"}).context["page"]
    assert [record.pk for record in voided] == [duplicate.pk]
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(reviewer.get(reverse("ledger:export"), {"year": 2025}).streaming_content))
    )
    assert [row[2] for row in book["宣传活动"].iter_rows(min_row=3, values_only=True)] == ["端午节主题宣传"]
    page = client_as(Role.REPORTER).get(reverse("records:detail", args=[duplicate.pk])).content.decode()
    assert "已作废：" in page and "与另一条重复登记" in page
    assert AuditEvent.objects.filter(event=Event.STATUS_CHANGE, object_id=str(duplicate.pk)).exists()


def test_a_void_needs_a_reason_and_a_voided_record_is_locked(client_as, demo):
    record = make_record("event", status=S.SUBMITTED, on=DAY)
    reviewer = client_as(Role.REVIEWER)
    reviewer.post(reverse("records:void", args=[record.pk]), {"reason": "  "})
    assert Record.objects.get(pk=record.pk).status == S.SUBMITTED
    reviewer.post(reverse("records:void", args=[record.pk]), {"reason": "录错了单位"})
    assert reviewer.get(reverse("records:edit", args=[record.pk])).status_code == 302  # back to the record
    assert reviewer.post(reverse("records:approve", args=[record.pk])).status_code == 302
    assert Record.objects.get(pk=record.pk).status == S.VOID
    assert client_as(Role.REPORTER).post(reverse("records:void", args=[record.pk])).status_code == 403
