"""迎检 as the office lives it: the leader sees the month's 中心组 missing, the 宣传办's
liaison is reminded on a phone, logs the session from the last one with photos and the
sign-in sheet, and the gap is gone from the leader's page."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import StudySession
from demo.accounts import DEMO_PASSWORD
from portal.models import OrgUnit, User
from portal.roles import Role
from tests.conftest import screenshot, sign_in
from tests.factories import add_attachment, add_photo, make_record
from tests.records.test_attachments import PDF

pytestmark = pytest.mark.browser
MISSING = "本月尚未登记中心组学习"


def phone_photo(path) -> None:
    image = Image.new("RGB", (1600, 1200), "navy")
    image.paste((220, 40, 40), (0, 0, 800, 300))
    exif = image.getexif()
    exif.get_ifd(0x8769)[0x9003] = f"{timezone.localtime():%Y:%m:%d %H:%M:%S}"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, exif=exif)
    path.write_bytes(buffer.getvalue())


def test_the_liaison_logs_the_missing_session_and_the_leaders_gap_closes(
    transactional_db, demo, open_page, tmp_path
):
    today = timezone.localdate()
    office = OrgUnit.objects.get(name="镇宣传办")
    liaison = User.objects.create(username="xuanchuan", name="钱敏", unit=office)
    liaison.set_password(DEMO_PASSWORD)
    liaison.save()
    liaison.groups.set([Group.objects.get(name=Role.REPORTER.value)])
    last = make_record(
        "study",
        unit=office,
        author=liaison,
        on=today.replace(day=1) - timedelta(days=3),
        title="镇党委理论学习中心组上月集中学习",
        study_type="central_group",
        participants=12,
        expected_attendance=12,
        host="陈志强（党委书记）",
        discussion_points="王芳：谈学习体会\n刘洋：谈贯彻措施",
    )
    add_photo(last)
    add_attachment(last)

    leader = open_page("desktop")
    sign_in(leader, "leader", DEMO_PASSWORD)
    leader.goto(f"{leader.base_url}{reverse('inspection:gaps')}?year={today.year}")
    assert leader.locator("[data-gap=central_group]", has_text=MISSING).count() == 1

    phone = open_page("phone")
    sign_in(phone, "xuanchuan", DEMO_PASSWORD)
    reminder = phone.locator("[data-testid=reminders] a", has_text=MISSING)
    screenshot(phone, "inspection-1-phone-reminder")
    reminder.click()
    phone.wait_for_selector("input[name=title]")
    assert phone.input_value("select[name=study_type]") == "central_group"  # copied from the last one
    assert phone.input_value("input[name=host]") == "陈志强（党委书记）"
    phone.fill("input[name=title]", "镇党委理论学习中心组本月集中学习")
    phone.fill("input[name=date]", today.isoformat())
    # what happened this time is never copied
    phone.fill("input[name=expected_attendance]", "12")
    phone.fill("input[name=participants]", "12")
    phone.fill("textarea[name=discussion_points]", "王芳：谈学习体会\n刘洋：谈贯彻措施")
    photo, sheet = tmp_path / "IMG_0100.jpg", tmp_path / "签到表.pdf"
    phone_photo(photo)
    sheet.write_bytes(PDF)
    phone.set_input_files("input[data-photo-input][multiple]", str(photo))
    phone.wait_for_selector("[data-photo-previews] img")
    assert phone.locator("[data-testid=attachments]").get_attribute("open") is not None
    phone.set_input_files("input[name=sign_in_sheets]", str(sheet))
    screenshot(phone, "inspection-2-phone-form")
    phone.click("button[name=submit]")
    phone.wait_for_selector(".status-submitted")
    screenshot(phone, "inspection-3-phone-saved")
    session = StudySession.objects.get(title="镇党委理论学习中心组本月集中学习")
    assert (session.photos.count(), list(session.attachments.values_list("sort", flat=True))) == (
        1,
        ["sign_in"],
    )
    assert phone.locator(".record-attachments a").inner_text() == "签到表.pdf"

    phone.goto(f"{phone.base_url}/")
    assert phone.locator("[data-testid=reminders]", has_text=MISSING).count() == 0
    leader.reload()
    screenshot(leader, "inspection-4-leader-gap-closed")
    assert leader.locator("[data-gap=central_group]", has_text=MISSING).count() == 0
    assert leader.locator("[data-gap=central_group]").count() > 0  # the months before are still gaps
    assert phone.console_errors == [] and leader.console_errors == []
