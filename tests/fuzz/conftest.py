"""The fuzzers' world: the demo town with a record in every state, and a second town
whose ids the fuzzers offer where only the demo town's are allowed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone

from demo.accounts import DEMO_ACCOUNTS
from portal.models import OrgUnit, User
from portal.roles import Role, sync_role_groups
from portal.services import unit_create
from records.kinds import KINDS
from records.models import Record
from records.services import themes_ensure_defaults
from reports.services import draft_compile
from tests.factories import make_record
from tests.fuzz.fuzzing import World, rolled_back


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Made once for a module's tests, in a transaction rolled back after the last of them.

    Each test runs in a savepoint inside it (pytest-django's), and each example in one more.
    """
    with django_db_blocker.unblock(), rolled_back():
        yield _world()


def _world() -> World:
    sync_role_groups(django_apps)
    call_command("seed_demo", "--no-records", stdout=io.StringIO())
    users = {user.username: user for user in User.objects.all()}
    demo = {account.role.value: users[account.username] for account in DEMO_ACCOUNTS}
    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    year = timezone.localdate().year
    other = OrgUnit.objects.add_root(create_kwargs={"name": "远山镇", "kind": OrgUnit.Kind.TOWN})
    themes_ensure_defaults(town=other)
    other_unit = unit_create(parent=other, name="远山村", kind=OrgUnit.Kind.VILLAGE)
    stranger = User.objects.create_user("yuanshan", password="Other@2026x", name="远山", unit=other_unit)
    for kind in KINDS:
        make_record(kind, unit=other_unit, author=stranger, status=Record.Status.DRAFT)
    draft_compile(town=other, year=year, by=None)
    return World(
        users=demo,
        town=town,
        drafts={kind: make_record(kind, status=Record.Status.DRAFT) for kind in KINDS},
        submitted=make_record(next(iter(KINDS)), status=Record.Status.SUBMITTED, on=date(year, 1, 2)),
        approved=make_record(next(iter(KINDS)), status=Record.Status.APPROVED, on=date(year, 1, 3)),
        report=draft_compile(town=town, year=year, by=demo[Role.SECRETARY.value]),
    )
