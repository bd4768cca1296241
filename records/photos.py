"""Checking and re-encoding uploaded photos.

Every photo is decoded and written again: its orientation applied, its colours turned
into sRGB, all its metadata (EXIF with the GPS position, comments, text chunks, the
profile) dropped, and anything appended after the image data gone.
Size, format and pixel count are checked before the pixels are decoded, so a small
file claiming huge dimensions (a decompression bomb) costs nothing.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
# The most pixels a photo may have, by format. A JPEG is decoded at 1/2, 1/4 or 1/8 of
# its size where that is needed to keep to MAX_DECODED_PIXELS; a PNG or WebP cannot be,
# and WebP's decoder keeps extra full-size copies. With these limits the largest photo
# accepted peaks under 300 MB of memory (tests/records/test_photos.py measures it).
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 20_000_000, "WEBP": 10_000_000}
MAX_DECODED_PIXELS = 20_000_000
# Modes a photo is shrunk in directly; others (palettes, transparency) become RGB first.
RESAMPLED_AS_IS = {"RGB", "L", "CMYK"}
# Stored photos are capped at this long side: sharp on a screen and in an A4 binder.
MAX_SIDE = 4096
# The rendition phones are sent and the binder prints as it is: 334 dpi at its 76 mm.
DISPLAY_SIDE = 1000
DISPLAY_QUALITY = 82
THUMB_SIDE = 480
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_DATETIME = 0x0132
EXIF_IFD = 0x8769
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ProcessedImage:
    image: ContentFile
    thumbnail: ContentFile
    taken_at: datetime | None
    original_name: str
    display: ContentFile | None = None
    # The difference hash of the photo upright, then turned a quarter, a half and three
    # quarters (records.photos.fingerprint): a reused photo is found even turned.
    fingerprints: tuple[int, ...] = ()


def image_process(upload: UploadedFile) -> ProcessedImage:
    """Validate an uploaded photo and return it re-encoded, with a thumbnail.

    Raises ValidationError with a message for the person who uploaded it.
    """
    name = upload.name or ""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("照片“%(name)s”超过 %(limit)d MB，请压缩后再上传。")
            % {"name": name, "limit": MAX_BYTES // 2**20}
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in MAX_PIXELS:
                raise ValidationError(_("“%(name)s”不是 JPEG、PNG 或 WebP 格式的照片。") % {"name": name})
            if image.width * image.height > MAX_PIXELS[image.format]:
                raise ValidationError(_too_many_pixels(name, MAX_PIXELS[image.format]))
            if image.format == "JPEG":
                image.draft(None, _decoded_size(image.size))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_many_pixels(name, max(MAX_PIXELS.values()))) from None
    except UnidentifiedImageError:
        raise ValidationError(_("“%(name)s”不是可识别的图片文件。") % {"name": name}) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("照片“%(name)s”文件不完整或已损坏，请重新拍摄或选择。") % {"name": name}
        ) from None

    taken_at = _taken_at(image)
    profile = image.info.get("icc_profile")
    if image.mode not in RESAMPLED_AS_IS:
        image = _flatten(image)  # palettes and transparency do not resample well
    # Shrunk before turning upright: each step after this copies at most 4096² pixels,
    # not the 20 million decoded.
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = _pixels_only(ImageOps.exif_transpose(image).convert("RGB"), profile=profile)
    display = _shrunk(image, DISPLAY_SIDE)
    # From the display rendition, not the photo: a quarter of the pixels to resample, and
    # at 480 px the two are alike (a 1600 × 1200 photo: 10 ms, not 20).
    thumbnail = _shrunk(display, THUMB_SIDE)
    return ProcessedImage(
        # The stored photo's Huffman tables as the encoder has them: optimising them took
        # 26 ms of a phone photo's 113 for a file 4 % smaller. The renditions phones are
        # sent, and the binder holds, are optimised.
        image=ContentFile(_jpeg(image, quality=85, optimize=False), name="photo.jpg"),
        thumbnail=ContentFile(_jpeg(thumbnail, quality=80), name="thumb.jpg"),
        taken_at=taken_at,
        original_name=name[:255],
        display=ContentFile(_jpeg(display, quality=DISPLAY_QUALITY), name="display.jpg"),
        # From the thumbnail: the hash looks at 9 × 8 pixels, and turning 480 px is cheap.
        fingerprints=tuple(fingerprint(thumbnail.rotate(angle, expand=True)) for angle in (0, 90, 180, 270)),
    )


def fingerprint(image: Image.Image) -> int:
    """A 64-bit difference hash: the picture at 9 × 8 in grey, each pixel against its
    right-hand neighbour. Resizing and re-compressing a photo change a bit or two; another
    picture differs in about half. As a signed 64-bit integer, for a bigint column."""
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = small.tobytes()  # one byte a pixel, row by row
    bits = 0
    for row in range(8):
        for column in range(8):
            bits = (bits << 1) | (pixels[row * 9 + column] > pixels[row * 9 + column + 1])
    return bits - (1 << 64) if bits >= 1 << 63 else bits


def fingerprint_bands(value: int) -> tuple[int, int, int, int]:
    """The four 16-bit quarters of a fingerprint, each an indexed column: two photos
    within 3 bits of each other share at least one quarter exactly."""
    unsigned = value & ((1 << 64) - 1)
    return tuple((unsigned >> shift) & 0xFFFF for shift in (48, 32, 16, 0))


def fingerprint_distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def display_rendition(image: Image.Image) -> ContentFile:
    """The photo as a phone is sent to look at it, and the binder prints it: 1,000 px at most."""
    return ContentFile(_jpeg(_shrunk(image, DISPLAY_SIDE), quality=DISPLAY_QUALITY), name="display.jpg")


def _shrunk(image: Image.Image, side: int) -> Image.Image:
    """The image with its long side at most `side`, as a new image (`image` is left as it is)."""
    shrunk = image.copy()
    shrunk.thumbnail((side, side))
    return shrunk


def photo_display(photo) -> None:
    """Give a photo stored before renditions its display rendition, once."""
    if photo.display:
        return
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        image.draft("RGB", (DISPLAY_SIDE, DISPLAY_SIDE))  # decode a JPEG at a fraction of its size
        rendition = display_rendition(image.convert("RGB"))
    photo.display.save("display.jpg", rendition, save=False)
    type(photo).objects.filter(pk=photo.pk).update(display=photo.display.name)


def _too_many_pixels(name: str, limit: int) -> str:
    # The limit in digits, which read the same in Chinese and in English.
    return _("照片“%(name)s”像素过多（超过 %(limit)s 像素），请缩小后再上传。") % {
        "name": name,
        "limit": f"{limit:,}",
    }


def _decoded_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size a JPEG decodes to: whole, or at the least reduction that keeps within MAX_DECODED_PIXELS."""
    width, height = size
    scale = next((s for s in (1, 2, 4) if (width // s) * (height // s) <= MAX_DECODED_PIXELS), 8)
    return width // scale, height // scale


def _taken_at(image: Image.Image) -> datetime | None:
    """When the photo was taken, from EXIF, in the portal's time zone; None if unknown."""
    exif = image.getexif()
    raw = exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive)


def _pixels_only(image: Image.Image, *, profile: bytes | None) -> Image.Image:
    """The pixels in sRGB and nothing else: Pillow carries a JPEG's comment, a PNG's text
    chunks and the colour profile along in `info`, and writes the comment out again."""
    if profile:
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):  # broken: pixels as they are
            image = ImageCms.profileToProfile(image, io.BytesIO(profile), SRGB, outputMode="RGB")
    image.info = {}
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """On white, in RGB or grey: JPEG has no transparency, and palettes cannot be resampled."""
    if image.mode in ("P", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA"):
        background = Image.new(image.mode[:-1], image.size, "white")
        background.paste(image, mask=image)  # its alpha band, without copying it out
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, *, quality: int, optimize: bool = True) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=optimize)
    return buffer.getvalue()


