"""The same rows through three .xlsx writers, each run in a fresh process, in turn run by run.

    python bench/xlsx.py --rows 100000 --runs 3

Rows shaped like a ledger export's (a number, a date, eight short texts in Chinese, two
numbers, a label, a count: 14 cells), written to a file by openpyxl's write-only mode
(what the export used before issue 17), XlsxWriter's constant-memory mode (the issue's
suggestion) and portal.xlsx (what the export uses now). No database: this is the
writing alone. Prints the median time, its min–max and the peak RSS of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from setup import peak_rss_mib  # noqa: E402

WRITERS = ("openpyxl", "xlsxwriter", "portal.xlsx")


def rows(count: int):
    for number in range(1, count + 1):
        yield [
            number,
            date(2025, 1 + number % 12, 1 + number % 28),
            f"石桥村开展理论宣讲活动第{number}场",
            "镇会议室",
            "石桥村",
            "理论武装",
            "围绕全会精神开展宣讲，群众反响热烈。",
            "是" if number % 5 == 0 else "否",
            "王书记",
            "中心组学习",
            number % 300,
            "已通过",
            "李明",
            number % 4,
        ]


def write(writer: str, count: int, path: Path) -> None:
    with path.open("wb") as stream:
        if writer == "openpyxl":
            from openpyxl import Workbook

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("理论学习")
            for row in rows(count):
                sheet.append(row)
            workbook.save(stream)
        elif writer == "xlsxwriter":
            import xlsxwriter

            workbook = xlsxwriter.Workbook(stream, {"constant_memory": True})
            sheet = workbook.add_worksheet("理论学习")
            day = workbook.add_format({"num_format": "yyyy-mm-dd"})
            for number, row in enumerate(rows(count)):
                for column, value in enumerate(row):
                    if isinstance(value, str):
                        sheet.write_string(number, column, value)
                    elif isinstance(value, date):
                        sheet.write_datetime(number, column, value, day)
                    else:
                        sheet.write_number(number, column, value)
            workbook.close()
        else:
            sys.path.insert(0, str(ROOT))
            from portal.xlsx import XlsxStream

            with XlsxStream(stream) as workbook:
                sheet = workbook.sheet("理论学习")
                for row in rows(count):
                    sheet.row(row)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure", choices=WRITERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / "bench-xlsx.xlsx"
    if args.measure:
        started = time.perf_counter()
        write(args.measure, args.rows, path)
        seconds = time.perf_counter() - started
        rss = peak_rss_mib()
        print(json.dumps({"seconds": seconds, "rss": rss, "size": path.stat().st_size}))
        return
    results: dict[str, list[dict]] = {writer: [] for writer in WRITERS}
    for _ in range(args.runs):
        for writer in WRITERS:
            command = [sys.executable, __file__, "--measure", writer, "--rows", str(args.rows)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            results[writer].append(json.loads(output))
    print(f"{args.rows:,} rows of 14 cells, median of {args.runs} runs, writers in turn")
    print()
    print("| writer | time, median (s) | min–max (s) | peak RSS (MiB) | file (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for writer, runs in results.items():
        times = [run["seconds"] for run in runs]
        print(
            f"| {writer} | {statistics.median(times):.2f} | {min(times):.2f}–{max(times):.2f} | "
            f"{max(run['rss'] for run in runs):.0f} | {runs[0]['size'] / 2**20:.1f} |"
        )


if __name__ == "__main__":
    main()
