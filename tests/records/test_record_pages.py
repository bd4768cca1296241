"""Logging, editing and reviewing records through the pages, as each role would."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import StudySession, VolunteerActivity
from media_outreach.models import MediaOutlet, MediaPlacement
from portal.models import OrgUnit
from portal.roles import Role
from records.models import Record, WorkTheme
from tests.factories import add_photo, jpeg_upload, make_record

pytestmark = pytest.mark.django_db
S = Record.Status


def volunteer_form(**overrides) -> dict:
    data = {
        "service_type": "care",
        "title": "石桥村关爱老人志愿服务",
        "date": "2026-03-05",
        "unit": OrgUnit.objects.get(name="石桥村").pk,
        "theme": WorkTheme.objects.get(name="精神文明").pk,
        "volunteers": "15",
        "service_hours": "45",
    }
    return data | overrides


def test_a_reporter_logs_a_volunteer_activity_with_photos_and_submits_it(client_as, demo):
    data = volunteer_form(photos=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")], submit="")
    response = client_as(Role.REPORTER).post(reverse("records:create", args=["volunteer"]), data)
    record = VolunteerActivity.objects.get()
    assert response.url == reverse("records:detail", args=[record.pk])
    assert (record.status, record.author, record.photos.count()) == (S.SUBMITTED, demo["reporter"], 2)


def test_a_bad_photo_costs_nothing_else(client_as):
    data = volunteer_form(photos=[jpeg_upload("good.jpg"), SimpleUploadedFile("bad.jpg", b"not an image")])
    response = client_as(Role.REPORTER).post(reverse("records:create", args=["volunteer"]), data, follow=True)
    record = VolunteerActivity.objects.get()
    assert record.photos.count() == 1
    assert "“bad.jpg”不是可识别的图片文件" in response.content.decode()


def test_a_form_error_keeps_what_was_typed(client_as):
    data = volunteer_form(volunteers="", summary="为独居老人打扫卫生、测量血压")
    response = client_as(Role.REPORTER).post(reverse("records:create", args=["volunteer"]), data)
    content = response.content.decode()
    assert "这个字段是必填项" in content
    assert "为独居老人打扫卫生、测量血压" in content
    assert not VolunteerActivity.objects.exists()


def test_the_form_starts_with_today_the_users_unit_and_the_kinds_theme(client_as):
    form = client_as(Role.REPORTER).get(reverse("records:create", args=["volunteer"])).context["form"]
    assert form.initial["unit"] == OrgUnit.objects.get(name="石桥村").pk
    assert form.initial["theme"] == WorkTheme.objects.get(name="精神文明").pk


def test_a_reporter_cannot_log_for_another_unit(client_as):
    data = volunteer_form(unit=OrgUnit.objects.get(name="柳塘村").pk)
    response = client_as(Role.REPORTER).post(reverse("records:create", args=["volunteer"]), data)
    assert response.status_code == 200
    assert not VolunteerActivity.objects.exists()


def central_group_form(**overrides) -> dict:
    data = {
        "study_type": "central_group",
        "title": "镇党委理论学习中心组三月份集中学习",
        "date": "2026-03-10",
        "unit": OrgUnit.objects.get(name="青溪镇").pk,
        "theme": WorkTheme.objects.get(name="理论武装").pk,
        "format": "offline",
    }
    return data | overrides


def test_a_central_group_session_needs_what_inspectors_check(client_as):
    response = client_as(Role.REVIEWER).post(reverse("records:create", args=["study"]), central_group_form())
    errors = response.context["form"].errors
    assert set(errors) >= {"host", "expected_attendance", "participants", "discussion_points"}
    assert not StudySession.objects.exists()


def test_absentees_are_required_when_someone_is_missing(client_as):
    data = central_group_form(
        host="张书记", expected_attendance="15", participants="13", discussion_points="…"
    )
    response = client_as(Role.REVIEWER).post(reverse("records:create", args=["study"]), data)
    assert "absentees" in response.context["form"].errors
    data["absentees"] = "王某（出差）\n李某（病假）"
    client_as(Role.REVIEWER).post(reverse("records:create", args=["study"]), data)
    assert StudySession.objects.get().attendance_rate == pytest.approx(13 / 15)


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client_as, demo):
    record = make_record("volunteer", status=S.DRAFT, title="原标题")
    client = client_as(Role.REPORTER)
    url = reverse("records:edit", args=[record.pk])
    opened = client.get(url).context["form"]["version"].value()
    Record.objects.filter(pk=record.pk).update(title="同事改过的标题", version=record.version + 1)
    data = volunteer_form(title="我的标题", version=opened)
    response = client.post(url, data)
    assert "已被他人修改" in response.content.decode()
    assert Record.objects.get(pk=record.pk).title == "同事改过的标题"


def test_an_approved_record_is_locked_for_its_author(client_as):
    record = make_record("volunteer", status=S.APPROVED, title="原标题")
    client = client_as(Role.REPORTER)
    response = client.post(
        reverse("records:edit", args=[record.pk]), volunteer_form(title="新标题"), follow=True
    )
    assert "这条记录现为“已通过”，您不能再修改" in response.content.decode()
    assert Record.objects.get(pk=record.pk).title == "原标题"


def test_a_reporter_never_sees_another_units_record(client_as):
    record = make_record(unit="柳塘村")
    photo = add_photo(record)
    client = client_as(Role.REPORTER)
    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("records:photo", args=[photo.pk, "full"])).status_code == 404
    assert record.title not in client.get(reverse("records:list")).content.decode()


def test_photos_are_served_with_nosniff(client_as):
    photo = add_photo(make_record())
    response = client_as(Role.LEADER).get(reverse("records:photo", args=[photo.pk, "thumb"]))
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("image/jpeg", "nosniff")


def test_a_leader_reads_but_cannot_change(client_as):
    record = make_record(status=S.SUBMITTED)
    client = client_as(Role.LEADER)
    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 200
    assert client.post(reverse("records:approve", args=[record.pk])).status_code == 403
    assert client.get(reverse("records:edit", args=[record.pk])).status_code == 403


def test_the_reviewer_returns_with_a_reason_the_author_then_sees(client_as):
    record = make_record(status=S.SUBMITTED)
    client_as(Role.REVIEWER).post(reverse("records:return", args=[record.pk]), {"reason": "请补充活动照片"})
    home = client_as(Role.REPORTER).get(reverse("dashboard:home")).content.decode()
    assert "请补充活动照片" in home


def test_bulk_approval(client_as):
    records = [make_record(status=S.SUBMITTED) for _ in range(3)]
    draft = make_record(status=S.DRAFT)
    chosen = [str(r.pk) for r in records[:2]] + [str(draft.pk)]
    client_as(Role.REVIEWER).post(reverse("records:review_queue"), {"record": chosen})
    statuses = dict(Record.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in records] == [S.APPROVED, S.APPROVED, S.SUBMITTED]
    assert statuses[draft.pk] == S.DRAFT


def test_each_change_and_status_change_is_in_the_records_history(client_as, demo):
    client = client_as(Role.REPORTER)
    client.post(reverse("records:create", args=["volunteer"]), volunteer_form())
    record = VolunteerActivity.objects.get()
    client.post(reverse("records:edit", args=[record.pk]), volunteer_form(title="改后的标题", version=1))
    client.post(reverse("records:submit", args=[record.pk]))
    entries = LogEntry.objects.get_for_object(record).order_by("timestamp")
    assert [e.action for e in entries] == [0, 1, 1]
    assert entries[1].changes_dict["title"] == ["石桥村关爱老人志愿服务", "改后的标题"]
    assert entries[2].changes_dict["status"] == ["draft", "submitted"]
    assert entries[1].actor == demo["reporter"]
    detail = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "改后的标题" in detail


def test_the_auditor_sees_the_log_and_nothing_else(client_as):
    make_record(title="审计可见的记录")
    client = client_as(Role.AUDITOR)
    assert "审计可见的记录" in client.get(reverse("audit:log")).content.decode()
    assert client.get(reverse("records:list")).status_code == 403


def test_a_new_outlet_can_be_added_from_the_placement_form(client_as):
    data = {
        "title": "青溪镇“三色课堂”让理论宣讲接地气",
        "date": "2026-04-02",
        "unit": OrgUnit.objects.get(name="镇宣传办").pk,
        "theme": WorkTheme.objects.get(name="新闻舆论").pk,
        "piece_type": "news",
        "new_outlet_name": "云州日报",
        "new_outlet_level": "city",
        "new_outlet_channel": "press",
        "clipping_upload": SimpleUploadedFile("clip.pdf", b"%PDF-1.4 test clipping"),
    }
    response = client_as(Role.REVIEWER).post(reverse("records:create", args=["media"]), data)
    assert response.status_code == 302
    placement = MediaPlacement.objects.get()
    assert (placement.outlet.name, placement.outlet.level) == ("云州日报", MediaOutlet.Level.CITY)
    assert placement.clipping.name.endswith(".pdf")


def test_a_new_outlet_needs_its_level_and_channel(client_as):
    data = {
        "title": "t",
        "date": "2026-04-02",
        "unit": OrgUnit.objects.get(name="镇宣传办").pk,
        "theme": WorkTheme.objects.first().pk,
        "piece_type": "news",
        "new_outlet_name": "云州日报",
    }
    response = client_as(Role.REVIEWER).post(reverse("records:create", args=["media"]), data)
    assert "请选择新媒体的级别。" in response.content.decode()
    assert not MediaOutlet.objects.filter(name="云州日报").exists()


def test_a_refused_photo_keeps_the_record_from_being_submitted_and_on_its_form(client_as):
    data = volunteer_form(photos=[SimpleUploadedFile("bad.jpg", b"not an image")], submit="")
    response = client_as(Role.REPORTER).post(reverse("records:create", args=["volunteer"]), data)
    record = VolunteerActivity.objects.get()
    assert record.status == S.DRAFT
    assert response.url == reverse("records:edit", args=[record.pk])
