"""Creates the demo town, its units, one account per role and two years of records.

Safe to run again: what exists is left as it is.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.accounts import DEMO_ACCOUNTS, DEMO_LIAISONS, DEMO_PASSWORD, DEMO_TOWN, DEMO_UNITS
from demo.ledger import demo_ledger_create
from demo.materials import demo_materials_create
from demo.records import demo_records_create
from demo.scoring import demo_scoring_create
from portal.models import OrgUnit, User
from portal.roles import Role
from portal.services import unit_create
from records.services import themes_ensure_defaults


class Command(BaseCommand):
    help = "Create the demo town, units, one account per role and two years of records (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-records", action="store_true", help="accounts and units only")
        parser.add_argument("--no-photos", action="store_true", help="records without photos (faster)")

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo accounts share a published password; refusing on a site with "
                "DEBUG off. Set DEMO_DATA_ALLOWED=true to override on a training site."
            )
        with transaction.atomic():
            units = self._units()
            themes_ensure_defaults(town=units[DEMO_TOWN])
            created = self._accounts(units)
        records = 0 if options["no_records"] else self._records(units, photos=not options["no_photos"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo town {DEMO_TOWN}: {len(units)} units, {records} new records.")
        )
        self.stdout.write(f"Demo accounts ({created} new), all with the password {DEMO_PASSWORD}:")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username:<10} {account.role.label}（{account.name}，{account.unit}）"
            )
        liaisons = ", ".join(f"{account.username} ({account.unit})" for account in DEMO_LIAISONS)
        self.stdout.write(f"  and more liaisons (信息员): {liaisons}")

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
        for account in DEMO_ACCOUNTS + DEMO_LIAISONS:
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

    def _records(self, units: dict[str, OrgUnit], *, photos: bool) -> int:
        users = {user.username: user for user in User.objects.filter(unit__in=units.values())}
        authors = {
            a.unit: users[a.username] for a in DEMO_ACCOUNTS + DEMO_LIAISONS if a.role == Role.REPORTER
        }
        # The office's own records (town level, 宣传办) are written by its staff.
        authors["*"] = users["secretary"]
        this_year = timezone.localdate().year
        years = [this_year - 1, this_year]
        created = demo_records_create(
            town=units[DEMO_TOWN],
            author_by_unit=authors,
            reviewer=users["reviewer"],
            years=years,
            photos=photos,
        )
        demo_materials_create(
            town=units[DEMO_TOWN], author_by_unit=authors, reviewer=users["reviewer"], years=years
        )
        demo_scoring_create(
            town=units[DEMO_TOWN], reviewer=users["reviewer"], secretary=users["secretary"], years=years
        )
        demo_ledger_create(town=units[DEMO_TOWN], secretary=users["secretary"], years=years)
        return created
