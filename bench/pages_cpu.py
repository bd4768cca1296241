"""The CPU of the load mix's pages in the Django process, two checkouts in turn.

    python bench/load.py --users 12 --capacity 12 --duration 10     # seeds 负载镇 once
    git worktree add /tmp/before 45e0e07
    REDIS_URL=redis://127.0.0.1:6379/6 python bench/pages_cpu.py --before /tmp/before --pairs 2

Each side runs in a fresh process from its own checkout (its code, settings and
templates), signed in through Django's test client as bench/load.py's reporter, reviewer
and leader of 负载镇: a liaison's home, one of their records, a kind's list and entry form,
the dashboard and the review queue, each warmed up, then timed with
`time.process_time` (this process only: PostgreSQL's CPU is not in it) over --requests
requests; the median is printed beside the page's queries. Sides alternate, pair by
pair, so the machine's drift falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PAGES = ["home", "record", "list", "form", "dashboard", "review"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the older commit")
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.requests)))
        return
    here = Path(__file__).resolve().parents[1]
    results: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(args.pairs):
        for side, root in (("before", args.before.resolve()), ("after", here)):
            command = [sys.executable, __file__, "--before", str(args.before), "--measure", str(root)]
            command += ["--requests", str(args.requests)]
            done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
            if done.returncode:
                sys.exit(f"{side} failed:\n{done.stderr[-3000:]}")
            results[side].append(json.loads(done.stdout.splitlines()[-1]))
    header = "".join(f" before {i} (ms) | after {i} (ms) |" for i in range(1, args.pairs + 1))
    print(f"| page |{header} queries before → after |")
    print("|---|" + "---:|" * (2 * args.pairs) + "---|")
    for page in PAGES:
        cells = "".join(
            f" {before[page]['ms']:.1f} | {after[page]['ms']:.1f} |"
            for before, after in zip(results["before"], results["after"], strict=True)
        )
        queries = f"{results['before'][0][page]['queries']} → {results['after'][0][page]['queries']}"
        print(f"| {page} |{cells} {queries} |")


def measure(root: Path, requests: int) -> dict:
    sys.path[:0] = [str(root), str(root / "bench")]
    os.chdir(root)
    from setup import django_setup

    django_setup()
    from django.db import connection
    from django.test import Client

    from portal.models import OrgUnit, User
    from records.models import Record

    town = OrgUnit.objects.get(name="负载镇", kind=OrgUnit.Kind.TOWN)
    people = {
        role: User.objects.filter(username__startswith=f"load{town.pk}-{role}").order_by("username").first()
        for role in ("reporter", "reviewer", "leader")
    }
    record = Record.objects.filter(unit=people["reporter"].unit, status="approved").order_by("pk").first()
    pages = {
        "home": ("reporter", "/"),
        "record": ("reporter", f"/records/{record.pk}/"),
        "list": ("reporter", "/records/kind/event/"),
        "form": ("reporter", "/records/kind/event/new/"),
        "dashboard": ("leader", "/dashboard/"),
        "review": ("reviewer", "/records/review/"),
    }
    clients = {}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)

    def hit(page: str) -> None:
        role, path = pages[page]
        response = clients[role].get(path, secure=True)
        assert response.status_code == 200, (page, response.status_code)

    result = {}
    for page in PAGES:
        for _ in range(3):
            hit(page)
        executed: list[str] = []

        def counted(run, sql, *rest, executed=executed):
            executed.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(counted):
            hit(page)
        times = []
        for _ in range(requests):
            started = time.process_time()
            hit(page)
            times.append((time.process_time() - started) * 1000)
        result[page] = {"ms": statistics.median(times), "queries": len(executed)}
    return result


if __name__ == "__main__":
    main()
