"""The reused-photo check for one new photo against 50,000, beside its own SQL.

    python bench/photos.py --photos 50000 --runs 25

Gives 50,000 photo rows of 基准镇 (bench/generate.py; rows added if it has fewer)
random fingerprints, as photos of different pictures have, and one row the fingerprint
of the new photo turned a quarter, as a reused photo would be. Then, run by run in
turn: `records.models.photo_reused` for the new photo's four fingerprints (the upright
one and its turns), and the very query it runs on the cursor. Goal: ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from setup import django_setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--photos", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--town", default="基准镇")
    args = parser.parse_args()
    from generate import ensure_database

    ensure_database()
    django_setup()
    from django.db import connection

    from portal.models import OrgUnit, in_subtree
    from records.models import Photo, Record, photo_reused
    from records.photos import fingerprint_bands

    town = OrgUnit.objects.get(name=args.town, kind=OrgUnit.Kind.TOWN)
    records = list(Record.objects.filter(in_subtree(town)).values_list("pk", flat=True)[: args.photos])
    photos = Photo.objects.filter(record__in=records)
    author = Record.objects.get(pk=records[0]).author
    missing = args.photos - photos.count()
    if missing > 0:
        Photo.objects.bulk_create(
            [
                Photo(
                    record_id=records[i % len(records)],
                    image="bench/photo.jpg",
                    thumbnail="bench/photo-thumb.jpg",
                    uploaded_by=author,
                )
                for i in range(missing)
            ],
            batch_size=5000,
        )
    rng = random.Random(3)
    rows = []
    for pk in photos.values_list("pk", flat=True)[: args.photos]:
        value = rng.getrandbits(64) - (1 << 63)
        rows.append((value, *fingerprint_bands(value), pk))
    new = [rng.getrandbits(64) - (1 << 63) for _ in range(4)]  # upright and its turns
    reused = new[1] ^ 0b101  # the turned copy, two bits off
    rows[len(rows) // 2] = (reused, *fingerprint_bands(reused), rows[len(rows) // 2][-1])
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE records_photo SET fingerprint = %s, band0 = %s, band1 = %s, band2 = %s, band3 = %s"
            " WHERE id = %s",
            rows,
        )
        cursor.execute("ANALYZE records_photo")
    stranger = Record.objects.exclude(pk__in=records[:1]).filter(in_subtree(town)).first()
    found = photo_reused(tuple(new), record=stranger)
    assert found is not None and found.fingerprint == reused, "the reused photo was not found"

    from django.db.models import Q

    match = Q()
    for value in new:
        for index, band in enumerate(fingerprint_bands(value)):
            match |= Q(**{f"band{index}": band})
    query = (
        Photo.objects.filter(match)
        .exclude(record_id=stranger.pk)
        .exclude(record__status=Record.Status.VOID)
        .order_by("pk")
        .only("pk", "record_id", "fingerprint")[:200]
    )
    sql, params = query.query.sql_with_params()
    timings: dict[str, list[float]] = {"photo_reused": [], "its own SQL": []}
    for _ in range(args.runs):
        started = time.perf_counter()
        photo_reused(tuple(new), record=stranger)
        timings["photo_reused"].append(time.perf_counter() - started)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        timings["its own SQL"].append(time.perf_counter() - started)
    print(f"database: {connection.vendor}; {len(rows):,} photos with fingerprints")
    print("\n| what | runs | median (ms) | min–max (ms) |\n|---|---:|---:|---:|")
    for label, values in timings.items():
        ms = [value * 1000 for value in values]
        print(f"| {label} | {len(ms)} | {statistics.median(ms):.1f} | {min(ms):.1f}–{max(ms):.1f} |")


if __name__ == "__main__":
    main()
