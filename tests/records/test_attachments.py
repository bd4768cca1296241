"""A record's files besides its photos (签到表, 会议记录): checked by content, kept across
a refused form, handed only to those who may see the record, gone with the record."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from activities.models import VolunteerActivity
from portal.roles import Role
from records.attachments import attachment_process
from records.models import Attachment
from tests.factories import jpeg_upload, make_record
from tests.records.test_record_pages import volunteer_form

pytestmark = pytest.mark.django_db
URL = reverse("records:create", args=["volunteer"])

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("会议记录：主持人张三")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["姓名", "签到"])
    book.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes = b"x") -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        target.writestr(name, content)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [
        ("签到表.pdf", PDF, "pdf"),
        ("会议记录.docx", docx_bytes(), "docx"),
        ("签到.xlsx", xlsx_bytes(), "xlsx"),
        ("签到表照片.jpg", jpeg_upload().read(), "jpg"),
        ("名字不对.txt", PDF, "pdf"),  # the content decides, not the name
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else "",
)
def test_the_content_decides_what_a_file_is(name, data, extension):
    processed = attachment_process(upload(name, data))
    assert processed.extension == extension
    assert processed.content.name == f"{name.rsplit('.', 1)[0]}.{extension}"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "script.pdf",
            PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"),
            "含有脚本",
        ),
        ("cut.pdf", PDF[:60], "不是完整的 PDF"),
        ("macro.docm", with_part(docx_bytes(), "word/vbaProject.bin"), "含有宏"),
        ("plain.zip", with_part(xlsx_bytes(), "x")[:30], "已损坏"),
        ("notes.txt", "会议记录".encode(), "不是可接受的附件"),
        ("app.exe", b"MZ\x90\x00" + b"\x00" * 100, "不是可接受的附件"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else "",
)
def test_a_file_that_is_not_a_clean_document_is_refused_saying_why(name, data, reason):
    with pytest.raises(ValidationError) as refused:
        attachment_process(upload(name, data))
    assert reason in refused.value.messages[0] and name in refused.value.messages[0]


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (201 * 1024 * 1024))
    with pytest.raises(ValidationError, match="解压后过大"):
        attachment_process(upload("bomb.docx", buffer.getvalue()))


def test_a_path_in_the_name_is_dropped():
    processed = attachment_process(upload("C:\\Users\\张三\\..\\签到表.pdf", PDF))
    assert processed.content.name == "签到表.pdf"


def test_a_record_saves_its_attachments_and_a_bad_one_costs_nothing_else(client_as, demo):
    data = volunteer_form(
        sign_in_sheets=[upload("签到表.pdf", PDF)],
        minutes_files=[upload("会议记录.docx", docx_bytes()), upload("bad.docx", b"PK\x03\x04broken")],
    )
    response = client_as(Role.REPORTER).post(URL, data, follow=True)
    record = VolunteerActivity.objects.get()
    kept = list(record.attachments.values_list("sort", "original_name", "content_type"))
    assert kept == [
        (
            "minutes",
            "会议记录.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("sign_in", "签到表.pdf", "application/pdf"),
    ]
    assert "“bad.docx”已损坏" in response.content.decode()
    page = client_as(Role.REPORTER).get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "签到表：" in page and "会议记录.docx" in page


def test_an_attachment_goes_only_to_those_who_may_see_the_record(client_as, demo):
    client_as(Role.REPORTER).post(URL, volunteer_form(sign_in_sheets=[upload("签到表.pdf", PDF)]))
    attachment = Attachment.objects.get()
    url = reverse("records:attachment", args=[attachment.pk])
    response = client_as(Role.REPORTER).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "inline" in response["Content-Disposition"] and response["Content-Security-Policy"] == "sandbox"
    assert Client().get(url).status_code == 302  # to sign-in
    elsewhere = make_record(unit="柳塘村")
    attachment.record = elsewhere
    attachment.save()
    assert client_as(Role.REPORTER).get(url).status_code == 404  # another village's record
    assert client_as(Role.LEADER).get(url).status_code == 200


def test_attachments_are_kept_across_a_refused_form_and_added_to(client_as):
    client = client_as(Role.REPORTER)
    page = client.post(
        URL, volunteer_form(title="", sign_in_sheets=[upload("签到表.pdf", PDF)])
    ).content.decode()
    assert "“签到表.pdf”已暂存" in page
    ids = re.findall(r'name="stashed_file" value="([0-9a-f]+)"', page)
    client.post(URL, volunteer_form(stashed_file=ids, minutes_files=[upload("会议记录.docx", docx_bytes())]))
    names = sorted(VolunteerActivity.objects.get().attachments.values_list("original_name", flat=True))
    assert names == ["会议记录.docx", "签到表.pdf"]


def test_an_attachment_removed_in_the_form_or_with_its_draft_leaves_no_file(
    client_as, django_capture_on_commit_callbacks
):
    client = client_as(Role.REPORTER)
    client.post(
        URL, volunteer_form(sign_in_sheets=[upload("a.pdf", PDF)], other_files=[upload("b.pdf", PDF)])
    )
    record = VolunteerActivity.objects.get()
    first, second = record.attachments.order_by("original_name")
    assert default_storage.exists(first.file.name)
    edit = client.get(reverse("records:edit", args=[record.pk])).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("records:edit", args=[record.pk]),
            volunteer_form(version=edit["version"].value(), remove_attachment=[first.pk]),
        )
    assert list(record.attachments.values_list("original_name", flat=True)) == ["b.pdf"]
    assert not default_storage.exists(first.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("records:delete", args=[record.pk]))
    assert not Attachment.objects.exists() and not default_storage.exists(second.file.name)
