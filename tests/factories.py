"""Records, photos and outlets for tests, made the way the portal makes them."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from media_outreach.models import MediaOutlet
from portal.models import OrgUnit, User
from records.kinds import KINDS
from records.models import Attachment, Photo, Record
from records.photos import image_process
from records.services import default_theme


def jpeg_upload(
    name: str = "photo.jpg", size: tuple[int, int] = (640, 480), **save_options
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="JPEG", **save_options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def outlet(town: OrgUnit, name: str = "江川日报", level: str = "city", channel: str = "press") -> MediaOutlet:
    return MediaOutlet.objects.get_or_create(
        town=town, name=name, defaults={"level": level, "channel": channel}
    )[0]


def make_record(
    kind: str = "study",
    *,
    unit: OrgUnit | str = "石桥村",
    author: User | None = None,
    status: str = Record.Status.APPROVED,
    on: date | None = None,
    **fields,
) -> Record:
    unit = OrgUnit.objects.get(name=unit) if isinstance(unit, str) else unit
    town = unit.town
    model, defaults = KINDS[kind].model, KINDS[kind].example(town)
    return model.objects.create(
        title=fields.pop("title", f"{unit.name}的一条{kind}记录"),
        date=on or timezone.localdate(),
        unit=unit,
        theme=fields.pop("theme", None) or default_theme(town=town, kind=kind),
        author=author or User.objects.get(username="reporter"),
        status=status,
        **(defaults | fields),
    )


def add_photo(record: Record) -> Photo:
    image = image_process(jpeg_upload())
    return Photo.objects.create(
        record=record,
        image=image.image,
        thumbnail=image.thumbnail,
        uploaded_by=record.author,
        original_name=image.original_name,
    )


def add_attachment(record: Record, sort: str = "sign_in", name: str = "签到表.pdf") -> Attachment:
    """A small PDF of `sort` (签到表 unless told) on `record`."""
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    attachment = Attachment(
        record=record, sort=sort, original_name=name, size=len(pdf), content_type="application/pdf"
    )
    attachment.uploaded_by = record.author
    attachment.file.save(name, ContentFile(pdf), save=True)
    return attachment


def can_sign_in(username: str, password: str) -> bool:
    """Sign in through the real page, as a person would (django-axes needs the request)."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302
