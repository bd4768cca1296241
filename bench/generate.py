"""Generates a benchmark town: N approved records over Y years and U units, plus media.

    python bench/generate.py --town 基准镇 --records 100000 --years 5 --units 20

Runs against DATABASE_URL (default: PostgreSQL database portal_bench, created and
migrated if missing). Child rows of the four kinds are written with executemany,
since Django's bulk_create does not do multi-table inheritance; a run of 100,000
records takes about a minute. An existing town of the same name is replaced.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from setup import ROOT, django_setup


def ensure_database() -> None:
    import os

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"CREATE DATABASE {name}"],
            capture_output=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--town", default="基准镇")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ensure_database()
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    count = generate(args)
    print(f"{args.town}: {count} records in {time.perf_counter() - started:.1f} s")


def generate(args) -> int:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from activities.models import PublicityEvent, StudySession, VolunteerActivity
    from media_outreach.models import MediaOutlet, MediaPlacement
    from portal.models import OrgUnit, User
    from portal.services import unit_create
    from records.models import Record, WorkTheme

    rng = random.Random(args.seed)
    with transaction.atomic():
        old = OrgUnit.objects.filter(name=args.town, kind=OrgUnit.Kind.TOWN).first()
        if old is not None:
            Record.objects.filter(unit__path__startswith=old.path).delete()
            MediaOutlet.objects.filter(town=old).delete()
            User.objects.filter(unit__path__startswith=old.path).delete()
            WorkTheme.objects.filter(town=old).delete()
            OrgUnit.objects.filter(path__startswith=old.path).delete()
        town = OrgUnit.objects.add_root(create_kwargs={"name": args.town, "kind": OrgUnit.Kind.TOWN})
        from records.services import themes_ensure_defaults

        themes_ensure_defaults(town=town)
        units = [town]
        for i in range(args.units):
            kind = [OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY, OrgUnit.Kind.DEPARTMENT][i % 3]
            town.refresh_from_db()
            units.append(unit_create(parent=town, name=f"{args.town}第{i + 1:02d}单位", kind=kind))
        prefix = f"bench{town.pk}"
        leader = User.objects.create_user(
            f"{prefix}-leader", password="Bench@2026x", name="基准领导", unit=town
        )
        leader.groups.set([Group.objects.get(name="leader")])
        author = User.objects.create_user(
            f"{prefix}-author", password="Bench@2026x", name="基准填报", unit=town
        )
        author.groups.set([Group.objects.get(name="reviewer")])
        themes = {theme.name: theme for theme in WorkTheme.objects.filter(town=town)}
        default = {"study": "理论武装", "event": "群众文化", "volunteer": "精神文明", "media": "新闻舆论"}
        outlets = [
            MediaOutlet.objects.create(
                town=town, name=f"{args.town}媒体{level}{channel}", level=level, channel=channel
            )
            for level in MediaOutlet.Level.values
            for channel in MediaOutlet.Channel.values
        ]
        today = date.today()
        first_day = date(today.year - args.years + 1, 1, 1)
        span = (today - first_day).days
        kinds = ["study", "event", "volunteer", "media"]
        base_rows = []
        for i in range(args.records):
            kind = kinds[i % 4]
            base_rows.append(
                Record(
                    kind=kind,
                    title=f"{kind} 记录 {i}",
                    date=first_day + timedelta(days=rng.randrange(span + 1)),
                    unit=rng.choice(units),
                    theme=themes[default[kind]],
                    summary="基准数据",
                    participants=rng.randrange(10, 300),
                    is_highlight=rng.random() < 0.05,
                    status=Record.Status.APPROVED,
                    author=author,
                )
            )
        Record.objects.bulk_create(base_rows, batch_size=5000)
        children = {
            "study": (
                StudySession,
                [
                    "study_type",
                    "speaker",
                    "host",
                    "format",
                    "expected_attendance",
                    "absentees",
                    "discussion_points",
                ],
            ),
            "event": (PublicityEvent, ["event_type", "audience"]),
            "volunteer": (
                VolunteerActivity,
                ["service_type", "team", "volunteers", "service_hours", "beneficiaries"],
            ),
            "media": (
                MediaPlacement,
                ["outlet_id", "piece_type", "url", "authors", "is_front_page", "clipping", "covers_id"],
            ),
        }
        values = {
            "study": lambda: [rng.choice(StudySession.Type.values), "", "", "offline", 30, "", ""],
            "event": lambda: [rng.choice(PublicityEvent.Type.values), ""],
            "volunteer": lambda: [
                rng.choice(VolunteerActivity.Type.values),
                "",
                (v := rng.randrange(5, 40)),
                Decimal(v * 3),
                rng.randrange(0, 200),
            ],
            "media": lambda: [rng.choice(outlets).pk, "news", "", "", rng.random() < 0.03, "", None],
        }
        with connection.cursor() as cursor:
            for kind, (model, columns) in children.items():
                rows = [[record.pk, *values[kind]()] for record in base_rows if record.kind == kind]
                table = model._meta.db_table
                names = ", ".join(["record_ptr_id", *columns])
                marks = ", ".join(["%s"] * (len(columns) + 1))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
    return len(base_rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
