"""等保 剩余信息保护: what a user or an upload leaves behind is gone when it should be."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from portal.roles import Role
from records.models import Record
from tests.factories import add_photo, make_record
from tests.ledger.test_ledger_pages import workbook
from tests.records.test_record_pages import volunteer_form

pytestmark = pytest.mark.django_db


def test_signing_out_destroys_the_session_on_the_server(demo):
    client = Client()
    client.post(reverse("login"), {"username": "leader", "password": "Demo@2026"})
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    replayed = Client()
    replayed.cookies["sessionid"] = key
    assert replayed.get(reverse("dashboard:home")).status_code == 302


def test_an_imported_workbook_is_deleted_once_imported(client_as):
    client = client_as(Role.REVIEWER)
    client.post(
        reverse("ledger:import"),
        {"workbook": workbook([["2024-03-05", "宣讲", "主题宣传", "石桥村", 9]])},
    )
    stored = client.session["ledger_upload"]["file"]
    assert default_storage.exists(stored)
    client.post(reverse("ledger:import_confirm"))
    assert not default_storage.exists(stored)


def test_a_removed_photo_leaves_no_file_behind(client_as, django_capture_on_commit_callbacks):
    record = make_record("volunteer", status=Record.Status.DRAFT)
    photo = add_photo(record)
    files = [photo.image.name, photo.thumbnail.name]
    assert all(default_storage.exists(name) for name in files)
    data = volunteer_form(version=record.version, remove_photo=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_as(Role.REPORTER).post(reverse("records:edit", args=[record.pk]), data)
    assert not record.photos.exists()
    assert not any(default_storage.exists(name) for name in files)
