"""Ledger import and export timings, with django-import-export on the same rows for comparison.

    pip install --no-deps --target /tmp/iex django-import-export==4.4.3 tablib diff-match-patch
    python bench/ledger.py --rows 10000 --iex /tmp/iex --export-town 基准镇

1. Generates a workbook of N mixed rows (a quarter of each kind, some naming outlets
   not yet in the list) in the DESIGN §6 layout for a fresh town 导入镇, then times
   `ledger_read` + `ledger_import` on it: time, rows per second, and peak memory
   (Python allocations, tracemalloc, in a second run since tracing slows the first).
2. Imports the same rows with django-import-export: a plain ModelResource per kind
   model, fed a workbook of the same rows in the shape a ModelResource reads (field
   names as headers, codes and foreign-key ids as values, the new outlets created
   beforehand), loaded with tablib. The per-record audit log is off for it, as the
   ledger import writes none either. django-import-export is not a requirement of the
   project: it is loaded from --iex only, and that part is skipped without it.
3. For reference, the same rows through `Model.objects.create` one by one, the
   straightforward import the ledger's batched INSERTs replace.
4. Exports every approved record of --export-town (bench/generate.py makes 基准镇
   with 100,000) with `ledger_export`: time and peak memory.

Runs against DATABASE_URL (default: PostgreSQL database portal_bench) and prints a
markdown table.
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import re
import resource
import statistics
import sys
import time
import tracemalloc
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from generate import ensure_database
from setup import ROOT, django_setup

TOWN = "导入镇"
UNITS = 20
NEW_OUTLETS = [(f"新媒体{i:02d}", "city", "new_media") for i in range(10)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--iex", default="/tmp/iex", help="where django-import-export is installed")
    parser.add_argument("--export-town", default="基准镇")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3, help="runs of the ledger import (median)")
    parser.add_argument("--skip-create", action="store_true", help="skip the objects.create reference run")
    args = parser.parse_args()
    ensure_database()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    town, reviewer = town_prepare()
    rows = rows_generate(town, args.rows, random.Random(args.seed))
    inline = ledger_workbook(rows)
    workbook = shared_strings(inline)
    print(f"database: {connection.vendor}; {len(rows):,} rows, workbook {len(workbook) / 2**20:.1f} MiB")
    table = []

    runs = args.runs
    timed = measure(lambda: ours(workbook, town, reviewer), reset=lambda: town_reset(town), runs=runs)
    table.append(("ledger_read + ledger_import", len(rows), *timed))
    read_only = measure(lambda: ours(workbook, town, reviewer, read_only=True), reset=lambda: None, runs=runs)
    table.append(("  of which ledger_read", len(rows), *read_only))
    read_inline = measure(lambda: ours(inline, town, reviewer, read_only=True), reset=lambda: None, runs=runs)
    table.append(("  ledger_read, inline strings (as openpyxl writes)", len(rows), *read_inline))

    iex = None
    if Path(args.iex).is_dir():
        sys.path.insert(0, args.iex)
        machine = shared_strings(iex_workbook(rows, town))
        iex = measure(lambda: theirs(machine), reset=lambda: town_reset(town, keep_new_outlets=True))
        import import_export

        name = f"django-import-export {import_export.__version__}, ModelResource per model"
        table.append((name, len(rows), *iex))
        town_reset(town)
    else:
        print(f"(django-import-export not found in {args.iex}: skipped)")
    if not args.skip_create:
        created = measure(
            lambda: one_by_one(rows, town, reviewer), reset=lambda: town_reset(town), memory=False
        )
        table.append(("objects.create per row (reference)", len(rows), *created))

    exported = export_measure(args.export_town)
    if exported:
        table.append(exported)

    print()
    print("| what | rows | time (s) | rows/s | peak memory (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for what, count, seconds, peak in table:
        memory = f"{peak:.1f}" if peak is not None else "—"
        print(f"| {what} | {count:,} | {seconds:.2f} | {count / seconds:,.0f} | {memory} |")
    if iex:
        print(f"\ndjango-import-export / ledger import: {iex[0] / timed[0]:.1f}× the time")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS over the whole run: {maxrss:.0f} MiB")


def measure(run, *, reset, runs: int = 1, memory: bool = True) -> tuple[float, float | None]:
    """(median seconds of untraced runs, peak MiB of Python allocations in a traced run after them)."""
    samples = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
        reset()
    seconds = statistics.median(samples)
    if not memory:
        return seconds, None
    gc.collect()
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    reset()
    return seconds, peak


# The town and its rows ----------------------------------------------------------------


def town_prepare():
    """A fresh town 导入镇 with units, the default themes, a reviewer and a list of outlets."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from media_outreach.models import MediaOutlet
    from portal.models import OrgUnit, User
    from portal.services import unit_create
    from records.models import WorkTheme
    from records.services import themes_ensure_defaults

    with transaction.atomic():
        old = OrgUnit.objects.filter(name=TOWN, kind=OrgUnit.Kind.TOWN).first()
        if old is not None:
            town_reset(old)
            MediaOutlet.objects.filter(town=old).delete()
            User.objects.filter(unit__path__startswith=old.path).delete()
            WorkTheme.objects.filter(town=old).delete()
            OrgUnit.objects.filter(path__startswith=old.path).delete()
        town = OrgUnit.objects.add_root(create_kwargs={"name": TOWN, "kind": OrgUnit.Kind.TOWN})
        themes_ensure_defaults(town=town)
        for i in range(UNITS):
            kind = [OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY, OrgUnit.Kind.DEPARTMENT][i % 3]
            town.refresh_from_db()
            unit_create(parent=town, name=f"{TOWN}第{i + 1:02d}单位", kind=kind)
        reviewer = User.objects.create_user(
            f"ledger{town.pk}-reviewer", password="Bench@2026x", name="导入审核", unit=town
        )
        reviewer.groups.set([Group.objects.get(name="reviewer")])
        for level in MediaOutlet.Level.values:
            for channel in MediaOutlet.Channel.values:
                MediaOutlet.objects.create(
                    town=town, name=f"{TOWN}{level}{channel}", level=level, channel=channel
                )
    return OrgUnit.objects.get(pk=town.pk), reviewer


