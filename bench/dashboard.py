"""Dashboard and list timings against the benchmark towns (run bench/generate.py first).

    python bench/dashboard.py --town 基准镇 --town 千条镇 --runs 15

For each town: the dashboard's render time through Django (median of N runs, signed
in as the town's leader), the time of the very SQL the dashboard issues, run
directly on the database cursor, their ratio, the dashboard's query count, and the
time of a filtered records list page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from setup import ROOT, django_setup


def median_ms(fn, runs: int) -> float:
    fn()  # warm caches and connections
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--town", action="append", required=True)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    print(f"database: {connection.vendor}; median of {args.runs} runs")
    columns = ["town", "records", "queries", "dashboard render (ms)", "its SQL alone (ms)", "ratio"]
    print("| " + " | ".join([*columns, "filtered list (ms)"]) + " |")
    print("|" + "---|" * 7)
    for name in args.town:
        print(measure(name, args.runs))


def measure(name: str, runs: int) -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import OrgUnit, User
    from records.models import Record

    town = OrgUnit.objects.get(name=name, kind=OrgUnit.Kind.TOWN)
    client = Client()
    client.force_login(User.objects.get(username=f"bench{town.pk}-leader"))
    records = Record.objects.filter(unit__path__startswith=town.path).count()

    def render() -> None:
        response = client.get("/dashboard/")
        assert response.status_code == 200, response.status_code

    with CaptureQueriesContext(connection) as captured:
        render()
    queries = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")]

    def sql_only() -> None:
        with connection.cursor() as cursor:
            for sql in queries:
                cursor.execute(sql)
                cursor.fetchall()

    list_url = f"/records/?year={time.localtime().tm_year - 1}&kind=event&status=approved&q=记录&sort=title"

    def listing() -> None:
        assert client.get(list_url).status_code == 200

    render_ms, sql_ms, list_ms = (median_ms(fn, runs) for fn in (render, sql_only, listing))
    return (
        f"| {name} | {records:,} | {len(queries)} | {render_ms:.1f} | {sql_ms:.1f} | "
        f"{render_ms / sql_ms:.2f} | {list_ms:.1f} |"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
