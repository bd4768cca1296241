"""Creates a town (the root of an office's organisation tree) on a new installation."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from administration.services import town_create
from portal.models import OrgUnit


class Command(BaseCommand):
    help = "Create a town, optionally under an existing district, for a new installation."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="the town's name, e.g. 青溪镇")
        parser.add_argument("--district", help="name of an existing district to place it under")

    def handle(self, *args, name: str, district: str | None, **options) -> None:
        if OrgUnit.objects.filter(name=name, kind=OrgUnit.Kind.TOWN).exists():
            raise CommandError(f"A town named {name} already exists.")
        if district:
            parent = OrgUnit.objects.filter(name=district, kind=OrgUnit.Kind.DISTRICT).first()
            if parent is None:
                raise CommandError(f"No district named {district}.")
        else:
            parent = None
        town = town_create(name=name, parent=parent)
        self.stdout.write(self.style.SUCCESS(f"Created the town {town.name} with the default work themes."))