def town_reset(town, *, keep_new_outlets: bool = False) -> None:
    """Remove what an import made: the town's records and the outlets the rows introduced."""
    from auditlog.context import disable_auditlog

    from media_outreach.models import MediaOutlet
    from portal.models import in_subtree
    from records.models import Record

    with disable_auditlog():
        Record.objects.filter(in_subtree(town)).delete()
        if not keep_new_outlets:
            MediaOutlet.objects.filter(town=town, name__in=[name for name, _l, _c in NEW_OUTLETS]).delete()


def rows_generate(town, count: int, rng: random.Random) -> list[dict]:
    """`count` rows, a quarter of each kind, as field values (codes, names)."""
    from activities.models import PublicityEvent, StudySession, VolunteerActivity
    from media_outreach.models import MediaOutlet, MediaPlacement
    from portal.models import OrgUnit

    units = list(OrgUnit.objects.filter(path__startswith=town.path).values_list("name", flat=True))
    outlets = list(MediaOutlet.objects.filter(town=town).values_list("name", "level", "channel"))
    outlets += NEW_OUTLETS
    first, span = date(date.today().year - 3, 1, 1), 3 * 365
    kinds = ["study", "event", "volunteer", "media"]
    rows = []
    for i in range(count):
        kind = kinds[i % 4]
        row = {
            "kind": kind,
            "date": first + timedelta(days=rng.randrange(span)),
            "title": f"{kind}导入基准{i}",
            "unit": rng.choice(units),
            "summary": "导入基准数据" * rng.randrange(1, 5),
            "is_highlight": rng.random() < 0.05,
        }
        if kind == "study":
            row |= {
                "study_type": rng.choice(StudySession.Type.values),
                "speaker": rng.choice(["王书记", "李镇长", ""]),
                "place": "镇会议室",
                "format": rng.choice(StudySession.Format.values),
                "participants": rng.randrange(5, 80),
            }
        elif kind == "event":
            row |= {
                "event_type": rng.choice(PublicityEvent.Type.values),
                "place": "文化广场",
                "participants": rng.randrange(20, 2000),
            }
        elif kind == "volunteer":
            volunteers = rng.randrange(3, 60)
            row |= {
                "service_type": rng.choice(VolunteerActivity.Type.values),
                "team": "新时代文明实践志愿服务队",
                "volunteers": volunteers,
                "service_hours": Decimal(volunteers * rng.randrange(1, 5)),
                "beneficiaries": rng.randrange(0, 500),
                "place": "村委会",
            }
        else:
            name, level, channel = rng.choice(outlets)
            row |= {
                "outlet": name,
                "level": level,
                "channel": channel,
                "piece_type": rng.choice(MediaPlacement.PieceType.values),
                "url": f"https://example.cn/news/{i}.html",
                "authors": "通讯员 张三",
            }
        rows.append(row)
    return rows


