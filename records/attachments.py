"""Checking the files a record carries besides its photos: 签到表, 会议记录 and the like.

Inspectors ask for the sign-in sheet and the minutes of a meeting as well as its photos.
Offices keep them as PDF scans, Word or Excel files, or a photo of the paper sheet. Every
file is judged by its content, never by its name or the browser's word:
- a picture (a photographed 签到表) is re-encoded as a photo is (records/photos.py),
  which drops its metadata and anything hidden after the pixels;
- a PDF must be one that pypdf can read, and one without active content (scripts,
  launch and submit actions, embedded files, XFA forms), which a ledger never needs.
  Every object is read as a viewer would, names decoded and object streams unpacked;
  the bytes outside streams are searched as well, for objects the cross-reference
  table leaves out. Page and image data are not searched, so a scan never trips it;
- a Word, Excel or PowerPoint file (2007 and later) must be a sound package: every
  part unpacked and its checksum verified, no more than MAX_UNPACKED in all (a zip
  bomb, even one whose directory lies), no macros (a VBA project by any name, a
  macro-enabled content type, an Excel 4.0 macro sheet), no ActiveX controls, no
  embedded OLE objects, and nothing fetched from elsewhere but hyperlinks;
- an older .doc or .xls must be an OLE file without a macro project.
The stored file gets the extension its content earned; its name on the phone is kept
to show and to download it by.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from portal.files import ZIP_DAMAGED
from records.photos import MAX_BYTES, image_process

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# What a package may unpack to, and how many parts it may have.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARTS = 5000
# PDF names that run, fetch or carry something: a ledger's scan has no use for any.
PDF_ACTIVE = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
    | {"/SubmitForm", "/ImportData", "/GoToE", "/GoToR", "/Movie", "/Sound"}
)
# The same names in the bytes outside streams, as a name is written (#xx escapes undone first).
PDF_ACTIVE_BYTES = re.compile(
    rb"/(" + b"|".join(name[1:].encode() for name in sorted(PDF_ACTIVE)) + rb")(?=[\s/<>\[\]()%{}]|\Z)"
)
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
MAX_PDF_OBJECTS = 200_000
# What a package may not hold: macros (by content type or part), ActiveX, XLM sheets.
# An embedded OLE object (a packaged file of any kind) and a relationship fetched from
# elsewhere (a remote template, an OLE link): only hyperlinks may point outside.
PACKAGE_OLE = re.compile(r"embeddings/[^/]*\.bin$", re.I)
PACKAGE_EXTERNAL = re.compile(r'<Relationship\b(?=[^>]*TargetMode="External")[^>]*\bType="([^"]+)"', re.I)
PACKAGE_ACTIVE = re.compile(r"macroEnabled|vbaProject|vbaData|macrosheet|activeX|ms-excel\.intl", re.I)
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
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.pptx,image/jpeg,image/png,image/webp"


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
    if not upload.size:
        raise ValidationError(_("“%(name)s”是空文件，未保存。") % {"name": name})
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
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_("“%(name)s”设有打开密码，未保存。请去掉密码后再上传。") % {"name": name})
        active = _pdf_active(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError, OSError):
        raise ValidationError(_("“%(name)s”不是完整的 PDF 文件，未保存。") % {"name": name}) from None
    outside = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), PDF_STREAM.sub(b"", data))
    if active or PDF_ACTIVE_BYTES.search(outside):
        raise ValidationError(
            _("“%(name)s”含有脚本、动作或嵌入文件，未保存。请用“打印为 PDF”另存一份后再上传。")
            % {"name": name}
        )


def _pdf_active(reader: PdfReader) -> bool:
    """Whether any object of the file, as a viewer reads it, names active content."""
    numbers = {(number, generation) for generation, table in reader.xref.items() for number in table}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    if len(numbers) > MAX_PDF_OBJECTS:
        raise ValueError("too many objects")
    if _names_active(reader.trailer):
        return True
    for number, generation in numbers:
        if _names_active(reader.get_object(IndirectObject(number, generation, reader))):
            return True
    return False


def _names_active(value, depth: int = 0) -> bool:
    """A dictionary's keys and name values, and an array's items, within one object
    (each indirect object is read on its own, so references are not followed)."""
    if depth > 50:
        return True  # nothing honest nests that deep
    if isinstance(value, NameObject):
        return value in PDF_ACTIVE
    if isinstance(value, DictionaryObject):  # streams too: their dictionaries, never their data
        return any(key in PDF_ACTIVE or _names_active(item, depth + 1) for key, item in value.items())
    if isinstance(value, ArrayObject):
        return any(_names_active(item, depth + 1) for item in value)
    return False


def _package_check(upload: UploadedFile, name: str) -> str:
    damaged = _("“%(name)s”已损坏，无法打开，未保存。") % {"name": name}
    macros = _("“%(name)s”含有宏或控件，未保存。请另存为不含宏的文档（.docx、.xlsx）后再上传。") % {
        "name": name
    }
    try:
        with zipfile.ZipFile(upload) as package:
            parts = package.infolist()
            names = {part.filename for part in parts}
            if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
                raise ValidationError(_("“%(name)s”解压后过大，未保存。") % {"name": name})
            if "[Content_Types].xml" not in names:
                raise ValidationError(
                    _("“%(name)s”不是可接受的附件：请上传 PDF、Word、Excel 文件或照片。") % {"name": name}
                )
            texts = _package_read(package, parts)
    except ValidationError:
        raise
    except (*ZIP_DAMAGED, ValueError):
        raise ValidationError(damaged) from None
    finally:
        upload.seek(0)
    parts_active = any(PACKAGE_ACTIVE.search(part) or PACKAGE_OLE.search(part) for part in names)
    if parts_active or PACKAGE_ACTIVE.search(texts["[Content_Types].xml"]):
        raise ValidationError(macros)
    for rels, text in texts.items():
        if rels.endswith(".rels") and any(
            not kind.endswith("/hyperlink") for kind in PACKAGE_EXTERNAL.findall(text)
        ):
            raise ValidationError(macros)
    for folder, extension in PACKAGES.items():
        if any(part.startswith(folder) for part in names):
            return extension
    raise ValidationError(
        _("“%(name)s”不是可接受的附件：请上传 PDF、Word、Excel 文件或照片。") % {"name": name}
    )


def _package_read(package: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Unpack every part, so a part whose directory entry lies about its size fails its
    checksum here (zipfile stops at the declared size), and return the text of the
    content types and the relationships, which say what the package holds."""
    texts = {}
    for part in parts:
        kept = part.filename == "[Content_Types].xml" or part.filename.endswith(".rels")
        chunks = []
        with package.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                if kept and sum(map(len, chunks)) < 4 * 1024 * 1024:
                    chunks.append(chunk)
        if kept:
            texts[part.filename] = b"".join(chunks).decode("utf-8", "replace")
    return texts


def _ole_check(data: bytes, name: str) -> str:
    """An Office 97–2003 file: Word or Excel by its streams' names, never with macros."""
    if "_VBA_PROJECT".encode("utf-16-le") in data or "Macros".encode("utf-16-le") in data:
        raise ValidationError(
            _("“%(name)s”含有宏，未保存。请另存为不含宏的文档（.docx、.xlsx）后再上传。") % {"name": name}
        )
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
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
