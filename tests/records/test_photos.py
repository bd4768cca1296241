"""Photos are checked, re-encoded without metadata, and never cost the rest of a form."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from records.photos import MAX_BYTES, image_process
from tests.factories import jpeg_upload


def png_claiming(width: int, height: int) -> bytes:
    """A tiny valid-looking PNG whose header claims `width`×`height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 12000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def upload(data: bytes, name: str = "x.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(("width", "height"), [(10000, 10000), (8000, 7500)])
def test_a_decompression_bomb_is_refused_before_decoding(width, height):
    bomb = png_claiming(width, height)
    assert len(bomb) < 13_000
    with pytest.raises(ValidationError, match="像素过多"):
        image_process(upload(bomb))


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(ValidationError, match="不是可识别的图片"):
        image_process(upload(b"<html><script>alert(1)</script></html>", "photo.jpg"))


def test_an_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ValidationError):
        image_process(upload(svg, "photo.svg"))


def test_a_gif_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError, match="JPEG、PNG 或 WebP"):
        image_process(upload(buffer.getvalue(), "a.gif"))


def test_a_truncated_photo_is_refused():
    data = jpeg_upload(size=(800, 600)).read()
    with pytest.raises(ValidationError, match="不完整或已损坏"):
        image_process(upload(data[: len(data) // 2], "cut.jpg"))


def test_an_oversized_file_is_refused():
    big = SimpleUploadedFile("big.jpg", b"\xff" * (MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="超过 20 MB"):
        image_process(big)


def test_the_photo_is_turned_upright_by_its_exif_orientation():
    image = Image.new("RGB", (400, 200), "red")
    exif = image.getexif()
    exif[0x0112] = 6  # rotated 90° clockwise by the camera
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    stored = Image.open(image_process(upload(buffer.getvalue(), "r.jpg")).image)
    assert stored.size == (200, 400)


def test_gps_and_other_metadata_are_dropped_but_the_capture_time_is_kept():
    image = Image.new("RGB", (300, 200), "blue")
    exif = image.getexif()
    exif.get_ifd(0x8769)[0x9003] = "2025:06:01 09:30:00"
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    processed = image_process(upload(buffer.getvalue(), "gps.jpg"))
    stored = Image.open(processed.image)
    assert dict(stored.getexif()) == {}
    assert processed.taken_at.strftime("%Y-%m-%d %H:%M") == "2025-06-01 09:30"


def test_anything_appended_to_the_image_is_gone():
    data = jpeg_upload().read() + b"<html><script>alert(1)</script></html>"
    stored = image_process(upload(data, "a.jpg")).image.read()
    assert b"<script>" not in stored


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (255, 0, 0, 0)).save(buffer, format="PNG")
    stored = Image.open(image_process(upload(buffer.getvalue())).image)
    assert (stored.format, stored.getpixel((10, 10))) == ("JPEG", (255, 255, 255))


def test_the_thumbnail_is_small():
    processed = image_process(jpeg_upload(size=(4000, 3000)))
    assert max(Image.open(processed.thumbnail).size) == 480