def ledger_workbook(rows: list[dict]) -> bytes:
    """The rows as an office's workbook: the DESIGN §6 sheets, Chinese labels, real dates."""
    from openpyxl import Workbook

    from ledger.cells import sheets, written

    names = {"outlet_name": "outlet", "outlet_level": "level", "outlet_channel": "channel"}
    workbook = Workbook(write_only=True)
    for kind, sheet in sheets().items():
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([column.header for column in sheet.columns])
        for row in rows:
            if row["kind"] == kind:
                worksheet.append(
                    [
                        written(column, row.get(names.get(column.target, column.target)))
                        for column in sheet.columns
                    ]
                )
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def shared_strings(workbook: bytes) -> bytes:
    """The workbook as Excel and WPS save it: text in a shared-strings table.

    openpyxl writes every string inline in its cell, which openpyxl then reads about
    half as fast; the offices' workbooks come from Excel or WPS, so the import is
    timed on their form. The cells' values are unchanged.
    """
    table: dict[bytes, int] = {}
    inline = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', re.S)

    def shared(match: re.Match) -> bytes:
        number = table.setdefault(match.group(3), len(table))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), number)

    main = b"http://schemas.openxmlformats.org"
    source, output = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = inline.sub(shared, body)
            elif item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdStrings" Type="%s/officeDocument/2006/relationships/'
                    b'sharedStrings" Target="sharedStrings.xml"/></Relationships>' % main,
                )
            target.writestr(item, body)
        items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in table)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s/spreadsheetml/2006/main" count="%d" '
            b'uniqueCount="%d">%s</sst>' % (main, len(table), len(table), items),
        )
    return output.getvalue()


# The runs -----------------------------------------------------------------------------


def ours(workbook: bytes, town, reviewer, *, read_only: bool = False) -> None:
    from ledger.services import ledger_import, ledger_read

    stream = io.BytesIO(workbook)
    stream.name = "bench.xlsx"
    plan = ledger_read(stream, town=town)
    assert not plan.errors, plan.errors[:5]
    assert len(plan.records) == plan.rows, (len(plan.records), plan.rows)
    if not read_only:
        ledger_import(plan, by=reviewer)


IEX_FIELDS = {
    "study": ["study_type", "speaker", "format"],
    "event": ["event_type"],
    "volunteer": ["service_type", "team", "volunteers", "service_hours", "beneficiaries"],
    "media": ["outlet", "piece_type", "url", "authors"],
}


