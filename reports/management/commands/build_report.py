"""Builds a town's annual report for a year as .docx (DESIGN §6)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from portal.management.towns import town_argument
from reports.services import draft_compile, report_build


class Command(BaseCommand):
    help = "Build the annual report of a town for a year from approved records and the saved draft."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="the town's name, e.g. 青溪镇")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the .docx file to write")

    def handle(self, *args, org: str, year: int, output: str, **options) -> None:
        town = town_argument(org)
        # The saved draft, or one compiled now and kept, as the secretary's page would.
        draft = draft_compile(town=town, year=year, by=None)
        build = report_build(draft=draft, by=None, via="manage.py build_report")
        with build.file.open("rb") as built:
            Path(output).write_bytes(built.read())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} ({len(build.figures)} figures, SHA-256 {build.checksum[:12]}…); "
                "the build is kept with the draft."
            )
        )
