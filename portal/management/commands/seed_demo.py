"""Creates the demo town, its units and one account per role. Safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOWN, DEMO_UNITS
from portal.models import OrgUnit, User
from portal.services import unit_create


class Command(BaseCommand):
    help = "Create the demo town, units and one account per role (idempotent)."

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo accounts share a published password; refusing on a site with "
                "DEBUG off. Set DEMO_DATA_ALLOWED=true to override on a training site."
            )
        with transaction.atomic():
            units = self._units()
            created = self._accounts(units)
        self.stdout.write(self.style.SUCCESS(f"Demo town {DEMO_TOWN}: {len(units)} units."))
        self.stdout.write(f"Demo accounts ({created} new), all with the password {DEMO_PASSWORD}:")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<10} {account.role.label}（{account.name}，{account.unit}）"
            )

    def _units(self) -> dict[str, OrgUnit]:
        town = OrgUnit.objects.get_root_nodes().filter(name=DEMO_TOWN).first()
        if town is None:
            town = OrgUnit.objects.add_root(create_kwargs={"name": DEMO_TOWN, "kind": OrgUnit.Kind.TOWN})
        units = {DEMO_TOWN: town}
        existing = {unit.name: unit for unit in OrgUnit.objects.get_children(town)}
        for name, kind in DEMO_UNITS:
            units[name] = existing.get(name) or unit_create(parent=town, name=name, kind=kind)
            town.refresh_from_db()  # adding a child changes the parent's child count
        return units

    def _accounts(self, units: dict[str, OrgUnit]) -> int:
        created = 0
        for account in DEMO_ACCOUNTS:
            user, is_new = User.objects.get_or_create(
                username=account.username,
                defaults={"name": account.name, "unit": units[account.unit]},
            )
            if is_new:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                user.groups.set([Group.objects.get(name=account.role.value)])
                created += 1
        return created
