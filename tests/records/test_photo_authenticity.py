"""Photo authenticity, flagged to the reviewer and never refused: no capture time, a
capture day far from the record's, a picture already used on another record (resized,
re-compressed or turned)."""

from __future__ import annotations

import io
import random
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.roles import Role
from records.models import Photo
from records.photos import fingerprint, fingerprint_distance, image_process
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def picture(seed: int, size=(800, 600)) -> Image.Image:
    """A photo-like picture: blocks of colour at random, different for each seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        box = (x, y, x + rng.randrange(50, 300), y + rng.randrange(50, 300))
        image.paste(tuple(rng.randrange(256) for _ in range(3)), box)
    return image


def upload(image: Image.Image, *, taken: str | None = None, name: str = "p.jpg", quality: int = 90):
    buffer = io.BytesIO()
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    image.save(buffer, format="JPEG", quality=quality, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def attach(record, image: Image.Image, **options) -> Photo:
    photo = Photo.of(image_process(upload(image, **options)), record=record, by=record.author)
    photo.save()
    return photo


def test_a_resized_recompressed_or_turned_copy_is_near_and_another_picture_far():
    original = picture(1)
    copy = original.resize((400, 300))
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=40)
    recompressed = Image.open(io.BytesIO(buffer.getvalue()))
    assert fingerprint_distance(fingerprint(original), fingerprint(recompressed)) <= 3
    assert fingerprint_distance(fingerprint(original), fingerprint(picture(2))) > 10


def test_a_photo_already_used_on_another_record_is_flagged_even_turned_and_resized(client_as):
    first = make_record("event", title="三月的活动", on=date(2025, 3, 1))
    attach(first, picture(7), taken="2025:03:01 09:00:00")
    again = make_record("event", title="五月的活动", on=date(2025, 5, 1))
    reused = attach(again, picture(7).rotate(90, expand=True).resize((450, 600)), taken="2025:05:01 10:00:00")
    fresh = attach(again, picture(8), taken="2025:05:01 10:05:00")
    assert reused.same_as.record_id == first.pk and fresh.same_as is None
    page = client_as(Role.REVIEWER).get(reverse("records:detail", args=[again.pk])).content.decode()
    assert "第1张照片与“三月的活动”（2025-03-01）的照片相同或近似" in page
    assert (
        "照片核查提示"
        not in client_as(Role.REPORTER).get(reverse("records:detail", args=[again.pk])).content.decode()
    )


def test_no_capture_time_and_a_capture_ten_days_away_are_flagged(client_as):
    record = make_record("event", title="活动", on=date(2025, 3, 15))
    attach(record, picture(3))  # a screenshot, say: no EXIF
    attach(record, picture(4), taken="2025:03:05 08:00:00")
    attach(record, picture(5), taken="2025:03:16 08:00:00")  # the next morning: fine
    page = client_as(Role.REVIEWER).get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "第1张照片没有拍摄时间，可能是截图或转发的图片" in page
    assert "第2张照片拍摄于 2025-03-05，与记录日期相差 10 天" in page
    assert "第3张照片" not in page
