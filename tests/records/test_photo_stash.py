"""Photos chosen in a form that comes back with an error are kept: nobody chooses them twice."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from activities.models import VolunteerActivity
from portal.roles import Role
from records.stash import FOLDER
from tests.factories import jpeg_upload
from tests.records.test_record_pages import volunteer_form

pytestmark = pytest.mark.django_db
URL = reverse("records:create", args=["volunteer"])


def kept_ids(page: str) -> list[str]:
    return re.findall(r'name="stashed_photo" value="([0-9a-f]+)"', page)


def test_an_error_keeps_the_photos_and_the_next_save_takes_them(client_as):
    client = client_as(Role.REPORTER)
    photos = [jpeg_upload("camera-1.jpg"), jpeg_upload("camera-2.jpg")]
    page = client.post(URL, volunteer_form(title="", photos=photos)).content.decode()
    assert "已暂存 2 张照片，不必重新选择" in page
    ids = kept_ids(page)
    assert len(ids) == 2
    thumb = client.get(reverse("records:stashed_photo", args=[ids[0]]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    client.post(URL, volunteer_form(stashed_photo=ids))
    record = VolunteerActivity.objects.get()
    assert sorted(record.photos.values_list("original_name", flat=True)) == ["camera-1.jpg", "camera-2.jpg"]
    assert not default_storage.exists(FOLDER) or default_storage.listdir(FOLDER)[1] == []


def test_a_photo_let_go_is_not_saved_and_a_second_error_keeps_the_rest(client_as):
    client = client_as(Role.REPORTER)
    first = kept_ids(
        client.post(URL, volunteer_form(title="", photos=[jpeg_upload("a.jpg")])).content.decode()
    )
    again = client.post(
        URL, volunteer_form(title="", stashed_photo=first, photos=[jpeg_upload("b.jpg")])
    ).content.decode()
    both = kept_ids(again)
    assert len(both) == 2 and both[0] == first[0]
    client.post(URL, volunteer_form(stashed_photo=both[1:]))  # a.jpg unticked
    assert list(VolunteerActivity.objects.get().photos.values_list("original_name", flat=True)) == ["b.jpg"]


def test_another_session_cannot_see_or_take_a_kept_photo(client_as, demo):
    ids = kept_ids(
        client_as(Role.REPORTER).post(URL, volunteer_form(title="", photos=[jpeg_upload()])).content.decode()
    )
    other = Client()
    other.force_login(demo["reporter"])  # the same person on another phone: another session
    assert other.get(reverse("records:stashed_photo", args=[ids[0]])).status_code == 403
    other.post(URL, volunteer_form(stashed_photo=ids))
    assert VolunteerActivity.objects.get().photos.count() == 0


def test_a_refused_photo_is_named_and_the_good_ones_are_kept(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.jpg", b"not an image")
    page = client_as(Role.REPORTER).post(
        URL, volunteer_form(title="", photos=[jpeg_upload(), bad]), follow=True
    )
    content = page.content.decode()
    assert "“bad.jpg”不是可识别的图片文件" in content and len(kept_ids(content)) == 1


def test_a_clipping_is_kept_across_an_error_too(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media_outreach.models import MediaPlacement
    from portal.models import OrgUnit
    from records.models import WorkTheme
    from tests.factories import outlet

    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    data = {
        "title": "",  # forgotten
        "date": "2026-04-02",
        "unit": OrgUnit.objects.get(name="镇宣传办").pk,
        "theme": WorkTheme.objects.get(name="新闻舆论").pk,
        "piece_type": "news",
        "outlet": outlet(town).pk,
        "clipping_upload": SimpleUploadedFile("clip.pdf", b"%PDF-1.4 a clipping"),
    }
    client = client_as(Role.REVIEWER)
    url = reverse("records:create", args=["media"])
    page = client.post(url, data).content.decode()
    kept = re.findall(r'name="stashed_file" value="([0-9a-f]+)"', page)
    assert len(kept) == 1 and "剪报已暂存" in page
    client.post(url, data | {"title": "青溪镇新闻", "clipping_upload": "", "stashed_file": kept})
    placement = MediaPlacement.objects.get()
    assert placement.clipping.name.endswith(".pdf")
    assert placement.clipping.read() == b"%PDF-1.4 a clipping"


def test_a_save_that_fails_after_its_photos_were_written_leaves_no_files(
    client_as, monkeypatch, settings, tmp_path
):
    from django.db import OperationalError

    from records.models import Record

    settings.MEDIA_ROOT = str(tmp_path)

    def broken(self, *, by):
        raise OperationalError("the database went away")

    monkeypatch.setattr(Record, "submit", broken)
    client = client_as(Role.REPORTER)
    with pytest.raises(OperationalError):
        client.post(URL, volunteer_form(photos=[jpeg_upload("a.jpg")], submit=""))
    written = [path for path in tmp_path.rglob("*") if path.is_file() and "form-stash" not in str(path)]
    assert written == [] and not VolunteerActivity.objects.exists()
