"""Hostile or unlucky input on the record pages: never a server error, never lost work."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_outreach.models import MediaPlacement
from portal.roles import Role
from records.models import Record, WorkTheme
from tests.factories import jpeg_upload, make_record, outlet
from tests.records.test_record_pages import volunteer_form

pytestmark = pytest.mark.django_db
S = Record.Status


def test_a_workflow_post_never_redirects_off_site(client_as):
    record = make_record(status=S.SUBMITTED)
    response = client_as(Role.REVIEWER).post(
        reverse("records:approve", args=[record.pk]), {"next": "https://evil.example.com/phish"}
    )
    assert response.url == reverse("records:detail", args=[record.pk])


@pytest.mark.parametrize("back", ["0", "records:list", "javascript:alert(1)"])
def test_a_workflow_post_whose_next_is_no_path_goes_back_to_the_record(client_as, back):
    record = make_record(status=S.SUBMITTED)
    response = client_as(Role.REVIEWER).post(
        reverse("records:return", args=[record.pk]), {"reason": "请补充照片", "next": back}
    )
    assert response.url == reverse("records:detail", args=[record.pk])


@pytest.mark.parametrize("bad", ["²", "99999999999999999999999", "-1", "abc"])
def test_odd_ids_in_a_bulk_approval_are_ignored(client_as, bad):
    record = make_record(status=S.SUBMITTED)
    response = client_as(Role.REVIEWER).post(
        reverse("records:review_queue"), {"record": [bad, str(record.pk)]}
    )
    assert response.status_code == 302
    assert Record.objects.get(pk=record.pk).status == S.APPROVED


def test_a_huge_id_in_a_url_is_a_404(client_as):
    client = client_as(Role.LEADER)
    assert client.get("/outreach/placements/99999999999999999999/clipping/").status_code == 404
    assert client.get("/records/99999999999999999999/").status_code == 404


def test_a_form_without_its_version_cannot_overwrite(client_as):
    record = make_record("volunteer", status=S.DRAFT, title="原标题")
    data = volunteer_form(title="新标题", version="")
    response = client_as(Role.REPORTER).post(reverse("records:edit", args=[record.pk]), data)
    assert "表单已过期" in response.content.decode()
    assert Record.objects.get(pk=record.pk).title == "原标题"


def test_a_record_whose_status_changed_while_open_keeps_what_was_typed(client_as, demo):
    record = make_record("volunteer", status=S.DRAFT)
    record.submit(by=demo["reporter"])
    data = volunteer_form(summary="刚刚写下的一段总结", version=1)
    response = client_as(Role.REPORTER).post(reverse("records:edit", args=[record.pk]), data)
    content = response.content.decode()
    assert "这条记录现为“待审核”" in content
    assert "刚刚写下的一段总结" in content


def test_a_deactivated_theme_stays_on_the_records_that_use_it(client_as):
    record = make_record("volunteer", status=S.DRAFT)
    WorkTheme.objects.filter(pk=record.theme_id).update(is_active=False)
    data = volunteer_form(theme=record.theme_id, version=record.version, title="改过")
    response = client_as(Role.REPORTER).post(reverse("records:edit", args=[record.pk]), data)
    assert response.status_code == 302
    assert Record.objects.get(pk=record.pk).title == "改过"


def test_a_bad_clipping_does_not_cost_the_placement(client_as, town):
    data = {
        "outlet": outlet(town).pk,
        "title": "一篇报道",
        "date": "2026-04-02",
        "unit": town.pk,
        "theme": WorkTheme.objects.get(name="新闻舆论").pk,
        "piece_type": "news",
        "clipping_upload": SimpleUploadedFile("fake.jpg", b"not really a picture"),
        "photos": [jpeg_upload()],
    }
    response = client_as(Role.REVIEWER).post(reverse("records:create", args=["media"]), data, follow=True)
    placement = MediaPlacement.objects.get()
    assert (bool(placement.clipping), placement.photos.count()) == (False, 1)
    assert "“fake.jpg”不是可识别的图片文件" in response.content.decode()


def test_a_typed_outlet_that_exists_with_another_level_is_refused(client_as, town):
    outlet(town, "江川日报", "provincial", "press")
    data = {
        "title": "t",
        "date": "2026-04-02",
        "unit": town.pk,
        "theme": WorkTheme.objects.first().pk,
        "piece_type": "news",
        "new_outlet_name": "江川日报",
        "new_outlet_level": "city",
        "new_outlet_channel": "press",
    }
    response = client_as(Role.REVIEWER).post(reverse("records:create", args=["media"]), data)
    assert "级别或类型与所填不同" in response.content.decode()
    assert not MediaPlacement.objects.exists()


def test_a_reason_longer_than_a_thousand_characters_is_refused(client_as):
    record = make_record(status=S.SUBMITTED)
    client_as(Role.REVIEWER).post(reverse("records:return", args=[record.pk]), {"reason": "长" * 1001})
    assert Record.objects.get(pk=record.pk).status == S.SUBMITTED


@pytest.mark.parametrize("day", ["0001-01-01", "2099-01-01"])
def test_an_implausible_date_is_refused(client_as, day):
    client_as(Role.REPORTER).post(reverse("records:create", args=["volunteer"]), volunteer_form(date=day))
    assert not Record.objects.exists()


def test_only_the_author_deletes_and_only_a_draft(client_as, demo):
    returned = make_record(status=S.RETURNED)
    someone_elses = make_record(status=S.DRAFT, author=demo["reviewer"])
    mine = make_record(status=S.DRAFT)
    client = client_as(Role.REPORTER)
    for record in (returned, someone_elses, mine):
        client.post(reverse("records:delete", args=[record.pk]))
    assert set(Record.objects.values_list("pk", flat=True)) == {returned.pk, someone_elses.pk}


def test_photo_changes_appear_in_the_records_history(client_as):
    client = client_as(Role.REPORTER)
    client.post(
        reverse("records:create", args=["volunteer"]), volunteer_form(photos=[jpeg_upload("现场.jpg")])
    )
    record = Record.objects.get()
    detail = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "照片：— → 现场.jpg" in detail


def test_audit_log_pages_keep_the_filter(client_as):
    for i in range(60):
        make_record(title=f"记录{i}")
    content = client_as(Role.AUDITOR).get(reverse("audit:log"), {"q": "记录"}).content.decode()
    assert "q=%E8%AE%B0%E5%BD%95&amp;page=2" in content
