"""Every page's SQL queries, pinned, and the same for a few rows or many (a growth test each).

A page's count is named query by query in its comment; SIGNED_IN is what every signed-in
page pays (tests/queries.py). Lists and the dashboard have theirs in tests/records and
tests/portal.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.log import audit_write
from audit.models import Event
from figures.metrics import FIGURES, Scoped
from media_outreach.models import MediaOutlet
from portal.models import OrgUnit
from portal.roles import Role
from portal.services import unit_create
from records.kinds import KINDS
from records.models import Record, WorkTheme
from reports.numbers import placeholders_in
from reports.services import draft_compile
from tests.factories import add_attachment, add_photo, make_record
from tests.queries import SIGNED_IN, queries

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def _records(count: int, status: str = Record.Status.APPROVED) -> list[Record]:
    kinds = list(KINDS)
    return [
        make_record(
            kinds[i % len(kinds)], status=status, on=date(THIS_YEAR, 1, 1 + i % 28), is_highlight=i % 5 == 0
        )
        for i in range(count)
    ]


def test_a_records_detail_page(client_as):
    record = make_record("study", status=Record.Status.SUBMITTED)
    client = client_as(Role.REVIEWER)
    url = reverse("records:detail", args=[record.pk])
    few = queries(client, url)
    for _ in range(5):
        add_photo(record)
        add_attachment(record)
    for title in ("改一", "改二", "改三"):
        record.title = title
        record.save()
    # the record's kind, its row with unit, theme and author, its photos, its
    # attachments, and its history with actors and content types
    assert queries(client, url) == few == SIGNED_IN + 5


def test_the_home_pages(client_as):
    reviewer, reporter = client_as(Role.REVIEWER), client_as(Role.REPORTER)
    url = reverse("dashboard:home")
    _records(3, Record.Status.SUBMITTED)
    _records(1, Record.Status.RETURNED)
    few = (queries(reviewer, url), queries(reporter, url))
    _records(40, Record.Status.SUBMITTED)
    _records(12, Record.Status.RETURNED)
    # reviewer: the pending count, their latest 迎检 digest (none here;
    # inspection.digest.digest_unread, one query whether or not there is one) and their own
    # returned records (none);
    # reporter: their returned records with unit, theme and author, and those records' photos;
    # their unit's 新闻宣传 this month: the rules and their points, the town's unit ids
    # and its units, and the two sums (scoring.scores.unit_month); what the
    # unit lacks this month: the checklist, its records without photos, the last 中心组
    # (inspection.gaps.unit_reminders)
    assert (queries(reviewer, url), queries(reporter, url)) == few == (SIGNED_IN + 3, SIGNED_IN + 2 + 6 + 3)


def test_the_review_queue_and_approving_twenty_at_once(client_as):
    client = client_as(Role.REVIEWER)
    url = reverse("records:review_queue")
    chosen = _records(3, Record.Status.SUBMITTED)
    few_page = queries(client, url)
    few_post = queries(client, url, post=True, data={"record": [r.pk for r in chosen]}, status=302)
    chosen = _records(20, Record.Status.SUBMITTED)
    many_post = queries(client, url, post=True, data={"record": [r.pk for r in chosen]}, status=302)
    _records(60, Record.Status.SUBMITTED)
    # page: count, records with unit, theme and author, their photos
    assert queries(client, url) == few_page == SIGNED_IN + 3
    # POST: the chosen rows locked; one UPDATE; one INSERT of their history; the
    # security log's head locked, one INSERT of its entries, the head moved
    # (SAVEPOINTs, two and their releases, counted as queries: 4)
    assert many_post == few_post == SIGNED_IN + 6 + 4
    assert Record.objects.filter(pk__in=[r.pk for r in chosen], status=Record.Status.APPROVED).count() == 20


def test_the_work_themes_page(client_as, town):
    client = client_as(Role.REVIEWER)
    url = reverse("records:theme_list")
    few = queries(client, url)
    for i in range(20):
        WorkTheme.objects.create(town=town, name=f"板块{i}", lead_sentence="引领句。", order=100 + i)
    # whether the town has themes yet, then the themes
    assert queries(client, url) == few == SIGNED_IN + 2


def test_the_media_outlets_page(client_as, town):
    client = client_as(Role.REVIEWER)
    url = reverse("media_outreach:outlet_list")
    few = queries(client, url)
    for i in range(30):
        MediaOutlet.objects.create(town=town, name=f"媒体{i}", level="city", channel="press")
    # the outlets with their placement counts
    assert queries(client, url) == few == SIGNED_IN + 1


def test_the_units_page(client_as, town):
    client = client_as(Role.SYSADMIN)
    url = reverse("administration:unit_list")
    few = queries(client, url)
    for i in range(20):
        unit_create(parent=OrgUnit.objects.get(pk=town.pk), name=f"新村{i}", kind=OrgUnit.Kind.VILLAGE)
    # the units with their account counts
    assert queries(client, url) == few == SIGNED_IN + 1


def test_the_audit_log(client_as, demo):
    client = client_as(Role.AUDITOR)
    url = reverse("audit:log")
    few = queries(client, url)
    for i in range(120):
        audit_write(Event.EXPORT, user=demo["reviewer"], object_repr=f"导出{i}")
    # whether the auditor's scope holds every town, the count, the page of entries with their
    # users, and the units their details name (the demo world's account entries do; exports not)
    assert few == SIGNED_IN + 4
    assert queries(client, url) == SIGNED_IN + 3


# home: the town's drafts, the binder form's unit choices and years' first record, the
# binder jobs. draft: the draft, its sections and plan items; the records the
# sentences cite (looked up in the scope's units); the themes the chips name; the panel's records
# and accepted 素材; next year's targets and the plan items they come from; the call for
# 素材; jobs running; builds. Its chips' values and the figure list are kept a few minutes
# (reports.editor), so a second view counts no figures. preview: the draft, its sections
# and plan items, the unit ids, and the figures: one for the unscoped ones, and one per
# kind and set of scopes the text's placeholders name (figures.metrics.scoped_compute).
REPORT_PAGES = {
    "reports:home": SIGNED_IN + 5,  # with the 工作制度 listed for the binder
    "reports:draft": SIGNED_IN + 11,
    "reports:preview": SIGNED_IN + 4,
}


@pytest.mark.parametrize("page", list(REPORT_PAGES))
def test_the_report_pages(client_as, demo, town, page):
    client = client_as(Role.SECRETARY)
    _records(8)
    draft = draft_compile(town=town, year=THIS_YEAR, by=demo["secretary"])
    url = reverse(page) if page == "reports:home" else reverse(page, args=[draft.pk])
    few = queries(client, url)
    _records(120)
    scoped = _scoped(draft)
    # the chips name the themes a figure is scoped to
    themes = any("theme" in item.dimensions for item in scoped)
    # unscoped figures in one pass; scoped ones one query per kind and set of dimensions
    unscoped = any(not item.dimensions for item in scoped)
    figures = unscoped + len(
        {(FIGURES[item.code].model, item.dimensions) for item in scoped if item.dimensions}
    )
    extra = {"reports:home": 0, "reports:draft": themes, "reports:preview": figures + themes}[page]
    assert queries(client, url) == few == REPORT_PAGES[page] + extra


def _scoped(draft) -> list[Scoped]:
    texts = [draft.opening, draft.plan_opening, *(section.text for section in draft.sections.all())]
    return [Scoped.parse(code) for text in texts for code in placeholders_in(text)]
