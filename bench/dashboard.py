"""Page timings at a small and a large town, run by run in turn, and the dashboard beside its own SQL.

    python bench/generate.py --town 千条镇 --records 1000
    python bench/generate.py --town 基准镇 --records 100000
    python bench/dashboard.py --town 千条镇 --town 基准镇 --runs 15

Both towns share the tables (a small town pays for its own rows only, or it does not).
Each run renders every page at every town in turn, so a drift of the machine's speed
falls on all alike, and right after each dashboard render it runs the very SELECTs that
render issued, straight on the database cursor: the ratio of the two is taken run by
run and its median given. Pages: the leader's dashboard, a filtered list, a searched list
(a trigram-narrowable search), the media form (its 报道的活动 was a select of every
activity), the secretary's draft editor (compiled first if missing). Medians in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from setup import ROOT, django_setup

YEAR = time.localtime().tm_year - 1
PAGES = {
    "dashboard": ("leader", f"/dashboard/?year={YEAR}"),
    "filtered list": ("leader", f"/records/?year={YEAR}&kind=event&status=approved&sort=title"),
    "searched list": ("leader", "/records/?q=记录 1234"),
    "media form": ("author", "/records/kind/media/new/"),
    "draft editor": ("secretary", None),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--town", action="append", required=True)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    towns = [Town(name) for name in args.town]
    for town in towns:  # warm caches, connections and the chips' values
        town.run()
    for _ in range(args.runs):
        for town in towns:
            town.run()
    print(f"database: {connection.vendor}; median of {args.runs} runs, towns and pages in turn")
    print()
    print("| page | " + " | ".join(f"{town.name} ({town.records:,}) ms" for town in towns) + " | ratio |")
    print("|---|" + "---:|" * (len(towns) + 1))
    for page in PAGES:
        medians = [statistics.median(town.times[page]) for town in towns]
        cells = " | ".join(f"{median:.1f}" for median in medians)
        print(f"| {page} | {cells} | {medians[-1] / medians[0]:.2f} |")
    print()
    print("| town | records | dashboard queries | render (ms) | its SQL alone (ms) | render / SQL (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for town in towns:
        ratios = [render / sql for render, sql in zip(town.times["dashboard"], town.sql, strict=True)]
        print(
            f"| {town.name} | {town.records:,} | {len(town.queries)} | "
            f"{statistics.median(town.times['dashboard']):.1f} | {statistics.median(town.sql):.1f} | "
            f"{statistics.median(ratios):.2f} |"
        )


class Town:
    def __init__(self, name: str) -> None:
        from django.contrib.auth.models import Group
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from portal.models import OrgUnit, User
        from records.models import Record
        from reports.services import draft_compile

        self.name = name
        town = OrgUnit.objects.get(name=name, kind=OrgUnit.Kind.TOWN)
        self.records = Record.objects.filter(unit__path__startswith=town.path).count()
        secretary, _created = User.objects.get_or_create(
            username=f"bench{town.pk}-secretary", defaults={"name": "基准秘书", "unit": town}
        )
        secretary.groups.set([Group.objects.get(name="secretary")])
        draft = draft_compile(town=town, year=YEAR, by=secretary)
        self.clients = {}
        for role in ("leader", "author", "secretary"):
            self.clients[role] = Client()
            self.clients[role].force_login(User.objects.get(username=f"bench{town.pk}-{role}"))
        self.urls = {page: url or f"/reports/drafts/{draft.pk}/" for page, (_role, url) in PAGES.items()}
        self.times: dict[str, list[float]] = {page: [] for page in PAGES}
        self.sql: list[float] = []
        with CaptureQueriesContext(connection) as captured:
            self._get("dashboard")
        self.queries = [
            query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")
        ]

    def _get(self, page: str) -> float:
        role = PAGES[page][0]
        started = time.perf_counter()
        response = self.clients[role].get(self.urls[page])
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (page, response.status_code)
        return elapsed

    def run(self) -> None:
        from django.db import connection

        for page in PAGES:
            self.times[page].append(self._get(page))
            if page == "dashboard":
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    for sql in self.queries:
                        cursor.execute(sql)
                        cursor.fetchall()
                self.sql.append((time.perf_counter() - started) * 1000)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
