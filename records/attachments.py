"""Checking the files a record carries besides its photos: 签到表, 会议记录 and the like.

Inspectors ask for the sign-in sheet and the minutes of a meeting as well as its photos.
Offices keep them as PDF scans, Word or Excel files, or a photo of the paper sheet. Every
file is judged by its content, never by its name or the browser's word:
- a picture (a photographed 签到表) is re-encoded as a photo is (records/photos.py),
  which drops its metadata and anything hidden after the pixels;
- a PDF must be one, and one without active content (scripts, launch actions,
  embedded files), which a ledger never needs;
- a Word, Excel or PowerPoint file (2007 and later) must be a sound package without
  macros, and one that does not unpack to more than MAX_UNPACKED (a zip bomb);
- an older .doc or .xls must be an OLE file without a macro project.
The stored file gets the extension its content earned; its name on the phone is kept
to show and to download it by.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from records.photos import MAX_BYTES, image_process

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# What a package may unpack to, and how many parts it may have.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARTS = 5000
# PDF names that run or carry something: a ledger's scan has no use for any of them.
# They are looked for in the file's plain objects; names inside compressed object
# streams are not unpacked here (the file is only ever handed out, never opened).
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
# The first part of a package that says which application's it is.
PACKAGES = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
}
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/jpeg,image/png,image/webp"


@dataclass(frozen=True)
class ProcessedFile:
    content: ContentFile  # named by the name it came with, its extension the content's
    extension: str  # pdf, docx, xlsx, pptx, doc, xls, jpg

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def attachment_process(upload: UploadedFile) -> ProcessedFile:
    """Check an uploaded attachment; raise ValidationError saying why it was refused."""
    name = _shown_name(upload.name or "")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(limit)d MB，未保存。") % {"name": name, "limit": MAX_BYTES // 2**20}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        data = upload.read()
        _pdf_check(data, name)
        return _processed(data, name, "pdf")
    if head.startswith(ZIP_MAGIC):
        return _processed(upload.read(), name, _package_check(upload, name))
    if head == OLE_MAGIC:
        data = upload.read()
        return _processed(data, name, _ole_check(data, name))
    if _is_picture(upload):
        photo = image_process(upload)
        return _processed(photo.image.read(), name, "jpg")
    raise ValidationError(
        _("“%(name)s”不是可接受的附件：请上传 PDF、Word、Excel 文件或照片。") % {"name": name}
    )


def _processed(data: bytes, name: str, extension: str) -> ProcessedFile:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return ProcessedFile(ContentFile(data, name=f"{stem or _('附件')}.{extension}"), extension)


def _shown_name(name: str) -> str:
    """The file's own name, without a folder, control characters or an absurd length."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 120:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 110 - len(extension)]}{dot}{extension}" if dot else name[:120]
    return name or _("附件")


def _pdf_check(data: bytes, name: str) -> None:
    if b"%%EOF" not in data:
        raise ValidationError(_("“%(name)s”不是完整的 PDF 文件，未保存。") % {"name": name})
    if PDF_ACTIVE.search(data):
        raise ValidationError(
            _("“%(name)s”含有脚本或嵌入文件，未保存。请打印为普通 PDF 或扫描后再上传。") % {"name": name}
        )


def _package_check(upload: UploadedFile, name: str) -> str:
    try:
        with zipfile.ZipFile(upload) as package:
            parts = package.infolist()
            names = {part.filename for part in parts}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("“%(name)s”已损坏，无法打开，未保存。") % {"name": name}) from None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        raise ValidationError(
            _("“%(name)s”不是可接受的附件：请上传 PDF、Word、Excel 文件或照片。") % {"name": name}
        )
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise ValidationError(_("“%(name)s”解压后过大，未保存。") % {"name": name})
    if any(part.lower().endswith("vbaproject.bin") for part in names):
        raise ValidationError(
            _("“%(name)s”含有宏，未保存。请另存为不含宏的文档（.docx、.xlsx）后再上传。") % {"name": name}
        )
    for folder, extension in PACKAGES.items():
        if any(part.startswith(folder) for part in names):
            return extension
    raise ValidationError(
        _("“%(name)s”不是可接受的附件：请上传 PDF、Word、Excel 文件或照片。") % {"name": name}
    )


def _ole_check(data: bytes, name: str) -> str:
    """An Office 97–2003 file: Word or Excel by its streams' names, never with macros."""
    if "_VBA_PROJECT".encode("utf-16-le") in data or "Macros".encode("utf-16-le") in data:
        raise ValidationError(
            _("“%(name)s”含有宏，未保存。请另存为不含宏的文档（.docx、.xlsx）后再上传。") % {"name": name}
        )
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise ValidationError(_("“%(name)s”不是 Word 或 Excel 文件，未保存。") % {"name": name})


def _is_picture(upload: UploadedFile) -> bool:
    try:
        with Image.open(upload) as image:
            return image.format in ("JPEG", "PNG", "WEBP")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
