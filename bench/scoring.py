"""Media scoring at a year of 100,000 placements for 20 units, beside its own aggregate SQL.

    python bench/scoring.py --placements 100000 --runs 7

Builds the town 考核镇 once (bench/generate.py --only media, this year): 100,000
approved placements over 20 units and the town's outlets, each with a byline of one to
three of 60 correspondents (credits written as the form and the import write them), 3 %
linked as copies of another placement of the same unit, 0.5 % found untrue and 0.02 %
negative. Then, run by run in turn:

- `year scoring`: `year_scores`, the two GROUP BY aggregates (units by month,
  correspondents by month) over the ranked placements, with the rules and units read;
- `its own SQL`: the very two statements on the cursor, rows fetched, nothing else;
- `a month's standing`: `month_standing` of the busiest month, pieces listed;
- `a 通报 .docx`: `bulletin_docx` of that month's 通报 (issued once, removed at the end).

Prints medians and the ratio of year scoring to its SQL (goal ≤ 2 s and ≤ 1.5×, a
通报 ≤ 1 s), and the queries of a month's standing here and at a town of 1,000
placements (the same: the count does not grow with the placements).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from argparse import Namespace

from setup import django_setup

TOWN, SMALL = "考核镇", "考核小镇"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build the towns again")
    args = parser.parse_args()
    from generate import ensure_database

    ensure_database()
    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from media_outreach.models import MediaPlacement
    from portal.models import OrgUnit, User, in_subtree
    from scoring.documents import bulletin_docx
    from scoring.models import Bulletin
    from scoring.scores import (
        _person_sql,
        _unit_sql,
        month_standing,
        placements_scored,
        rules_versions,
        year_scores,
    )
    from scoring.services import bulletin_issue

    call_command("migrate", verbosity=0)
    for name, count in ((TOWN, args.placements), (SMALL, 1000)):
        town = OrgUnit.objects.filter(name=name, kind=OrgUnit.Kind.TOWN).first()
        have = MediaPlacement.objects.filter(in_subtree(town)).count() if town else 0
        if args.rebuild or have != count:
            town_build(name, count)
    town = OrgUnit.objects.get(name=TOWN, kind=OrgUnit.Kind.TOWN)
    year = timezone.localdate().year
    month = busiest_month(town, year)
    print(
        f"database: {connection.vendor}; {TOWN}: {MediaPlacement.objects.filter(in_subtree(town)).count():,} "
        f"placements in {year}, busiest month {month}"
    )

    def own_sql() -> None:
        versions = rules_versions(town)
        sql, params = placements_scored(town, year, versions).query.sql_with_params()
        with connection.cursor() as cursor:
            for statement in (_unit_sql(sql), _person_sql(sql)):
                cursor.execute(statement, params)
                cursor.fetchall()

    secretary = User.objects.get(username=f"bench{town.pk}-secretary")

    # The 通报 is issued once (and removed at the end), then built as its download builds
    # it, from what was frozen: issuing and building in one transaction rolled back had the
    # planner read the just-written rows of a table it believed empty.
    Bulletin.objects.filter(town=town, year=year, month=month).delete()
    bulletin = bulletin_issue(town=town, year=year, month=month, by=secretary)

    def docx() -> float:
        started = time.perf_counter()
        bulletin_docx(Bulletin.objects.select_related("rules", "town").get(pk=bulletin.pk))
        return time.perf_counter() - started

    timings: dict[str, list[float]] = {
        "year scoring": [],
        "its own SQL": [],
        "a month's standing": [],
        "a 通报 .docx": [],
    }
    for _ in range(args.runs):
        for label, action in (
            ("year scoring", lambda: year_scores(OrgUnit.objects.get(pk=town.pk), year)),
            ("its own SQL", own_sql),
            ("a month's standing", lambda: month_standing(OrgUnit.objects.get(pk=town.pk), year, month)),
        ):
            started = time.perf_counter()
            action()
            timings[label].append(time.perf_counter() - started)
        timings["a 通报 .docx"].append(docx())
    bulletin.delete()
    queries = {}
    for name in (TOWN, SMALL):
        place = OrgUnit.objects.get(name=name, kind=OrgUnit.Kind.TOWN)
        with CaptureQueriesContext(connection) as captured:
            month_standing(place, year, busiest_month(place, year))
        queries[name] = len(captured)

    print("\n| what | runs | median (ms) | min–max (ms) |\n|---|---:|---:|---:|")
    for label, values in timings.items():
        ms = [value * 1000 for value in values]
        print(f"| {label} | {len(ms)} | {statistics.median(ms):.0f} | {min(ms):.0f}–{max(ms):.0f} |")
    ratios = [a / b for a, b in zip(timings["year scoring"], timings["its own SQL"], strict=True)]
    print(f"\nyear scoring / its own SQL, run by run: median {statistics.median(ratios):.2f}x")
    print(f"queries of a month's standing: {queries[TOWN]} ({TOWN}), {queries[SMALL]} ({SMALL}, 1,000)")


def busiest_month(town, year: int) -> int:
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    from media_outreach.models import MediaPlacement
    from portal.models import in_subtree

    today_month = time.localtime().tm_mon
    months = (
        MediaPlacement.objects.filter(in_subtree(town), date__year=year)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    ended = [row["m"] for row in months if row["m"] < today_month]
    return int(ended[0]) if ended else 1


def town_build(name: str, count: int) -> None:
    """A town of `count` placements this year, bylines, copies and verdicts as described above."""
    from django.db import connection, transaction
    from generate import generate

    from media_outreach.credits import credits_write
    from media_outreach.models import MediaPlacement
    from portal.models import OrgUnit, in_subtree

    started = time.perf_counter()
    generate(Namespace(town=name, records=count, years=1, units=20, seed=5, only="media"))
    town = OrgUnit.objects.get(name=name, kind=OrgUnit.Kind.TOWN)
    rng = random.Random(9)
    people = [f"通讯员{number:02d}" for number in range(60)]
    rows = list(MediaPlacement.objects.filter(in_subtree(town)).values_list("pk", "unit_id"))
    by_unit: dict[int, list[int]] = {}
    for pk, unit in rows:
        by_unit.setdefault(unit, []).append(pk)
    updates = []
    for pk, unit in rows:
        byline = "、".join(rng.sample(people, rng.choice([1, 1, 2, 2, 3])))
        roll = rng.random()
        verdict = "untrue" if roll < 0.005 else "negative" if roll < 0.0052 else ""
        original = rng.choice(by_unit[unit]) if rng.random() < 0.03 else None
        updates.append((byline, verdict, original if original != pk else None, pk))
    table = MediaPlacement._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET authors = %s, verdict = %s, original_id = %s WHERE record_ptr_id = %s",
            updates,
        )
        # A copy of a copy points at its first placement, as pieces_link leaves it.
        cursor.execute(
            f"UPDATE {table} AS copy SET original_id = first.original_id FROM {table} AS first"
            " WHERE copy.original_id = first.record_ptr_id AND first.original_id IS NOT NULL"
        )
        cursor.execute(f"UPDATE {table} SET original_id = NULL WHERE original_id = record_ptr_id")
        credits_write([pk for pk, _unit in rows])
        cursor.execute("ANALYZE")
    print(f"{name}: {count:,} placements built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
