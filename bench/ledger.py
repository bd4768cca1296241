"""Ledger import and export, each run in a fresh process beside django-import-export on the same rows.

    pip install --no-deps --target /tmp/iex django-import-export==4.4.3 tablib diff-match-patch
    python bench/ledger.py --rows 10000 --iex /tmp/iex --runs 3
    python bench/ledger.py --rows 100000 --runs 3 --skip-create --copy-floor   # at scale

1. Generates N mixed rows (a quarter of each kind, some naming outlets not yet in the
   list) in the DESIGN §6 layout for a fresh town 导入镇, written as Excel and WPS save a
   workbook: text in a shared-strings table, each sheet with its <dimension>
   (XlsxWriter writes both).
2. Times, run by run in turn, each in a fresh process so its peak RSS is its own:
   - `ours`: `ledger_read` + `ledger_import`, every check the import makes (types,
     required cells, choices by label, units and themes by name, outlets planned from
     their columns, rows already present and repeated rows left out, all or nothing),
     until it has committed; the ANALYZE it hands a worker then runs after the clock
     (the bench has no worker), as it does after every other mode;
   - `read`: `ledger_read` alone;
   - `iex`: django-import-export with its maintainers' speed settings (docs, "Import
     speed"): `force_init_instance`, `skip_diff`, foreign keys through a widget that
     caches each id's row, one transaction, its audit logging off as ours writes none.
     It is fed what a ModelResource reads (field names, codes and ids, the new outlets
     made first) and checks what its widgets parse: types and that each id exists — not
     choices, required cells, names or duplicates;
   - `create` (unless --skip-create): `objects.create` per row, the straightforward way;
   - `export`: `ledger_export` of every approved record of --export-town (bench/generate.py
     makes 基准镇 with 100,000), into a file.
   With --copy-floor, the floor of writing the same rows: PostgreSQL's COPY of the rows
   `ours` wrote (records, their kinds' rows, the placements' credits) plus a plain
   read of the workbook by openpyxl and by calamine (ours reads with calamine where
   the workbook allows it, ledger.workbooks), each timed on its own; the COPY twice, into empty TEMP
   copies of the tables (no write-ahead log, no foreign keys) and into the tables
   themselves in one committed transaction (what any import into them pays).
3. Prints medians, min–max and peak RSS, and the ratio of django-import-export to ours.

django-import-export is loaded from --iex only and is not a requirement of the project.
Runs against DATABASE_URL (default: PostgreSQL database portal_bench).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from generate import ensure_database
from setup import ROOT, django_setup, peak_rss_mib

TOWN = "导入镇"
UNITS = 20
NEW_OUTLETS = [(f"新媒体{i:02d}", "city", "new_media") for i in range(10)]
WORK = Path(tempfile.gettempdir()) / "ledger-bench"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--iex", default="/tmp/iex", help="where django-import-export is installed")
    parser.add_argument("--export-town", default="基准镇")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3, help="runs of each (median)")
    parser.add_argument("--skip-create", action="store_true", help="skip the objects.create reference run")
    parser.add_argument("--copy-floor", action="store_true", help="time COPY + a plain openpyxl read too")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    ensure_database()
    django_setup()
    if args.measure:
        print(json.dumps(measure_one(args.measure, args)))
        return
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    town, _reviewer = town_prepare()
    rows = rows_generate(town, args.rows, random.Random(args.seed))
    WORK.mkdir(exist_ok=True)
    (WORK / "ours.xlsx").write_bytes(ledger_workbook(rows))
    modes = ["ours", "read"]
    if Path(args.iex).is_dir():
        sys.path.insert(0, args.iex)
        (WORK / "iex.xlsx").write_bytes(iex_workbook(rows, town))
        modes.append("iex")
    else:
        print(f"(django-import-export not found in {args.iex}: skipped)")
    if not args.skip_create:
        modes.append("create")
    modes.append("export")
    size = (WORK / "ours.xlsx").stat().st_size
    print(f"database: {connection.vendor}; {len(rows):,} rows, workbook {size / 2**20:.1f} MiB")
    results: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(args.runs):
        for mode in modes:
            town_reset(town)
            if mode == "iex":
                outlets_new_ensure(town)
            command = [sys.executable, __file__, "--measure", mode, "--rows", str(args.rows)]
            command += ["--iex", args.iex, "--export-town", args.export_town]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"{mode} failed:\n{done.stderr[-3000:]}")
            results[mode].append(json.loads(done.stdout.splitlines()[-1]))
    if args.copy_floor:
        town_reset(town)
        results["copy"] = [copy_floor(town) for _ in range(args.runs)]
        results["copy_durable"] = [copy_floor(town, durable=True) for _ in range(args.runs)]
        results["openpyxl"] = [openpyxl_read() for _ in range(args.runs)]
        results["calamine"] = [calamine_read() for _ in range(args.runs)]
    town_reset(town)
    names = {
        "ours": "ledger_read + ledger_import",
        "read": "  of which ledger_read",
        "iex": "django-import-export 4.4.3, its speed settings",
        "create": "objects.create per row (reference)",
        "export": f"ledger_export ({args.export_town}, every approved record)",
        "copy": "floor: PostgreSQL COPY of the same rows into TEMP tables (no log, no foreign keys)",
        "copy_durable": "floor: the same COPY into the tables themselves, committed",
        "openpyxl": "floor: openpyxl read-only, values only",
        "calamine": "floor: calamine, values only (the reader ours uses)",
    }
    print()
    print("| what | rows | runs | time, median (s) | min–max (s) | rows/s | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    medians = {}
    for mode, runs in results.items():
        times = [run["seconds"] for run in runs]
        medians[mode] = median = statistics.median(times)
        count = runs[0]["rows"]
        rss = max(run.get("rss", 0) for run in runs)
        print(
            f"| {names[mode]} | {count:,} | {len(runs)} | {median:.2f} | {min(times):.2f}–{max(times):.2f} | "
            f"{count / median:,.0f} | {f'{rss:.0f}' if rss else '—'} |"
        )
    if "iex" in medians:
        print(f"\ndjango-import-export / ours: {medians['iex'] / medians['ours']:.1f}x the time")
    if "copy" in medians:
        floor = medians["copy"] + medians["openpyxl"]
        print(f"ours / (COPY into TEMP tables + openpyxl read): {medians['ours'] / floor:.2f}x")
        floor = medians["copy_durable"] + medians["openpyxl"]
        print(f"ours / (COPY into the tables, committed + openpyxl read): {medians['ours'] / floor:.2f}x")
        floor = medians["copy"] + medians["calamine"]
        print(f"ours / (COPY into TEMP tables + calamine read): {medians['ours'] / floor:.2f}x")


def measure_one(mode: str, args) -> dict:
    """One run of `mode` in this process: its seconds, rows and peak RSS."""
    from portal.models import OrgUnit, User

    town = OrgUnit.objects.get(name=TOWN, kind=OrgUnit.Kind.TOWN)
    reviewer = User.objects.get(username=f"ledger{town.pk}-reviewer")
    rows = args.rows
    # Each side's modules are imported before the clock starts, as in a server that has run.
    if mode in ("ours", "read"):
        import ledger.services
    elif mode == "iex":
        sys.path.insert(0, args.iex)
        import import_export.resources  # noqa: F401
        import tablib  # noqa: F401
    # The import hands ANALYZE to a worker once it has committed (ledger.importing): the
    # bench has no worker, and in-process it would run inside the clock. It runs after.
    import ledger.importing
    from records.kinds import KINDS

    analyze = []
    ledger.importing._analyze_soon = analyze.extend
    started = time.perf_counter()
    if mode in ("ours", "read"):
        ours((WORK / "ours.xlsx").read_bytes(), town, reviewer, read_only=mode == "read")
    elif mode == "iex":
        theirs((WORK / "iex.xlsx").read_bytes())
    elif mode == "create":
        one_by_one(rows_generate(town, args.rows, random.Random(args.seed)), town, reviewer)
    elif mode == "export":
        rows = export_run(args.export_town)
    seconds = time.perf_counter() - started
    # Every mode's tables analysed alike before the next run, as a worker would after ours.
    ledger.importing.tables_analyze_now(analyze or [kind.model._meta.db_table for kind in KINDS.values()])
    return {
        "seconds": seconds,
        "rows": rows,
        "rss": peak_rss_mib(),
    }


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


def town_reset(town) -> None:
    """Remove what an import made: the town's records and the outlets the rows introduced;
    then VACUUM the tables, so that no run pays for the dead rows the one before left (the
    first query over them after a deletion of 10,000 rows took 0.4 s instead of 8 ms)."""
    from auditlog.context import disable_auditlog
    from django.db import connection

    from media_outreach.models import Credit, MediaOutlet
    from portal.models import in_subtree
    from records.kinds import KINDS
    from records.models import Record

    with disable_auditlog():
        deleted, _counts = Record.objects.filter(in_subtree(town)).delete()
        MediaOutlet.objects.filter(town=town, name__in=[name for name, _l, _c in NEW_OUTLETS]).delete()
    if deleted and connection.vendor == "postgresql" and not connection.in_atomic_block:
        tables = [Record, *(kind.model for kind in KINDS.values()), Credit]
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) " + ", ".join(model._meta.db_table for model in tables))


def outlets_new_ensure(town) -> None:
    """The outlets the rows introduce, made beforehand: django-import-export plans none."""
    from media_outreach.models import MediaOutlet

    for name, level, channel in NEW_OUTLETS:
        MediaOutlet.objects.get_or_create(town=town, name=name, defaults={"level": level, "channel": channel})


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
    """The rows as an office's workbook: the DESIGN §6 sheets, Chinese labels, real dates,
    text in a shared-strings table and a <dimension> per sheet, as Excel and WPS save."""
    import xlsxwriter

    from ledger.cells import sheets, written

    names = {"outlet_name": "outlet", "outlet_level": "level", "outlet_channel": "channel"}
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"strings_to_numbers": False, "strings_to_urls": False})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for kind, sheet in sheets().items():
        worksheet = workbook.add_worksheet(sheet.name)
        worksheet.write_row(0, 0, [column.header for column in sheet.columns])
        number = 0
        for row in rows:
            if row["kind"] != kind:
                continue
            number += 1
            for column_number, column in enumerate(sheet.columns):
                value = written(column, row.get(names.get(column.target, column.target)))
                if isinstance(value, date):
                    worksheet.write_datetime(number, column_number, value, day)
                elif isinstance(value, str):
                    worksheet.write_string(number, column_number, value)
                elif value is not None:
                    worksheet.write_number(number, column_number, value)
    workbook.close()
    return stream.getvalue()


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
    import xlsxwriter
    from django.utils import timezone

    from portal.models import OrgUnit, User
    from records.models import Record
    from records.services import default_theme

    units = dict(OrgUnit.objects.filter(path__startswith=town.path).values_list("name", "pk"))
    reviewer = User.objects.get(username=f"ledger{town.pk}-reviewer")
    now = timezone.now().replace(tzinfo=None)
    base = ["id", "title", "date", "place", "unit", "theme", "summary", "participants", "is_highlight"]
    base += ["status", "author", "reviewed_by", "reviewed_at", "submitted_at"]
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"strings_to_numbers": False, "strings_to_urls": False})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for kind, own in IEX_FIELDS.items():
        theme = default_theme(town=town, kind=kind).pk
        worksheet = workbook.add_worksheet(kind)
        worksheet.write_row(0, 0, base + own)
        number = 0
        for row in rows:
            if row["kind"] != kind:
                continue
            number += 1
            values = [None, row["title"], row["date"], row.get("place", ""), units[row["unit"]], theme]
            values += [
                row["summary"],
                row.get("participants"),
                row["is_highlight"],
                Record.Status.APPROVED.value,
            ]
            values += [reviewer.pk, reviewer.pk, now, now]
            values += [row[name] for name in own]  # the outlet by its name
            for column, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, date):
                    worksheet.write_datetime(number, column, value, stamp)
                elif isinstance(value, bool):
                    worksheet.write_boolean(number, column, value)
                elif isinstance(value, str):
                    worksheet.write_string(number, column, value)
                else:
                    worksheet.write_number(number, column, value)
    workbook.close()
    return stream.getvalue()


def theirs(workbook: bytes) -> None:
    """django-import-export as its documentation says to make it fast ("Import speed"):
    no instance lookups (force_init_instance), no diffs (skip_diff), and each foreign
    key's rows fetched once (a caching ForeignKeyWidget). Bulk mode (use_bulk) is not
    open to it: Django's bulk_create cannot write multi-table inheritance."""
    import tablib
    from auditlog.context import disable_auditlog
    from import_export import fields, widgets
    from import_export.resources import ModelResource

    from records.kinds import KINDS

    class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
        def __init__(self, model, field="pk"):
            super().__init__(model, field)
            self.rows = {}

        def clean(self, value, row=None, **kwargs):
            if value not in self.rows:
                self.rows[value] = super().clean(value, row, **kwargs)
            return self.rows[value]

    def resource_for(model):
        meta = type("Meta", (), {"model": model, "force_init_instance": True, "skip_diff": True})
        foreign = {
            field.name: fields.Field(
                attribute=field.name,
                column_name=field.name,
                # outlets by name (the new ones made before, as an office would)
                widget=CachedForeignKeyWidget(
                    field.related_model, "name" if field.name == "outlet" else "pk"
                ),
            )
            for field in model._meta.concrete_fields
            if field.many_to_one
        }
        return type(f"{model.__name__}Resource", (ModelResource,), {"Meta": meta, **foreign})()

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


