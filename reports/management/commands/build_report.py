"""Builds a town's annual report for a year as .docx (DESIGN §6)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.log import audit_write
from audit.models import Event
from portal.models import OrgUnit
from reports.docx import report_docx
from reports.models import ReportDraft
from reports.services import draft_compile, report_content


class Command(BaseCommand):
    help = "Build the annual report of a town for a year from approved records and the saved draft."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="the town's name, e.g. 青溪镇")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the .docx file to write")

    def handle(self, *args, org: str, year: int, output: str, **options) -> None:
        town = OrgUnit.objects.filter(name=org, kind=OrgUnit.Kind.TOWN).first()
        if town is None:
            raise CommandError(f"No town named {org}.")
        draft = ReportDraft.objects.filter(town=town, year=year).first()
        saved = draft is not None
        if saved:
            content, figures = report_content(draft)
        else:
            # Without a saved draft the generated one is used, and not kept.
            with transaction.atomic():
                content, figures = report_content(draft_compile(town=town, year=year, by=None))
                transaction.set_rollback(True)
        Path(output).write_bytes(report_docx(content))
        audit_write(
            Event.REPORT_BUILD,
            username="manage.py build_report",
            obj=town,
            town=town,
            detail={"year": year, "file": output, "figures": len(figures)},
        )
        source = "the saved draft" if saved else "a generated draft"
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} from {source} ({len(figures)} figures)."))