PDF_MAGIC = b"%PDF-"


def clipping_process(upload: UploadedFile) -> ContentFile:
    """A media clipping: a photo (re-encoded as above) or a PDF, checked by its content."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        if upload.size > MAX_BYTES:
            raise ValidationError(_("剪报文件超过 %(limit)d MB。") % {"limit": MAX_BYTES // 2**20})
        return ContentFile(upload.read(), name="clipping.pdf")
    return ContentFile(image_process(upload).image.read(), name="clipping.jpg")


# A photo taken this many days or more from its record's date is worth a reviewer's look.
DAYS_APART = 3


def photo_flags(record, photos) -> list[tuple[object, str]]:
    """What a reviewer should look at in a record's photos, never a reason to refuse them:
    no capture time (a screenshot or a forwarded picture carries none), a capture day far
    from the record's, the same picture already on another record."""
    flags = []
    for number, photo in enumerate(photos, start=1):
        if photo.taken_at is None:
            flags.append((photo, _("第%(n)s张照片没有拍摄时间，可能是截图或转发的图片") % {"n": number}))
        else:
            taken = timezone.localtime(photo.taken_at).date()
            apart = abs((taken - record.date).days)
            if apart >= DAYS_APART:
                flags.append(
                    (
                        photo,
                        _("第%(n)s张照片拍摄于 %(day)s，与记录日期相差 %(days)s 天")
                        % {"n": number, "day": f"{taken:%Y-%m-%d}", "days": apart},
                    )
                )
        if photo.same_as_id and photo.same_as is not None:
            other = photo.same_as.record
            flags.append(
                (
                    photo,
                    _("第%(n)s张照片与“%(title)s”（%(day)s）的照片相同或近似")
                    % {"n": number, "title": other.title, "day": f"{other.date:%Y-%m-%d}"},
                )
            )
    return flags
