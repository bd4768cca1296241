"""Each 迎检 rule on fixtures: the year 2025 of the demo town, checked on 2026-01-10."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspection.gaps import completeness, unit_reminders
from inspection.models import Checklist
from portal.models import OrgUnit
from portal.roles import Role
from portal.services import unit_create
from records.models import Record
from tests.factories import add_attachment, add_photo, make_record
from tests.queries import SIGNED_IN

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 10)


def central_group(on: date, **fields) -> Record:
    values = {
        "study_type": "central_group",
        "participants": 10,
        "expected_attendance": 10,
        "host": "书记",
        "discussion_points": "张三：谈体会\n李四：谈做法",
    } | fields
    sign_in = values.pop("sign_in", True)
    record = make_record("study", unit="青溪镇", on=on, **values)
    add_photo(record)
    if sign_in:
        add_attachment(record)
    return record


def gaps(town, code: str, **kwargs) -> list:
    found = completeness(town, 2025, today=kwargs.pop("today", TODAY))
    return [gap for entry in found.units for gap in entry.gaps if gap.code == code]


def test_a_month_without_a_central_group_session_is_a_gap_with_a_link_to_log_it(town):
    for month in range(1, 13):
        if month != 4:
            central_group(date(2025, month, 10))
    found = gaps(town, "central_group")
    assert [(gap.month, gap.message) for gap in found] == [(4, "4月没有中心组学习记录")]
    assert found[0].url.startswith(reverse("records:create", args=["study"]) + "?copy=")


def test_attendance_below_the_minimum_and_missing_particulars_are_gaps(town):
    central_group(date(2025, 3, 10), participants=79, expected_attendance=100, absentees="")
    central_group(date(2025, 5, 10), host="", discussion_points="张三：发言")
    central_group(date(2025, 6, 10), participants=80, expected_attendance=100, absentees="王五（出差）")
    attendance = gaps(town, "attendance")
    assert [gap.message for gap in attendance] == ["03-10中心组学习参学率 79%，低于 80%"]
    details = {gap.month: gap.message for gap in gaps(town, "details")}
    assert details == {
        3: "03-10中心组学习记录缺：缺席人员及原因",
        5: "05-10中心组学习记录缺：主持人、中心发言不足 2 人",
    }


def test_a_central_group_session_without_a_sign_in_sheet_is_a_gap_unless_the_town_waives_it(town):
    march = central_group(date(2025, 3, 10), sign_in=False)
    minutes_only = central_group(date(2025, 5, 10), sign_in=False)
    add_attachment(minutes_only, sort="minutes", name="会议记录.docx")  # minutes are not a sign-in sheet
    central_group(date(2025, 6, 10))
    details = gaps(town, "details")
    assert [(gap.month, gap.message) for gap in details] == [
        (3, "03-10中心组学习记录缺：签到表"),
        (5, "05-10中心组学习记录缺：签到表"),
    ]
    # approved: the sheet is added on its page, without reopening the record
    assert details[0].url == reverse("records:detail", args=[march.pk]) + "?attach=1#attachments-add"
    Checklist.objects.create(town=town, sign_in_required=False)
    assert gaps(town, "details") == []


def test_a_record_without_a_photo_is_a_gap_and_one_with_a_photo_a_check_passed(town):
    bare = make_record("event", on=date(2025, 3, 5), title="无照片的活动")
    add_photo(make_record("event", on=date(2025, 3, 6), title="有照片的活动"))
    found = completeness(town, 2025, today=TODAY)
    shiqiao = found.of(OrgUnit.objects.get(name="石桥村"))
    assert [gap.url for gap in shiqiao.gaps] == [
        reverse("records:detail", args=[bare.pk]) + "?attach=1#attachments-add"
    ]
    Record.objects.filter(pk=bare.pk).update(status=Record.Status.RETURNED)  # still open: its form
    found = completeness(town, 2025, today=TODAY)
    assert [gap.url for gap in found.of(shiqiao.unit).gaps] == [reverse("records:edit", args=[bare.pk])]
    assert (shiqiao.checks, shiqiao.missing, shiqiao.percent) == (2, 1, 50)


def test_a_station_below_its_monthly_activities_and_the_years_moral_forums(town):
    station = unit_create(parent=town, name="青溪新时代文明实践站", kind=OrgUnit.Kind.STATION)
    for day in (3, 17):
        add_photo(make_record("event", unit=station, on=date(2025, 11, day)))
    add_photo(make_record("event", unit=station, on=date(2025, 12, 3), event_type="moral_forum"))
    station_gaps = {gap.month: gap.message for gap in gaps(town, "station")}
    assert station_gaps[12] == "12月开展活动 1 次，少于 2 次" and 11 not in station_gaps and 1 in station_gaps
    assert [gap.message for gap in gaps(town, "moral_forum")] == ["道德讲堂全年 1 场，不少于 5 场"]


def test_a_quarter_without_an_analysis_meeting_and_records_left_returned(town, demo):
    for month in (2, 5, 11):
        add_photo(make_record("ideology", unit="青溪镇", on=date(2025, month, 8), work_type="analysis"))
    assert [gap.message for gap in gaps(town, "ideology")] == ["第3季度没有意识形态研判会议记录"]
    returned = make_record("event", on=date(2025, 12, 1), status=Record.Status.RETURNED, title="待修改")
    Record.objects.filter(pk=returned.pk).update(reviewed_at=timezone.now() - timedelta(days=20))
    message = gaps(town, "returned", today=timezone.localdate())[0].message
    assert message.startswith("“待修改”退回已 ") and "未重新提交" in message


def test_every_record_left_returned_counts_though_only_the_first_are_named(town):
    from inspection.gaps import LISTED

    stale = [
        make_record("event", on=date(2025, 11, 1 + i % 28), status=Record.Status.RETURNED, title=f"待修改{i}")
        for i in range(LISTED + 5)
    ]
    Record.objects.filter(pk__in=[record.pk for record in stale]).update(
        reviewed_at=timezone.make_aware(datetime(2025, 12, 1, 9))
    )
    found = completeness(town, 2025, today=TODAY)
    returned = [gap for gap in found.of(OrgUnit.objects.get(name="石桥村")).gaps if gap.code == "returned"]
    assert len(returned) == LISTED + 1 and returned[-1].message == "另有 5 条退回记录未重新提交"
    assert sum(gap.count for gap in returned) == LISTED + 5  # each a check failed, none lost


def test_the_checklist_is_the_towns_setting(town):
    central_group(date(2025, 3, 10), participants=79, expected_attendance=100, absentees="王五（病假）")
    Checklist.objects.create(town=town, attendance_min=70, central_group_monthly=False)
    assert gaps(town, "attendance") == [] and gaps(town, "central_group") == []


def test_a_liaisons_reminders_appear_and_go_when_the_unit_logs_what_it_lacks(town, demo):
    today = timezone.localdate()
    reporter = demo["reporter"]
    record = make_record("event", on=today.replace(day=1), author=reporter)
    assert [reminder.message for reminder in unit_reminders(reporter)] == ["本月有 1 条记录还没有照片"]
    add_photo(record)
    assert unit_reminders(reporter) == []
    keeper = demo["reviewer"]  # 镇宣传办 logs the 中心组
    make_record(
        "study", unit=keeper.unit, on=today.replace(day=1) - timedelta(days=40), study_type="central_group"
    )
    assert "本月尚未登记中心组学习" in [reminder.message for reminder in unit_reminders(keeper)]
    make_record("study", unit=keeper.unit, on=today.replace(day=1), study_type="central_group")
    assert "本月尚未登记中心组学习" not in [reminder.message for reminder in unit_reminders(keeper)]


def test_the_page_takes_the_same_queries_for_ten_or_a_hundred_records(client_as, town):
    leader = client_as(Role.LEADER)
    url = reverse("inspection:gaps") + "?year=2025"

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert leader.get(url).status_code == 200
        return len(captured)

    for i in range(10):
        make_record("event", on=date(2025, 1 + i % 12, 5))
    count()  # the session's first request does its own bookkeeping
    few = count()
    for i in range(90):
        make_record("event" if i % 2 else "study", on=date(2025, 1 + i % 12, 7), unit="柳塘村")
    # Signed in (tests.queries, whose town lookup a leader of the town does not need), then
    # ten: the checklist, the town's units and unit ids; the photo checks and the first 20
    # bare records a unit; the 中心组 sessions, the 道德讲堂 count, the 研判 months, the
    # returned records, the records waiting for review
    assert count() == few == SIGNED_IN - 1 + 10
    page = leader.get(url).content.decode()
    assert "台账完整度" in page and "另有" in page  # beyond 20 a unit, the rest are counted
