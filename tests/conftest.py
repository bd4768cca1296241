"""Fixtures shared by every test, and the rule that CI skips nothing."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test import Client

from demo.accounts import DEMO_ACCOUNTS
from portal.access import access_forget
from portal.models import OrgUnit, User
from portal.roles import Role, sync_role_groups


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _skipped(config: pytest.Config) -> list:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: the suite must run whole there."""
    if _in_ci() and _skipped(session.config):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    skipped = _skipped(config)
    if _in_ci() and skipped:
        terminalreporter.write_sep(
            "=", f"FAILED: CI=true and {len(skipped)} test(s) skipped; CI must run every test", red=True
        )


def _demo_world() -> None:
    """The demo town, its units and accounts (no records), committed for every test to share."""
    # A transactional test's flush drops the groups the data migration made.
    sync_role_groups(django_apps)
    call_command("seed_demo", "--no-records", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the demo world built once for the whole run.

    Each test then runs in a transaction rolled back at its end (pytest-django's `db`),
    so it sees the world and leaves it as it was.
    """
    global ACCOUNTS_AFTER_MIGRATE
    with django_db_blocker.unblock():
        ACCOUNTS_AFTER_MIGRATE = User.objects.count()
        _demo_world()


# How many accounts the migrations alone made (tests/administration/test_commands.py: none).
ACCOUNTS_AFTER_MIGRATE: int | None = None


def _flushes(request: pytest.FixtureRequest) -> bool:
    """Whether the test empties the database when it ends (a transactional or live-server test)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return transactional or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _demo_world_restored(request, django_db_blocker):
    """After a test whose end empties the database, build the shared demo world again.

    Autouse, so it is set up before the database fixtures and torn down after them.
    """
    yield
    if _flushes(request):
        with django_db_blocker.unblock():
            _demo_world()


@pytest.fixture
def demo(db) -> dict[str, User]:
    """The demo town and its accounts, keyed by role code."""
    names = [account.username for account in DEMO_ACCOUNTS]
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    if len(users) < len(names):  # a transactional test in this one's setup emptied the database
        _demo_world()
        users = {user.username: user for user in User.objects.filter(username__in=names)}
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


CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download fails here)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page("phone") -> a fresh page at that viewport, collecting console errors."""
    contexts = []

    def make(viewport: str = "desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ (git-ignored) for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username: str, password: str) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('登录')")
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _cache_up(monkeypatch):
    """Each test starts with the cache trusted: a fault test's "Redis is down" pause
    (portal/cache.py) must not follow into the next test."""
    monkeypatch.setattr("portal.cache._down_until", 0.0)
    # A test's changes roll back, but access snapshots made from them stay in the cache:
    # each test starts a new generation, as a committed change would.
    access_forget()
