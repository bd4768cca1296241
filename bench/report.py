"""Annual report build time and peak memory for a benchmark town's year.

    python bench/report.py --town 基准镇 --year 2025 --runs 5

基准镇 (bench/generate.py --records 100000) holds about 20,000 records a year. The
draft is compiled N times (the writer's prose, from every approved record of the
year), then the document is built N times: the figures (figures/metrics.py) and the
.docx writing, as the Celery task does. Peak memory is Python's own allocation during one build (tracemalloc).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc

from setup import ROOT, django_setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--town", default="基准镇")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from portal.gongwen import report_docx
    from portal.models import OrgUnit
    from records.models import Record
    from reports.models import ReportDraft
    from reports.services import draft_compile, report_content

    town = OrgUnit.objects.get(name=args.town, kind=OrgUnit.Kind.TOWN)
    records = Record.objects.filter(unit__path__startswith=town.path, date__year=args.year).count()
    compiles = []
    for _ in range(args.runs):  # each compile starts afresh, as the secretary's first one does
        ReportDraft.objects.filter(town=town, year=args.year).delete()
        started = time.perf_counter()
        draft = draft_compile(town=town, year=args.year, by=None)
        compiles.append((time.perf_counter() - started) * 1000)
    compile_ms = statistics.median(compiles)

    def build() -> int:
        content, _figures = report_content(draft)
        return len(report_docx(content))

    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        size = build()
        samples.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    build()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    columns = ["town", "year", "records that year", "compile draft, median (ms)", "build, median (ms)"]
    print("| " + " | ".join([*columns, "peak memory (MiB)", ".docx (KiB)"]) + " |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.town} | {args.year} | {records:,} | {compile_ms:.0f} | {statistics.median(samples):.0f} | "
        f"{peak / 2**20:.1f} | {size / 1024:.0f} |"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
