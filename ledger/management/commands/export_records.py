"""Exports a town's approved records of one year as a ledger workbook (DESIGN §6).

    python manage.py export_records --org 青溪镇 --year 2025 --output 2025台账.xlsx

The workbook has the layout `import_records` reads, so it can be imported back.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.log import audit_write
from audit.models import Event
from ledger.services import ledger_export
from portal.management.towns import town_argument
from portal.models import in_subtree
from records.models import Record


class Command(BaseCommand):
    help = "Export a town's approved records of a year to an .xlsx ledger that imports back unchanged."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="the town's name, e.g. 青溪镇")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, org: str, year: int, output: str, **options) -> None:
        town = town_argument(org)
        records = Record.objects.filter(in_subtree(town), status=Record.Status.APPROVED, date__year=year)
        count = records.count()
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"目录 {path.parent} 不存在。")
        # Written beside the target and renamed, so a failed export leaves no half file behind.
        handle, partial = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                ledger_export(records, stream, title=f"{town.name}{year}年")
            os.replace(partial, path)
        except BaseException:
            os.unlink(partial)
            raise
        audit_write(
            Event.EXPORT,
            username="manage.py export_records",
            obj=town,
            town=town,
            detail={"year": year, "rows": count, "file": str(path)},
        )
        self.stdout.write(
            self.style.SUCCESS(f"已导出{town.name} {year} 年已通过的记录 {count} 条到 {path}。")
        )
