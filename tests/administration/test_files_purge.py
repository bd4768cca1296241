"""Stashed files (剩余信息保护): abandoned uploads and fetched-or-not job files do not stay for ever."""

from __future__ import annotations

import io
import os
import time

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from administration.services import files_purge
from audit.models import AuditEvent, Event
from portal.roles import Role

pytestmark = pytest.mark.django_db
HOUR = 3600


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """A media folder of the test's own: other tests' files would be counted."""
    settings.MEDIA_ROOT = str(tmp_path)


def _stashed(name: str, *, age_hours: float) -> str:
    saved = default_storage.save(name, ContentFile(b"PK"))
    then = time.time() - age_hours * HOUR
    os.utime(default_storage.path(saved), (then, then))
    return saved


def test_stale_stashed_files_go_and_the_purge_is_logged():
    old_upload = _stashed("ledger-uploads/old.xlsx", age_hours=13)
    new_upload = _stashed("ledger-uploads/new.xlsx", age_hours=1)
    old_export = _stashed("ledger-exports/old.xlsx", age_hours=8 * 24)
    old_binder = _stashed("binders/old.docx", age_hours=8 * 24)
    kept_build = _stashed("reports/2026/01/build.docx", age_hours=400 * 24)
    assert files_purge() == 3
    assert [default_storage.exists(name) for name in (old_upload, old_export, old_binder)] == [False] * 3
    assert default_storage.exists(new_upload) and default_storage.exists(kept_build)
    entry = AuditEvent.objects.filter(event=Event.FILES_PURGE).get()
    assert entry.detail["deleted"] == {"台账上传文件": 1, "台账导出文件": 1, "台账汇编文件": 1}


def test_a_purge_with_nothing_to_do_writes_no_entry():
    assert files_purge() == 0
    assert not AuditEvent.objects.filter(event=Event.FILES_PURGE).exists()


def _workbook(title: str) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "宣传活动"
    sheet.append(["日期", "标题", "类型", "所属单位"])
    sheet.append(["2024-03-05", title, "主题宣传", "石桥村"])
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("台账.xlsx", stream.getvalue())


def _uploads() -> list[str]:
    try:
        return default_storage.listdir("ledger-uploads")[1]
    except FileNotFoundError:
        return []


def test_a_new_preview_replaces_the_last_ones_file(client_as):
    reviewer = client_as(Role.REVIEWER)
    reviewer.post(reverse("ledger:import"), {"workbook": _workbook("一")})
    reviewer.post(reverse("ledger:import"), {"workbook": _workbook("二")})
    assert len(_uploads()) == 1


def test_a_confirm_that_finds_errors_leaves_no_file(client_as):
    reviewer = client_as(Role.REVIEWER)
    reviewer.post(reverse("ledger:import"), {"workbook": _workbook("")})  # a required title is missing
    assert len(_uploads()) == 1
    reviewer.post(reverse("ledger:import_confirm"))
    assert _uploads() == []


def test_a_confirmed_import_leaves_no_file_and_an_abandoned_preview_is_purged(client_as):
    """From the security side (剩余信息保护): no workbook stays in the media folder, and so in backups."""
    reviewer = client_as(Role.REVIEWER)
    reviewer.post(reverse("ledger:import"), {"workbook": _workbook("确认后不留文件")})
    reviewer.post(reverse("ledger:import_confirm"))
    assert _uploads() == []
    client_as(Role.REVIEWER).post(reverse("ledger:import"), {"workbook": _workbook("预览后离开")})
    (abandoned,) = _uploads()
    then = time.time() - 13 * HOUR
    os.utime(default_storage.path(f"ledger-uploads/{abandoned}"), (then, then))
    assert files_purge() == 1
    assert _uploads() == []
