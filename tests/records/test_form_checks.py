"""What a form refuses, what it only asks about, and how its messages read."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import StudySession, VolunteerActivity
from portal.roles import Role
from tests.factories import make_record
from tests.records.test_record_pages import central_group_form, volunteer_form

pytestmark = pytest.mark.django_db


def post(client, kind: str, data: dict) -> tuple[int, str]:
    response = client.post(reverse("records:create", args=[kind]), data)
    return response.status_code, response.content.decode()


def errors_of(page: str) -> list[str]:
    return re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*<strong>([^<]+)</strong>', page) + re.findall(
        r'class="invalid-feedback d-block">([^<]+)<', page
    )


def test_a_date_after_today_is_refused(client_as):
    tomorrow = timezone.localdate() + timedelta(days=1)
    status, page = post(client_as(Role.REVIEWER), "study", central_group_form(date=tomorrow.isoformat()))
    assert status == 200 and "日期不能晚于今天" in page
    assert not StudySession.objects.exists()


def test_hours_beyond_what_the_volunteers_had_in_a_day_are_refused(client_as):
    status, page = post(
        client_as(Role.REPORTER), "volunteer", volunteer_form(volunteers="0", service_hours="5000")
    )
    assert status == 200 and "有服务时长时，志愿者人数至少为 1" in page
    assert not VolunteerActivity.objects.exists()


def test_unusual_hours_are_asked_about_once_and_saved_when_confirmed(client_as):
    client = client_as(Role.REPORTER)
    status, page = post(client, "volunteer", volunteer_form(volunteers="2", service_hours="40"))
    assert status == 200 and "平均每名志愿者服务 20.0 小时" in page and "已核对，仍然保存" in page
    status, _page = post(
        client, "volunteer", volunteer_form(volunteers="2", service_hours="40", accept_warnings="on")
    )
    assert status == 302 and VolunteerActivity.objects.get().service_hours == 40


def test_a_likely_duplicate_is_asked_about_before_it_is_saved(client_as):
    make_record("volunteer", title="石桥村关爱老人志愿服务活动", on=date(2026, 3, 5), volunteers=15)
    client = client_as(Role.REPORTER)
    status, page = post(client, "volunteer", volunteer_form())
    assert status == 200 and "已登记过“石桥村关爱老人志愿服务活动”，可能重复" in page
    assert post(client, "volunteer", volunteer_form(accept_warnings="on"))[0] == 302
    assert post(client, "volunteer", volunteer_form(date="2026-03-06"))[0] == 302  # another day: no question


def test_a_negative_attendance_gets_one_message_and_the_right_one(client_as):
    data = central_group_form(
        host="张书记", expected_attendance="15", participants="-3", discussion_points="研讨了……"
    )
    _status, page = post(client_as(Role.REVIEWER), "study", data)
    assert "中心组学习须填写此项" not in page
    assert page.count("确保该值大于或等于0") + page.count("大于或等于 0") >= 1


def test_expected_attendance_sits_beside_attendance_and_both_say_when_they_are_required(client_as):
    page = client_as(Role.REVIEWER).get(reverse("records:create", args=["study"])).content.decode()
    names = re.findall(r'name="(\w+)"', page)
    assert names.index("participants") - names.index("expected_attendance") == 1
    assert "实到人数（中心组学习必填）" in page and "应到人数（中心组学习必填）" in page


def test_a_new_outlet_missing_both_says_each_once(client_as):
    data = {
        "title": "新媒体稿件",
        "date": "2026-04-02",
        "unit": central_group_form()["unit"],
        "theme": central_group_form()["theme"],
        "piece_type": "news",
        "new_outlet_name": "云州日报",
    }
    _status, page = post(client_as(Role.REVIEWER), "media", data)
    assert page.count("请选择新媒体的级别。") == 1 and page.count("请选择新媒体的类型。") == 1


def test_a_new_record_starts_from_an_earlier_one(client_as, demo):
    earlier = make_record(
        "study",
        unit="青溪镇",
        author=demo["reviewer"],
        title="镇党委理论学习中心组五月份集中学习",
        on=date(2026, 5, 8),
        study_type="central_group",
        host="张书记",
        expected_attendance=15,
        participants=14,
        place="镇政府三楼会议室",
    )
    client = client_as(Role.REVIEWER)
    blank = client.get(reverse("records:create", args=["study"])).content.decode()
    assert f"?copy={earlier.pk}" in blank and "复制上一条（05-08）" in blank
    form = client.get(reverse("records:create", args=["study"]), {"copy": earlier.pk}).context["form"]
    assert form.initial["place"] == "镇政府三楼会议室" and form.initial["host"] == "张书记"
    assert form.initial["expected_attendance"] == 15 and "participants" not in form.initial
    assert form.initial["date"] == timezone.localdate()  # this time's, not the copied one's


def test_a_record_of_another_town_cannot_be_copied(client_as, demo):
    from administration.services import town_create

    town = town_create(name="沙头镇")
    other = make_record("study", unit=town, title="沙头镇的记录")
    form = (
        client_as(Role.REVIEWER)
        .get(reverse("records:create", args=["study"]), {"copy": other.pk})
        .context["form"]
    )
    assert "title" not in form.initial
