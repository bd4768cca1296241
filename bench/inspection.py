"""The 迎检 page at a town of 100,000 records and 50,000 photos, beside its own SQL.

    python bench/generate.py --town 基准镇 --records 100000   # both built here if missing
    python bench/generate.py --town 小基准镇 --records 1000
    python bench/inspection.py --runs 9 --explain 4

The generator writes records of villages, communities and departments, a fifth of them
with a photo, 3 % waiting with no submission time, none returned, no attachments and no
stations. So each town is given once (again when it was generated anew: its stations
are the mark) what the page's rules read:

- photo rows until half its records have one (50,000 at 基准镇; rows only, no files);
- four 新时代文明实践站, each given 0-4 of a month's activities (events, volunteer
  services, study sessions) of every month, so some months fall short of the two asked;
- 中心组 sessions with 主持人, 应到/实到, 缺席 and 研讨发言要点 as a real record has them,
  some short of one, none in April and September, three in four with a 签到表 and half
  with a 会议记录 (`records.Attachment` rows);
- 1 % of the approved records returned for changes (reviewed 1-40 days after their
  date), and the waiting ones a submission time 0-10 days after their date.

Other benches on 基准镇 then read these rows too (1 % fewer approved records; bench/photos.py
counts the photos of the newest 50,000 records, about 25,000, and adds the rest).

Then, run by run in turn, at both towns: (a) the page, `inspection:gaps` for this year,
through Django's test client as the town's leader; (b) the very SELECTs that page ran,
captured once, on the cursor with rows fetched; (c) `inspection.gaps.completeness`
alone (the town read afresh, as a request reads it); (d) the very SELECTs of (c). Prints
medians, the ratios page / its SQL and completeness / the page's SQL run by run (goal
≤ 1.5×), the queries at both towns (goal: the same), the slowest statements, and with
--explain their EXPLAIN ANALYZE.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from argparse import Namespace
from datetime import datetime, timedelta

from setup import ROOT, django_setup

TOWNS = {"基准镇": 100_000, "小基准镇": 1_000}
STATIONS = 4
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest statements")
    args = parser.parse_args()
    from generate import ensure_database

    # Celery's Django fix-up puts the working directory first on sys.path: started from
    # bench/, this file would then stand in for the inspection app.
    os.chdir(ROOT)
    ensure_database()
    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    year = timezone.localdate().year
    towns = [Town(name, records, year) for name, records in TOWNS.items()]
    for town in towns:  # warm caches, the connection and the session's first request
        town.run()
    for _ in range(args.runs):
        for town in towns:
            town.run()

    big = towns[0]
    print(f"database: {connection.vendor}; {year}, median of {args.runs} runs, towns and steps in turn")
    for town in towns:
        print(f"{town.name}: {town.describe()}")
    print("\n| town | records | photos | queries | page (ms) | its SQL (ms) | completeness (ms) |", end="")
    print(" its SQL (ms) | page / SQL | completeness / page's SQL |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for town in towns:
        t = {label: statistics.median(values) for label, values in town.times.items()}
        print(
            f"| {town.name} | {town.records:,} | {town.photos:,} | {len(town.captured)} | {t['page']:.1f} | "
            f"{t['page SQL']:.1f} | {t['completeness']:.1f} | {t['completeness SQL']:.1f} | "
            f"{town.ratio('page', 'page SQL'):.2f} | {town.ratio('completeness', 'page SQL'):.2f} |"
        )
    print(f"\nSELECTs replayed of the page: {len(big.selects)} of {len(big.captured)} statements;", end="")
    print(f" of completeness: {len(big.own_selects)}")
    print(f"\nslowest statements of the page at {big.name} (median ms, run by run):")
    slowest = sorted(range(len(big.selects)), key=lambda i: -statistics.median(big.each[i]))
    for i in slowest[:5]:
        print(f"  {statistics.median(big.each[i]):7.2f}  {big.selects[i][:150]}")
    with connection.cursor() as cursor:
        for i in slowest[: args.explain]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + big.selects[i])
            print(f"\n-- {big.selects[i][:300]}")
            print("\n".join(row[0] for row in cursor.fetchall()))


class Town:
    """A benchmark town made ready for the page, and its timings run by run."""

    def __init__(self, name: str, records: int, year: int) -> None:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from inspection.gaps import completeness
        from portal.models import OrgUnit, User, in_subtree
        from records.models import Photo, Record

        town = OrgUnit.objects.filter(name=name, kind=OrgUnit.Kind.TOWN).first()
        if town is None or Record.objects.filter(in_subtree(town)).count() != records:
            town_build(name, records)
            town = OrgUnit.objects.get(name=name, kind=OrgUnit.Kind.TOWN)
        if not OrgUnit.objects.filter(in_subtree(town, field=""), kind=OrgUnit.Kind.STATION).exists():
            town_prepare(town, photos=records // 2)
            town = OrgUnit.objects.get(pk=town.pk)  # its subtree has the stations now
        self.name, self.pk, self.year = name, town.pk, year
        self.records = records
        self.photos = Photo.objects.filter(record__unit__in=town.subtree_ids).count()
        self.client = Client()
        self.client.force_login(User.objects.get(username=f"bench{town.pk}-leader"))
        self.url = reverse("inspection:gaps") + f"?year={year}"
        self._page()  # the session's first request records the time
        with CaptureQueriesContext(connection) as captured:
            self._page()
        self.captured = [query["sql"] for query in captured.captured_queries]
        self.selects = [sql for sql in self.captured if sql.startswith("SELECT")]
        with CaptureQueriesContext(connection) as captured:
            self.found = completeness(OrgUnit.objects.get(pk=self.pk), year)
        self.own_selects = [query["sql"] for query in captured.captured_queries]
        self.times: dict[str, list[float]] = {
            "page": [],
            "page SQL": [],
            "completeness": [],
            "completeness SQL": [],
        }
        self.each: list[list[float]] = [[] for _ in self.selects]

    def _page(self) -> None:
        response = self.client.get(self.url)
        assert response.status_code == 200, response.status_code

    def _replay(self, statements: list[str], each: list[list[float]] | None = None) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            for i, sql in enumerate(statements):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                if each is not None:
                    each[i].append((time.perf_counter() - started) * 1000)

    def run(self) -> None:
        from inspection.gaps import completeness
        from portal.models import OrgUnit

        steps = (
            ("page", self._page),
            ("page SQL", lambda: self._replay(self.selects, self.each)),
            ("completeness", lambda: completeness(OrgUnit.objects.get(pk=self.pk), self.year)),
            ("completeness SQL", lambda: self._replay(self.own_selects)),
        )
        for label, step in steps:
            started = time.perf_counter()
            step()
            self.times[label].append((time.perf_counter() - started) * 1000)

    def ratio(self, over: str, under: str) -> float:
        pairs = zip(self.times[over], self.times[under], strict=True)
        return statistics.median(a / b for a, b in pairs)

    def describe(self) -> str:
        """What the rules found, so a reader sees each did work: checks and gaps by rule."""
        gaps: dict[str, int] = {}
        for entry in self.found.units:
            for gap in entry.gaps:
                gaps[gap.code] = gaps.get(gap.code, 0) + gap.count
        found = ", ".join(f"{code} {n}" for code, n in gaps.items())
        return (
            f"{self.found.checks:,} checks, {self.found.missing:,} missing "
            f"({self.found.percent}%), {len(self.found.units)} units; gaps: {found}; "
            f"waiting too long: {self.found.waiting}"
        )


def town_build(name: str, records: int) -> None:
    from generate import generate

    started = time.perf_counter()
    generate(Namespace(town=name, records=records, years=5, units=20, seed=7, only=None))
    print(f"{name}: {records:,} records built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def town_prepare(town, *, photos: int) -> None:
    """What the page's rules read and the generator does not write (the module's list)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from activities.models import StudySession
    from portal.models import OrgUnit, User, in_subtree
    from portal.services import unit_create
    from records.models import Attachment, Photo, Record

    started = time.perf_counter()
    rng = random.Random(16)
    author = User.objects.get(username=f"bench{town.pk}-author")
    now = timezone.now()
    with transaction.atomic():
        stations = []
        for number in range(1, STATIONS + 1):
            town.refresh_from_db()
            stations.append(
                unit_create(
                    parent=town, name=f"{town.name}新时代文明实践站{number}", kind=OrgUnit.Kind.STATION
                )
            )
        rows = list(
            Record.objects.filter(in_subtree(town)).order_by("pk").values_list("pk", "kind", "date", "status")
        )
        by_month: dict[tuple[int, int], list[int]] = {}
        for pk, kind, day, _status in rows:
            if kind in ("event", "volunteer", "study"):
                by_month.setdefault((day.year, day.month), []).append(pk)
        moves = []
        for pks in by_month.values():
            rng.shuffle(pks)
            for station in stations:
                for _ in range(min(rng.randint(0, 4), len(pks))):
                    moves.append((station.pk, pks.pop()))

        def at(day, hour: int, days: int):
            moment = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))
            return min(moment + timedelta(days=days), now - timedelta(hours=1))

        returned = [
            (at(day, 10, rng.randint(1, 40)), pk)
            for pk, _kind, day, status in rows
            if status == Record.Status.APPROVED and rng.random() < 0.01
        ]
        waiting = [
            (at(day, 9, rng.randint(0, 10)), pk)
            for pk, _kind, day, status in rows
            if status == Record.Status.SUBMITTED
        ]
        sessions = StudySession.objects.filter(in_subtree(town), study_type=StudySession.Type.CENTRAL_GROUP)
        central, dropped, attended = [], [], []
        for pk, day in sessions.values_list("pk", "date"):
            if day.month in (4, 9):  # months the town missed: the monthly rule's gaps
                dropped.append((pk,))
                continue
            present = rng.choice([20, 20, 19, 18, 17, 15])  # of 20: sometimes under 80 %
            absent = "王五（出差）" if present < 20 and rng.random() < 0.8 else ""
            host = "书记" if rng.random() < 0.9 else ""
            points = rng.choice(["张三：谈体会\n李四：谈做法\n王五：谈打算"] * 8 + ["张三：谈体会", ""])
            central.append((host, 20, absent, points, pk))
            attended.append((present, pk))
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE records_record SET unit_id = %s WHERE id = %s", moves)
            cursor.executemany(
                "UPDATE records_record SET status = 'returned', reviewed_at = %s,"
                " return_reason = '请补充照片' WHERE id = %s",
                returned,
            )
            cursor.executemany("UPDATE records_record SET submitted_at = %s WHERE id = %s", waiting)
            table = StudySession._meta.db_table
            cursor.executemany(
                f"UPDATE {table} SET study_type = 'collective' WHERE record_ptr_id = %s", dropped
            )
            cursor.executemany(
                f"UPDATE {table} SET host = %s, expected_attendance = %s, absentees = %s,"
                " discussion_points = %s WHERE record_ptr_id = %s",
                central,
            )
            cursor.executemany("UPDATE records_record SET participants = %s WHERE id = %s", attended)
        files = []
        for _host, _expected, _absent, _points, pk in central:
            if rng.random() < 0.75:
                files.append(_attachment(pk, Attachment.Sort.SIGN_IN, "签到表.pdf", PDF, author))
            if rng.random() < 0.5:
                files.append(_attachment(pk, Attachment.Sort.MINUTES, "会议记录.docx", DOCX, author))
        Attachment.objects.bulk_create(files, batch_size=5000)
        have = Photo.objects.filter(record__unit__in=OrgUnit.objects.get(pk=town.pk).subtree_ids)
        with_photo = set(have.values_list("record_id", flat=True))
        bare = [pk for pk, *_rest in rows if pk not in with_photo]
        wanted = max(0, photos - have.count())
        Photo.objects.bulk_create(
            (
                Photo(
                    record_id=pk,
                    image="bench/photo.jpg",
                    thumbnail="bench/photo-thumb.jpg",
                    uploaded_by=author,
                )
                for pk in rng.sample(bare, min(wanted, len(bare)))
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{town.name}: {len(moves):,} activities moved to {STATIONS} stations, {len(returned):,} returned, "
        f"{len(central):,} 中心组 sessions ({len(dropped):,} dropped), {len(files):,} attachments, "
        f"photos to {photos:,}, in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def _attachment(record: int, sort: str, name: str, content_type: str, by):
    from records.models import Attachment

    return Attachment(
        record_id=record,
        sort=sort,
        file=f"bench/{name}",
        original_name=name,
        size=1024,
        content_type=content_type,
        uploaded_by=by,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
