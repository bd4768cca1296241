"""The 台账 binder with many photos: time and memory.

    python bench/binder.py --town 千条镇 --year 2025 --photos 1000

Attaches N photos (drawn with Pillow, re-encoded as uploads are) to the town's
approved records of the year (bench/generate.py makes 千条镇 with 1,000 records over
five years), then builds the binder as the Celery task does. Reports the build time,
Python's peak allocation during the build (tracemalloc) and the process's peak
resident memory, and the file's size. Photos it added before are replaced.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
import tracemalloc

from setup import ROOT, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--town", default="千条镇")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--photos", type=int, default=1000)
    args = parser.parse_args()
    django_setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from portal.models import OrgUnit
    from records.models import Photo, Record
    from records.photos import image_process
    from reports.binder import BinderScope, binder_docx

    town = OrgUnit.objects.get(name=args.town, kind=OrgUnit.Kind.TOWN)
    records = list(
        Record.objects.filter(unit__path__startswith=town.path, date__year=args.year, status="approved")
    )
    Photo.objects.filter(record__in=records).delete()
    started = time.perf_counter()
    for index in range(args.photos):
        image = Image.new("RGB", (1600, 1200), (40 + index % 200, 90, 140))
        ImageDraw.Draw(image).ellipse([300, 200, 1300, 1000], fill=(220, 60 + index % 150, 60))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=88)
        processed = image_process(SimpleUploadedFile(f"p{index}.jpg", buffer.getvalue()))
        record = records[index % len(records)]
        Photo.objects.create(
            record=record, image=processed.image, thumbnail=processed.thumbnail, uploaded_by=record.author
        )
    print(f"{args.photos} photos on {len(records)} records in {time.perf_counter() - started:.0f} s")

    tracemalloc.start()
    started = time.perf_counter()
    data = binder_docx(BinderScope(town=town, year=args.year))
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    columns = [
        "town",
        "year",
        "records",
        "photos",
        "build (s)",
        "Python peak (MiB)",
        "process peak RSS (MiB)",
    ]
    print("| " + " | ".join([*columns, ".docx (MiB)"]) + " |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.town} | {args.year} | {len(records)} | {args.photos} | {seconds:.1f} | "
        f"{peak / 2**20:.0f} | {rss:.0f} | {len(data) / 2**20:.1f} |"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
