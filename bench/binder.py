"""The 台账 binder with many phone photos: time and memory, beside its floor and python-docx's own way.

    python bench/binder.py --town 千条镇 2025=1000 2024=2000 --runs 3

For each YEAR=N, makes sure the town's approved records of that year carry exactly N
benchmark photos (bench/generate.py makes 千条镇 with about 200 records a year). Each
photo is distinct and as heavy as a phone's upload after the browser has scaled it:
2560 × 1920 with grain, about 1 MiB, put through the upload path (`image_process`),
so it has its 1,000 px display rendition as every upload has. Made once, then kept.

Then, run by run in turn, each in a fresh process so its peak RSS is its own:
- `build`: the binder as the Celery task writes it (`binder_write` to a temporary file);
- `floor`: the least any .docx of these photos costs: each rendition read and stored in
  a zip, nothing else;
- `stock` (with --stock, N ≤ 1000): the same document with python-docx's own
  `add_picture` and `save` for the same renditions — what the build did before its
  pictures were counted instead of searched.
Prints each mode's median time, its peak RSS and the file's size.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

from setup import ROOT, django_setup, peak_rss_mib

PHOTO_SIZE = (2560, 1920)  # the browser's upload size (static/js/portal.js MAX_SIDE)


def phone_photo(seed: int) -> bytes:
    """A distinct camera-like JPEG: colour fields, shapes, detail that survives the 1,000 px
    rendition, and sensor grain: about 1 MiB at 2560 × 1920, its rendition about 140 KiB."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    half = (PHOTO_SIZE[0] // 2, PHOTO_SIZE[1] // 2)

    def field(columns: int, rows: int):
        return Image.frombytes("RGB", (columns, rows), rnd.randbytes(columns * rows * 3)).resize(
            half, Image.BICUBIC
        )

    image = Image.blend(field(8, 6), field(160, 120), 0.4)
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y, r = rnd.randrange(half[0]), rnd.randrange(half[1]), rnd.randrange(10, 200)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rnd.randrange(256) for _ in range(3)))
    image = Image.blend(image, Image.effect_noise(half, 40).convert("RGB"), 0.22).resize(
        PHOTO_SIZE, Image.BICUBIC
    )
    image = Image.blend(image, Image.effect_noise(PHOTO_SIZE, 30).convert("RGB"), 0.08)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def records_of(town, year: int):
    from records.models import Record

    return list(
        Record.objects.filter(unit__path__startswith=town.path, date__year=year, status="approved").order_by(
            "pk"
        )
    )


def photos_ensure(town, year: int, count: int) -> None:
    from records.models import Photo

    records = records_of(town, year)
    photos = Photo.objects.filter(record__in=records)
    others = photos.exclude(original_name__startswith="bench-")
    if others.exists():
        others.delete()
    have = photos.filter(original_name__startswith="bench-").count()
    if have > count:
        extra = photos.order_by("-pk").values_list("pk", flat=True)[: have - count]
        Photo.objects.filter(pk__in=list(extra)).delete()
    started = time.perf_counter()
    with multiprocessing.Pool() as pool:  # forked: Django is set up in each already
        made = pool.imap(_processed, [(year, index) for index in range(have, count)], chunksize=8)
        for index, processed in enumerate(made, start=have):
            record = records[index % len(records)]
            Photo.of(processed, record=record, by=record.author).save()
    if count > have:
        print(
            f"{year}: {count - have} photos added in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )


def _processed(job: tuple[int, int]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from records.photos import image_process

    year, index = job
    return image_process(SimpleUploadedFile(f"bench-{year}-{index}.jpg", phone_photo(year * 100_000 + index)))


def measure(mode: str, town_name: str, year: int) -> dict:
    """One build in this process: seconds, peak RSS, size."""
    from portal.models import OrgUnit
    from records.models import Photo
    from reports.binder import BinderScope, binder_write

    town = OrgUnit.objects.get(name=town_name, kind=OrgUnit.Kind.TOWN)
    scope = BinderScope(town=town, year=year)
    photos = Photo.objects.filter(record__in=records_of(town, year)).order_by("pk")
    rss_before = peak_rss_mib()
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        if mode == "floor":
            with zipfile.ZipFile(out, "w") as package:
                for photo in photos.iterator():
                    with photo.display.open("rb") as stored:
                        package.writestr(zipfile.ZipInfo(photo.display.name), stored.read())
        else:
            if mode == "stock":
                stock_pictures()
            binder_write(scope, out)
        seconds = time.perf_counter() - started
        size = out.seek(0, io.SEEK_END)
    return {
        "seconds": seconds,
        "rss": peak_rss_mib(),
        "rss_before": rss_before,
        "size": size,
        "photos": photos.count(),
    }


def stock_pictures() -> None:
    """python-docx's own way: add_picture with the bytes in hand, document.save, then the re-zip."""

    from reports import docx as module

    def add(self, run, opener, *, size, width):
        with opener() as stored:
            run.add_picture(io.BytesIO(stored.read()), width=width)

    def write(document, out, date):
        buffer = io.BytesIO()
        document.save(buffer)  # every part deflated, images included
        reread = module.Document(io.BytesIO(buffer.getvalue()))  # then the re-zip for fixed dates
        original(reread, out, date)  # which drops the thumbnail, as before

    original = module._package_write
    module.Pictures.__init__ = lambda self, document: None
    module.Pictures.add = add
    module._package_write = write


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--town", default="千条镇")
    parser.add_argument("sizes", nargs="*", default=["2025=1000"], help="YEAR=PHOTOS")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stock", action="store_true", help="also python-docx's own add_picture (N ≤ 1000)")
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "YEAR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    django_setup()
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.town, int(args.measure[1]))))
        return
    from portal.models import OrgUnit

    town = OrgUnit.objects.get(name=args.town, kind=OrgUnit.Kind.TOWN)
    sizes = [(int(year), int(count)) for year, count in (spec.split("=") for spec in args.sizes)]
    for year, count in sizes:
        photos_ensure(town, year, count)
    modes = ["build", "floor"] + (["stock"] if args.stock else [])
    results: dict = {}
    for _ in range(args.runs):
        for year, count in sizes:
            for mode in modes:
                if mode == "stock" and count > 1000:
                    continue
                command = [sys.executable, __file__, "--town", args.town, "--measure", mode, str(year)]
                line = subprocess.run(
                    command, capture_output=True, text=True, check=True
                ).stdout.splitlines()[-1]
                results.setdefault((year, count, mode), []).append(json.loads(line))
    columns = "photos", "mode", "runs", "time, median (s)", "min–max (s)", "ms a photo", "peak RSS (MiB)"
    print("| " + " | ".join([*columns, "of it before the build (MiB)", ".docx (MiB)"]) + " |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for (year, count, mode), runs in results.items():
        times = [run["seconds"] for run in runs]
        median = statistics.median(times)
        cells = [
            f"{count:,} ({year})",
            mode,
            str(len(runs)),
            f"{median:.2f}",
            f"{min(times):.2f}–{max(times):.2f}",
            f"{1000 * median / max(1, runs[0]['photos']):.1f}",
            f"{max(run['rss'] for run in runs):.0f}",
            f"{max(run['rss_before'] for run in runs):.0f}",
            f"{runs[0]['size'] / 2**20:.1f}",
        ]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