def export_run(name: str) -> int:
    """Export every approved record of town `name` to a file; how many there were."""
    from ledger.services import ledger_export
    from portal.models import OrgUnit, in_subtree
    from records.models import Record

    town = OrgUnit.objects.get(name=name, kind=OrgUnit.Kind.TOWN)
    records = Record.objects.filter(in_subtree(town), status=Record.Status.APPROVED)
    with (WORK / "export.xlsx").open("wb") as stream:
        ledger_export(records, stream)
    return records.count()


def copy_floor(town, *, durable: bool = False) -> dict:
    """COPY of the rows `ours` writes (its records, their kinds' rows and the placements'
    credits), timed on its own.

    Not durable: into empty TEMP copies of the tables with their indexes, which skip the
    write-ahead log and have no foreign keys. Durable: into the tables themselves, in one
    transaction, the commit included: the log, the foreign keys' checks and the commit,
    which any import into these tables pays.
    """
    from auditlog.context import disable_auditlog
    from django.db import connection, transaction

    from media_outreach.models import Credit
    from portal.models import User, in_subtree
    from records.kinds import KINDS
    from records.models import Record

    reviewer = User.objects.get(username=f"ledger{town.pk}-reviewer")
    ours((WORK / "ours.xlsx").read_bytes(), town, reviewer)
    ids = list(Record.objects.filter(in_subtree(town)).values_list("pk", flat=True))
    keys = {Record._meta.db_table: "id", Credit._meta.db_table: "placement_id"}
    tables = [
        Record._meta.db_table,
        *(kind.model._meta.db_table for kind in KINDS.values()),
        Credit._meta.db_table,
    ]
    data = {}
    with connection.cursor() as cursor:
        for table in tables:
            buffer = io.BytesIO()
            query = (
                f"COPY (SELECT * FROM {table} WHERE {keys.get(table, 'record_ptr_id')} = ANY(%s)) TO STDOUT"
            )
            with cursor.cursor.copy(query, [ids]) as copy:
                for chunk in copy:
                    buffer.write(chunk)
            data[table] = buffer.getvalue()
    if durable:
        with disable_auditlog():  # the outlets the rows introduced stay
            Record.objects.filter(pk__in=ids).delete()
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(data[table])
        seconds = time.perf_counter() - started
    else:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"CREATE TEMP TABLE floor_{table} (LIKE {table} INCLUDING DEFAULTS INCLUDING INDEXES)"
                )
            started = time.perf_counter()
            for table in tables:
                with cursor.cursor.copy(f"COPY floor_{table} FROM STDIN") as copy:
                    copy.write(data[table])
            seconds = time.perf_counter() - started
            for table in tables:
                cursor.execute(f"DROP TABLE floor_{table}")
    town_reset(town)
    return {"seconds": seconds, "rows": len(ids)}


def openpyxl_read() -> dict:
    """A plain read of the workbook's values, nothing checked: what any reader pays."""
    import openpyxl

    started = time.perf_counter()
    workbook = openpyxl.load_workbook(WORK / "ours.xlsx", read_only=True, data_only=True)
    rows = sum(1 for sheet in workbook.worksheets for _row in sheet.iter_rows(min_row=2, values_only=True))
    workbook.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def calamine_read() -> dict:
    """The same plain read by calamine, which ours reads the usual workbook with (ledger.workbooks)."""
    import python_calamine

    started = time.perf_counter()
    workbook = python_calamine.CalamineWorkbook.from_path(str(WORK / "ours.xlsx"))
    rows = sum(
        1 for name in workbook.sheet_names for _row in workbook.get_sheet_by_name(name).iter_rows()
    ) - len(workbook.sheet_names)  # each sheet's header
    workbook.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
