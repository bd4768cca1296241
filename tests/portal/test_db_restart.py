"""PostgreSQL restarted under load: only the requests in flight fail; nothing is lost or saved twice.

The site runs as it does in production, under gunicorn with persistent database
connections, and is driven over real HTTP by a few signed-in threads while the
PostgreSQL cluster restarts. This restarts the machine's cluster, which briefly cuts
everyone's connections: run it on a CI or development machine only.

It prints what it measured (run with -s); docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from activities.models import VolunteerActivity
from demo.accounts import DEMO_PASSWORD
from portal.models import OrgUnit
from records.models import WorkTheme
from tests.workers import ROOT, free_port

pytestmark = [pytest.mark.integration, pytest.mark.serial]  # it cuts every connection

TITLE = "重启测试"
LOAD_THREADS = 3
# The load runs this long before the restart and this long after PostgreSQL is back.
BEFORE, AFTER = 3.0, 4.0


def cluster() -> tuple[str, str]:
    """The local cluster's version and name, for pg_ctlcluster; skips when there is none to restart."""
    versions = os.listdir("/etc/postgresql") if os.path.isdir("/etc/postgresql") else []
    host = connection.settings_dict["HOST"]
    if (
        connection.vendor != "postgresql"
        or host not in ("127.0.0.1", "localhost")
        or len(versions) != 1
        or not shutil.which("pg_ctlcluster")
    ):
        pytest.skip("needs PostgreSQL (DATABASE_URL) in a local cluster that pg_ctlcluster can restart")
    return versions[0], "main"


def pg_ready() -> bool:
    db = connection.settings_dict
    command = ["pg_isready", "-q", "-h", db["HOST"], "-p", str(db["PORT"] or 5432)]
    return subprocess.run(command, check=False).returncode == 0


class Site:
    """The portal under gunicorn on a free port, on this test's database, DEBUG off."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
        self.log = Path(tempfile.mkdtemp(prefix="portal-gunicorn-")) / "gunicorn.log"
        self.process = None

    def start(self) -> None:
        db = connection.settings_dict
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": "",
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi", f"--workers={self.workers}"]
        command += [f"--bind=127.0.0.1:{self.port}", "--timeout=30", "--graceful-timeout=5"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if Visitor(self.port).request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.log.parent)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]


class Visitor:
    """A person over real HTTP: cookies kept, the CSRF token sent with forms, redirects not followed."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """Status, Location and body of one request."""
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.getheader("Location", ""), response.read().decode()
        finally:
            conn.close()

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, location, body = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password}
        )
        assert (status, location) == (302, "/"), f"sign-in failed: {status}\n{body[:2000]}"


@dataclass(frozen=True)
class Outcome:
    started: float
    ended: float
    method: str
    path: str
    ok: bool
    detail: str
    title: str = ""


def browse(visitor: Visitor, number: int, form: dict, stop: threading.Event, outcomes: list) -> None:
    """What a reviewer does over and over: the home page, the list, the dashboard, a new record."""
    posted = 0
    while not stop.is_set():
        for path in ("/", "/records/", "/dashboard/", "/records/kind/volunteer/new/"):
            method, title, data = "GET", "", None
            if path.endswith("/new/"):
                posted += 1
                method, title = "POST", f"{TITLE} {number}-{posted}"
                data = {**form, "title": title, "accept_warnings": "on"}  # alike titles, one day: asked
            started = time.monotonic()
            try:
                status, location, _ = visitor.request(method, path, data)
            except OSError as exc:
                ok, detail = False, repr(exc)
            else:
                # A saved record answers with a redirect to its page.
                ok = re.fullmatch(r"/records/\d+/", location) is not None if data else status == 200
                detail = str(status)
            outcomes.append(Outcome(started, time.monotonic(), method, path, ok, detail, title))


@pytest.fixture
def sites(transactional_db, demo):
    """One site under load (2 workers) and one left idle through the restart (1 worker)."""
    version, name = cluster()
    busy, idle = Site(workers=2), Site(workers=1)
    try:
        busy.start()
        idle.start()
        yield busy, idle, ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"]
    finally:
        for site in (busy, idle):
            if site.process is not None:
                site.stop()
        # The restart killed this process's own connection; teardown needs a new one.
        connection.close()


def test_a_postgresql_restart_under_load_costs_only_the_requests_in_flight(sites, demo):
    busy, idle, restart = sites
    form = {
        "service_type": "care",
        "date": "2026-03-05",
        "unit": OrgUnit.objects.get(name="石桥村").pk,
        "theme": WorkTheme.objects.get(name="精神文明").pk,
        "volunteers": "15",
        "service_hours": "45",
    }
    reviewer = Visitor(busy.port)
    reviewer.sign_in(demo["reviewer"].username, DEMO_PASSWORD)
    # The idle site has opened its persistent connection before the restart.
    idle_visitor = Visitor(idle.port, reviewer.cookies)
    assert idle_visitor.request("GET", "/")[0] == 200

    stop, outcomes = threading.Event(), []
    threads = [
        threading.Thread(target=browse, args=(Visitor(busy.port, reviewer.cookies), n, form, stop, outcomes))
        for n in range(LOAD_THREADS)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(BEFORE)
        down = time.monotonic()
        subprocess.run(restart, check=True, capture_output=True, timeout=60)
        while not pg_ready():
            time.sleep(0.05)
        up = time.monotonic()
        # Thanks to CONN_HEALTH_CHECKS, a worker whose connection died while it sat idle
        # notices before its next request instead of failing it.
        idle_status = idle_visitor.request("GET", "/")[0]
        time.sleep(AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    connection.close()

    failed = [o for o in outcomes if not o.ok]
    before = [o for o in outcomes if o.ended < down]
    after = [o for o in outcomes if o.started > up]
    print(
        f"\n[faults] PostgreSQL restart under load: {len(outcomes)} requests from {LOAD_THREADS} threads, "
        f"restart took {up - down:.2f} s, {len(outcomes) - len(before) - len(after)} requests overlapped "
        f"it, {len(failed)} failed ({Counter(o.detail for o in failed)}); "
        f"the idle site's first request after it: {idle_status}"
    )
    assert before and len(after) >= 10, "the load did not run on both sides of the restart"
    assert all(o.ok for o in before), [o for o in before if not o.ok]
    assert all(o.ok for o in after), f"requests failed after PostgreSQL was back:\n{busy.output()}"
    assert idle_status == 200, f"the idle site failed its first request after the restart:\n{idle.output()}"

    saved = Counter(VolunteerActivity.objects.filter(title__startswith=TITLE).values_list("title", flat=True))
    confirmed = {o.title for o in outcomes if o.method == "POST" and o.ok}
    print(f"[faults] records: {len(confirmed)} confirmed to the browsers, {sum(saved.values())} saved")
    assert confirmed and all(saved[title] == 1 for title in confirmed), "a confirmed record was lost"
    assert max(saved.values()) == 1, "a record was saved twice"
