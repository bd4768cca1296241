"""A liaison on a phone: a camera original, a form error, a double tap, a dropped upload.

What the probe lost: the photos after any error, and three records for three taps.
Here the photo survives the error without being chosen again, is made smaller in the
browser (keeping its capture time), and three quick taps save one record.
"""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image

from activities.models import VolunteerActivity
from demo.accounts import DEMO_PASSWORD
from tests.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def camera_original(path, *, size=(4000, 3000)) -> None:
    """A phone's JPEG: large, with its capture time and an orientation the browser applies."""
    image = Image.new("RGB", size, "teal")
    image.paste((200, 30, 30), (0, 0, size[0] // 2, size[1] // 4))  # top-left red: shows the turn
    exif = image.getexif()
    exif.get_ifd(0x8769)[0x9003] = "2026:03:05 09:30:00"
    exif[0x0112] = 6  # rotate 90° clockwise to view
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, exif=exif)
    path.write_bytes(buffer.getvalue())


def fill(page, title: str) -> None:
    page.select_option("select[name=service_type]", "care")
    page.fill("input[name=title]", title)
    page.fill("input[name=volunteers]", "12")
    page.fill("input[name=service_hours]", "36")


def test_an_error_keeps_the_camera_photo_and_three_taps_save_once(
    transactional_db, demo, open_page, tmp_path
):
    photo = tmp_path / "IMG_0001.jpg"
    camera_original(photo)
    page = open_page("phone")
    sign_in(page, "reporter", DEMO_PASSWORD)
    page.click(".role-card a:has-text('登记志愿服务')")
    fill(page, "")  # the title forgotten
    page.set_input_files("input[data-photo-input][multiple]", str(photo))
    page.wait_for_selector("[data-photo-previews] img")
    page.click("button[name=submit]")
    page.wait_for_selector("text=已暂存 1 张照片")
    screenshot(page, "phone-entry-1-error-keeps-photo")
    assert page.locator("[data-stashed-photos] img").count() == 1
    assert page.locator("input[name=title]").evaluate("el => el.classList.contains('is-invalid')")

    page.fill("input[name=title]", "石桥村开展关爱老人志愿服务")
    page.locator("button[name=submit]").click(click_count=3, delay=50)
    page.wait_for_selector(".status-submitted")
    screenshot(page, "phone-entry-2-saved-once")
    record = VolunteerActivity.objects.get()
    assert record.photos.count() == 1
    stored = Image.open(record.photos.get().image)
    assert max(stored.size) <= 2560 and stored.height > stored.width  # made smaller, turned upright
    assert f"{timezone.localtime(record.photos.get().taken_at):%Y-%m-%d %H:%M}" == "2026-03-05 09:30"
    assert page.console_errors == []


def test_a_dropped_upload_can_be_tried_again_with_everything_kept(
    transactional_db, demo, open_page, tmp_path
):
    photo = tmp_path / "IMG_0002.jpg"
    camera_original(photo, size=(1600, 1200))
    page = open_page("phone")
    sign_in(page, "reporter", DEMO_PASSWORD)
    page.click(".role-card a:has-text('登记志愿服务')")
    fill(page, "桃源村志愿服务")
    page.set_input_files("input[data-photo-input][multiple]", str(photo))
    page.wait_for_selector("[data-photo-previews] img")
    dropped = {"once": False}

    def weak_signal(route):
        if route.request.method == "POST" and not dropped["once"]:
            dropped["once"] = True
            return route.abort("connectionreset")
        return route.continue_()

    page.route("**/kind/volunteer/new/", weak_signal)
    page.click("button[name=save]")
    page.wait_for_selector("[data-upload-retry]:visible")
    screenshot(page, "phone-entry-3-upload-dropped")
    assert page.input_value("input[name=title]") == "桃源村志愿服务"
    page.click("[data-upload-retry]")
    page.wait_for_selector(".alert-success")
    assert VolunteerActivity.objects.get().photos.count() == 1
