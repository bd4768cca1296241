"""Creates a town (the root of an office's organisation tree) on a new installation."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal.models import OrgUnit
from portal.services import unit_create
from records.services import themes_ensure_defaults


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
            town = unit_create(parent=parent, name=name, kind=OrgUnit.Kind.TOWN)
        else:
            town = OrgUnit.objects.add_root(create_kwargs={"name": name, "kind": OrgUnit.Kind.TOWN})
        themes_ensure_defaults(town=town)
        self.stdout.write(self.style.SUCCESS(f"Created the town {town.name} with the default work themes."))