def iex_workbook(rows: list[dict], town) -> bytes:
    """The same rows as a ModelResource reads them: field names, codes and ids; new outlets made first."""
    from django.utils import timezone
    from openpyxl import Workbook

    from media_outreach.models import MediaOutlet
    from portal.models import OrgUnit, User
    from records.models import Record
    from records.services import default_theme

    for name, level, channel in NEW_OUTLETS:
        MediaOutlet.objects.get_or_create(town=town, name=name, defaults={"level": level, "channel": channel})
    units = dict(OrgUnit.objects.filter(path__startswith=town.path).values_list("name", "pk"))
    outlets = dict(MediaOutlet.objects.filter(town=town).values_list("name", "pk"))
    reviewer = User.objects.get(username=f"ledger{town.pk}-reviewer")
    now = timezone.now().replace(tzinfo=None)
    base = ["id", "title", "date", "place", "unit", "theme", "summary", "participants", "is_highlight"]
    base += ["status", "author", "reviewed_by", "reviewed_at", "submitted_at"]
    workbook = Workbook(write_only=True)
    for kind, own in IEX_FIELDS.items():
        theme = default_theme(town=town, kind=kind).pk
        worksheet = workbook.create_sheet(kind)
        worksheet.append(base + own)
        for row in rows:
            if row["kind"] != kind:
                continue
            values = [None, row["title"], row["date"], row.get("place", ""), units[row["unit"]], theme]
            values += [row["summary"], row.get("participants"), row["is_highlight"], Record.Status.APPROVED]
            values += [reviewer.pk, reviewer.pk, now, now]
            values += [outlets[row["outlet"]] if name == "outlet" else row[name] for name in own]
            worksheet.append(values)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def theirs(workbook: bytes) -> None:
    import tablib
    from auditlog.context import disable_auditlog
    from import_export.resources import ModelResource

    from records.kinds import KINDS

    def resource_for(model):
        meta = type("Meta", (), {"model": model})
        return type(f"{model.__name__}Resource", (ModelResource,), {"Meta": meta})()

    book = tablib.Databook()
    book.load(workbook, format="xlsx")
    with disable_auditlog():
        for dataset in book.sheets():
            result = resource_for(KINDS[dataset.title].model).import_data(
                dataset, dry_run=False, raise_errors=True, use_transactions=True
            )
            assert not result.has_errors()


def one_by_one(rows: list[dict], town, reviewer) -> None:
    from auditlog.context import disable_auditlog
    from django.db import transaction
    from django.utils import timezone

    from media_outreach.models import MediaOutlet
    from portal.models import OrgUnit
    from records.kinds import KINDS
    from records.models import Record
    from records.services import default_theme

    units = dict(OrgUnit.objects.filter(path__startswith=town.path).values_list("name", "pk"))
    for name, level, channel in NEW_OUTLETS:
        MediaOutlet.objects.get_or_create(town=town, name=name, defaults={"level": level, "channel": channel})
    outlets = dict(MediaOutlet.objects.filter(town=town).values_list("name", "pk"))
    themes = {kind: default_theme(town=town, kind=kind).pk for kind in KINDS}
    now = timezone.now()
    skip = {"kind", "unit", "outlet", "level", "channel"}
    with transaction.atomic(), disable_auditlog():
        for row in rows:
            fields = {name: value for name, value in row.items() if name not in skip}
            if row["kind"] == "media":
                fields["outlet_id"] = outlets[row["outlet"]]
            KINDS[row["kind"]].model.objects.create(
                unit_id=units[row["unit"]],
                theme_id=themes[row["kind"]],
                status=Record.Status.APPROVED,
                author=reviewer,
                reviewed_by=reviewer,
                reviewed_at=now,
                submitted_at=now,
                **fields,
            )


def export_measure(name: str):
    from ledger.services import ledger_export
    from portal.models import OrgUnit, in_subtree
    from records.models import Record

    town = OrgUnit.objects.filter(name=name, kind=OrgUnit.Kind.TOWN).first()
    if town is None:
        print(f"(no town {name}: export skipped; bench/generate.py --town {name} makes one)")
        return None
    records = Record.objects.filter(in_subtree(town), status=Record.Status.APPROVED)
    count = records.count()
    path = Path("/tmp/ledger-bench-export.xlsx")

    def run() -> None:
        with path.open("wb") as stream:
            ledger_export(records, stream)

    seconds, peak = measure(run, reset=lambda: None)
    print(f"export of {name}: {count:,} records, {path.stat().st_size / 2**20:.1f} MiB at {path}")
    return (f"ledger_export ({name})", count, seconds, peak)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
