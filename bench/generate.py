"""Generates a benchmark town: N approved records over Y years and U units, plus media.

    python bench/generate.py --town 基准镇 --records 100000 --years 5 --units 20

Runs against DATABASE_URL (default: PostgreSQL database portal_bench, created and
migrated if missing). Child rows of every registered kind are written with executemany,
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
    parser.add_argument("--only", help="records of this kind only (bench/scoring.py: media)")
    args = parser.parse_args()
    ensure_database()
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    count = generate(args)
    print(f"{args.town}: {count} records in {time.perf_counter() - started:.1f} s")


# The share of each kind in the generated records; a kind not named here gets 1.
# Honours and ideology work are rare in a real town's year; the rest are its bulk.
MIX = {"study": 4, "event": 4, "volunteer": 4, "media": 4, "ideology": 1, "honours": 1}


def generate(args) -> int:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from media_outreach.models import MediaOutlet
    from portal.models import OrgUnit, User
    from portal.services import unit_create
    from records.kinds import KINDS
    from records.models import Photo, Record, WorkTheme
    from records.services import default_theme, themes_ensure_defaults

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
        secretary = User.objects.create_user(
            f"{prefix}-secretary", password="Bench@2026x", name="基准秘书", unit=town
        )
        secretary.groups.set([Group.objects.get(name="secretary")])
        for level in MediaOutlet.Level.values:
            for channel in MediaOutlet.Channel.values:
                MediaOutlet.objects.create(
                    town=town, name=f"{args.town}媒体{level}{channel}", level=level, channel=channel
                )
        themes = {code: default_theme(town=town, kind=code) for code in KINDS}
        kinds = [code for code in KINDS for _ in range(MIX.get(code, 1))]
        if getattr(args, "only", None):
            kinds = [args.only]
        today = date.today()
        first_day = date(today.year - args.years + 1, 1, 1)
        span = (today - first_day).days
        base_rows = []
        for i in range(args.records):
            kind = kinds[i % len(kinds)]
            base_rows.append(
                Record(
                    kind=kind,
                    title=f"{kind} 记录 {i}",
                    date=first_day + timedelta(days=rng.randrange(span + 1)),
                    unit=rng.choice(units),
                    theme=themes[kind],
                    summary="基准数据",
                    participants=rng.randrange(10, 300),
                    is_highlight=rng.random() < 0.05,
                    # A share waiting for review, as a live town has: the pending counts read them.
                    status=Record.Status.SUBMITTED if rng.random() < PENDING else Record.Status.APPROVED,
                    author=author,
                )
            )
        Record.objects.bulk_create(base_rows, batch_size=5000)
        # Photo rows for a share of the records, all of one small file (pages show photos by URL).
        image, thumbnail = _bench_photo()
        Photo.objects.bulk_create(
            (
                Photo(record=record, image=image, thumbnail=thumbnail, uploaded_by=author)
                for record in base_rows
                if rng.random() < WITH_PHOTO
            ),
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            for code, kind in KINDS.items():
                columns, row = child_columns(kind, town, rng, connection)
                rows = [[record.pk, *row()] for record in base_rows if record.kind == code]
                names = ", ".join(connection.ops.quote_name(name) for name in ["record_ptr_id", *columns])
                marks = ", ".join(["%s"] * (len(columns) + 1))
                table = kind.model._meta.db_table
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
    return len(base_rows)


def _bench_photo() -> tuple[str, str]:
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    names = "bench/photo.jpg", "bench/photo-thumb.jpg"
    for name, size in zip(names, [(1600, 1200), (480, 360)], strict=True):
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            Image.new("RGB", size, "teal").save(buffer, format="JPEG")
            default_storage.save(name, ContentFile(buffer.getvalue()))
    return names


PENDING = 0.03  # of the records, waiting for review
WITH_PHOTO = 0.2  # of the records, with a photo


def child_columns(kind, town, rng, connection):
    """The columns of `kind`'s own table and a maker of one row's values, from the kind's
    example: choices drawn at random, foreign keys to the town's objects drawn from all of
    them, numbers given plausible values, the rest the example's or the field's default."""
    from django.db import models

    model = kind.model
    example = kind.example(town)
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not (field.remote_field and field.remote_field.parent_link)
    ]
    makers = []
    for field in fields:
        makers.append(_maker(field, example, town, rng, models))

    def row() -> list:
        return [
            field.get_db_prep_save(make(), connection) for field, make in zip(fields, makers, strict=True)
        ]

    return [field.column for field in fields], row


def _maker(field, example, town, rng, models):
    if field.choices:
        values = [value for value, _label in field.flatchoices]
        if field.blank:  # an optional choice (a placement's 核查结论): mostly left empty
            default = field.get_default()
            return lambda: rng.choice(values) if rng.random() < 0.01 else default
        return lambda: rng.choice(values)
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if any(f.name == "town" for f in related._meta.fields):
            pool = list(related.objects.filter(town=town).values_list("pk", flat=True))
            if pool:
                return lambda: rng.choice(pool)
        value = example.get(field.name)
        pk = getattr(value, "pk", value)
        return lambda: pk
    if field.name in example:
        value = example[field.name]
        return lambda: value
    if isinstance(field, models.BooleanField):
        return lambda: rng.random() < 0.03
    if isinstance(field, models.DecimalField):
        return lambda: Decimal(rng.randrange(5, 120))
    if isinstance(field, models.IntegerField) and not field.has_default():
        return lambda: rng.randrange(5, 40)
    default = field.get_default()
    return lambda: default


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
