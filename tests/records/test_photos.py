"""Photos are checked, re-encoded without metadata, and never cost the rest of a form."""

from __future__ import annotations

import io
import json
import random
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from activities.models import VolunteerActivity
from portal.roles import Role
from records.forms import MAX_PHOTOS_PER_UPLOAD
from records.photos import MAX_BYTES, MAX_PIXELS, image_process
from tests.factories import jpeg_upload
from tests.records.test_record_pages import volunteer_form

ROOT = Path(__file__).resolve().parents[2]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny valid-looking PNG whose header claims `width`×`height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(random.Random(width).randbytes(12000))  # 12 KB that do not compress
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def upload(data: bytes, name: str = "x.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(("width", "height"), [(10000, 10000), (8000, 7500)])
def test_a_decompression_bomb_is_refused_before_decoding(width, height):
    bomb = png_claiming(width, height)
    assert 12_000 < len(bomb) < 13_000
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


SECRET = "联系人 13800138000 N31.2304 E121.4737"


@pytest.mark.parametrize("kind", ["jpeg-comment", "png-text", "icc-profile"])
def test_comments_text_chunks_and_profiles_are_not_stored(kind):
    """The probe's JPEG comment with a phone number and coordinates survived into every copy."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (300, 200), "green")
    if kind == "jpeg-comment":
        image.save(buffer, format="JPEG", comment=SECRET.encode())
    elif kind == "png-text":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SECRET)
        text.add_itxt("Description", SECRET)
        image.save(buffer, format="PNG", pnginfo=text)
    else:
        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + SECRET.encode()
        image.save(buffer, format="JPEG", icc_profile=profile)
    processed = image_process(upload(buffer.getvalue(), "secret.jpg"))
    for copy in (processed.image.read(), processed.thumbnail.read()):
        assert SECRET.encode() not in copy and b"13800138000" not in copy
        stored = Image.open(io.BytesIO(copy))
        assert not set(stored.info) - {
            "jfif",
            "jfif_version",
            "jfif_unit",
            "jfif_density",
            "dpi",
            "progressive",
            "progression",
        }


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


def test_html_appended_to_a_png_is_gone():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, format="PNG")
    stored = image_process(upload(buffer.getvalue() + b"<html><script>alert(1)</script></html>")).image.read()
    assert stored[:3] == b"\xff\xd8\xff"  # a JPEG written afresh
    assert b"<script>" not in stored


@pytest.mark.parametrize(("fmt", "size"), [("PNG", (5000, 4001)), ("WEBP", (4000, 2501))])
def test_a_png_or_webp_past_its_pixel_limit_is_refused(fmt, size):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=fmt)
    with pytest.raises(ValidationError, match=f"超过 {MAX_PIXELS[fmt]:,} 像素"):
        image_process(upload(buffer.getvalue(), f"big.{fmt.lower()}"))


def test_a_jpeg_of_more_than_20_million_pixels_is_decoded_at_half_size():
    processed = image_process(jpeg_upload(size=(6000, 4000), quality=30))
    assert Image.open(processed.image).size == (3000, 2000)


def test_more_photos_than_one_upload_takes_are_refused_with_a_reason(client_as):
    photos = [SimpleUploadedFile(f"{n}.jpg", b"not decoded") for n in range(MAX_PHOTOS_PER_UPLOAD + 1)]
    response = client_as(Role.REPORTER).post(
        reverse("records:create", args=["volunteer"]), volunteer_form(photos=photos)
    )
    assert "一次最多上传 20 张照片，请分批上传。" in response.content.decode()
    assert not VolunteerActivity.objects.exists()


def test_two_hundred_photos_at_once_are_refused_whole_with_a_reason(client_as):
    photos = [SimpleUploadedFile(f"{n}.jpg", b"x") for n in range(200)]
    response = client_as(Role.REPORTER).post(
        reverse("records:create", args=["volunteer"]), volunteer_form(photos=photos)
    )
    assert response.status_code == 400
    assert "每次最多 20 张" in response.content.decode()
    assert not VolunteerActivity.objects.exists()


def _gradient(mode: str, size: tuple[int, int]) -> Image.Image:
    """A smooth picture: small as a file, as costly to decode as any photo of its size."""
    grey = Image.linear_gradient("L").resize(size)
    return Image.merge(mode, [grey] * len(mode))


@pytest.fixture(scope="module")
def worst_uploads(tmp_path_factory) -> list[Path]:
    """The hostile uploads above, and the largest photo each format may be."""
    folder = tmp_path_factory.mktemp("worst")
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "green").save(buffer, format="PNG")
    png = buffer.getvalue()
    gps = Image.new("RGB", (3000, 2000), "blue")
    exif = gps.getexif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}
    files = {
        "bomb.png": png_claiming(10000, 10000),
        "html.png": png + b"<html><script>alert(1)</script></html>" * 300,
        "image.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>',
        "oversize.jpg": b"\xff\xd8\xff" + b"\0" * MAX_BYTES,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    gps.save(folder / "gps.jpg", exif=exif)
    _gradient("RGB", (8000, 6250)).save(folder / "50mp.jpg", quality=50)
    _gradient("RGBA", (5000, 4000)).save(folder / "20mp-alpha.png", compress_level=1)
    _gradient("RGB", (4000, 2500)).save(folder / "10mp.webp", quality=50)
    return sorted(folder.iterdir())


# Runs in a fresh interpreter with Django set up, as a worker would be. Pillow allocates
# outside Python's heap, where tracemalloc does not look, so the peak resident memory is
# read from the kernel: VmHWM, this process's own high-water mark. (Its ru_maxrss would
# not do: Linux carries the parent's high-water mark over the exec, and pytest's may
# well be above 300 MB.)
PEAK_SCRIPT = """
import json, os, re, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from records.photos import image_process

def peak_mb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1]) // 1024

peaks = {"django": peak_mb()}
for path in sys.argv[1:]:
    with open(path, "rb") as file:
        try:
            image_process(UploadedFile(file, name=os.path.basename(path), size=os.path.getsize(path)))
        except ValidationError:
            pass
    peaks[os.path.basename(path)] = peak_mb()
print(json.dumps(peaks))
"""


def test_the_worst_uploads_peak_under_300_mb_of_memory(worst_uploads):
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, *map(str, worst_uploads)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    peaks = json.loads(result.stdout.strip().splitlines()[-1])  # the high-water mark in MB after each file
    assert max(peaks.values()) < 300, peaks


def test_a_phone_is_sent_a_display_rendition_and_an_older_photo_gets_one_on_first_look(client_as, demo):
    from tests.factories import add_photo, make_record

    record = make_record("event")
    photo = add_photo(record)
    client = client_as(Role.REPORTER)
    response = client.get(reverse("records:photo", args=[photo.pk, "display"]))
    shown = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert max(shown.size) <= 1000
    type(photo).objects.filter(pk=photo.pk).update(display="")  # as photos stored before renditions
    again = client.get(reverse("records:photo", args=[photo.pk, "display"]))
    assert again.status_code == 200
    photo.refresh_from_db()
    assert photo.display.name.endswith(".jpg")
    assert "display" in client.get(reverse("records:detail", args=[record.pk])).content.decode()
