"""Fixtures shared by every test, and the rule that CI skips nothing."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.test import Client

from portal.demo import DEMO_ACCOUNTS
from portal.models import OrgUnit, User
from portal.roles import Role


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: the suite must run whole there."""
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"CI=true and {len(skipped)} test(s) were skipped; CI must run every test.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def demo(db) -> dict[str, User]:
    """The demo town and its accounts, keyed by role code."""
    call_command("seed_demo", stdout=io.StringIO())
    users = {user.username: user for user in User.objects.all()}
    return {account.role.value: users[account.username] for account in DEMO_ACCOUNTS}


@pytest.fixture
def town(demo) -> OrgUnit:
    return OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)


@pytest.fixture
def client_as(demo):
    """client_as(Role.X) -> a test client signed in as the demo account for that role."""

    def make(role: Role | str) -> Client:
        client = Client()
        client.force_login(demo[Role(role).value])
        return client

    return make
