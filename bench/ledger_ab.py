"""The ledger import's write, an older checkout's code against this one's, in one process.

    git worktree add /tmp/before 45e0e07
    python bench/ledger.py --rows 100000 --runs 1 --skip-create     # writes the workbook once
    python bench/ledger_ab.py --before /tmp/before --pairs 3

Reads bench/ledger.py's workbook once (the plan is the same for both), then imports it
with the older checkout's ledger/importing.py and media_outreach/credits.py and with
this one's, in turn: after each import the rows are deleted with plain SQL and the
tables VACUUMed, so both sides write into tables in the same state. Only the two
modules come from the older checkout; the rest is this one's.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import statistics
import sys
import time
from pathlib import Path

from setup import ROOT, django_setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, type=Path, help="a checkout of the older commit")
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    from ledger import importing
    from ledger.services import ledger_read
    from media_outreach import credits
    from media_outreach.models import Credit
    from portal.models import OrgUnit, User, in_subtree
    from records.kinds import KINDS
    from records.models import Record

    bench = _module("ledger_bench", ROOT / "bench" / "ledger.py")
    before = {
        "importing": _module("before_importing", args.before / "ledger" / "importing.py"),
        "credits": _module("before_credits", args.before / "media_outreach" / "credits.py"),
    }
    after = {"importing": importing, "credits": credits}
    town = OrgUnit.objects.get(name=bench.TOWN, kind=OrgUnit.Kind.TOWN)
    reviewer = User.objects.get(username=f"ledger{town.pk}-reviewer")
    bench.town_reset(town)
    stream = io.BytesIO((bench.WORK / "ours.xlsx").read_bytes())
    stream.name = "bench.xlsx"
    plan = ledger_read(stream, town=town)
    media = KINDS["media"]
    tables = [Record._meta.db_table, *(kind.model._meta.db_table for kind in KINDS.values())]

    def wipe() -> None:
        ids = list(Record.objects.filter(in_subtree(town)).values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Credit._meta.db_table} WHERE placement_id = ANY(%s)", [ids])
            for kind in KINDS.values():
                cursor.execute(
                    f"DELETE FROM {kind.model._meta.db_table} WHERE record_ptr_id = ANY(%s)", [ids]
                )
            cursor.execute(f"DELETE FROM {Record._meta.db_table} WHERE id = ANY(%s)", [ids])
            for table in [*tables, Credit._meta.db_table]:
                cursor.execute(f"VACUUM ANALYZE {table}")

    def run(code: dict) -> float:
        object.__setattr__(media, "written", code["credits"].credits_write)  # the kind's hook
        started = time.perf_counter()
        code["importing"].ledger_import(plan, by=reviewer)
        seconds = time.perf_counter() - started
        wipe()
        return seconds

    run(after)  # once first: the outlets the rows introduce are made, for both sides alike
    times: dict[str, list[float]] = {"before": [], "after": []}
    for pair in range(1, args.pairs + 1):
        for side, code in (("before", before), ("after", after)):
            times[side].append(run(code))
        print(
            f"| {pair} | {times['before'][-1]:.2f} | {times['after'][-1]:.2f} | "
            f"{times['after'][-1] / times['before'][-1]:.2f} |",
            flush=True,
        )
    object.__setattr__(media, "written", credits.credits_write)
    ratios = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
    print(
        f"before {statistics.median(times['before']):.2f} s, after {statistics.median(times['after']):.2f} s "
        f"(medians); after / before, median of pairs: {statistics.median(ratios):.2f}"
    )
    bench.town_reset(town)


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
