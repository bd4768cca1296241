"""Load: simulated office users signing in, browsing, entering and reviewing records.

    python bench/load.py --users 50 --duration 300      # the measured run (5 minutes)
    python bench/load.py --users 5 --duration 30        # a short run to try it out
    python bench/load.py --url http://127.0.0.1:8000    # against a gunicorn already running
    python bench/load.py --users 24 --capacity 4,8,12,16,24 --duration 60   # the server's capacity
    python bench/load.py --users 12 --capacity 12 --duration 30 --floor     # and /healthz beside it

Seeds the town once (bench/generate.py's approved records, then one account per
simulated user: reporters for the villages, reviewers and leaders for the office,
made through the ORM), starts gunicorn on loopback with production settings unless
--url names a running server (whose DATABASE_URL must be this one's), and lets each
user work in its own thread with its own HTTP session (cookies; connections kept
alive where the server allows it, which gunicorn's sync workers do not, as behind a
proxy): sign in through the form with the real password, then pages with a think
time between them, and now and then sign out and in again. Reporters enter records
of every kind through the kinds' forms (some with a phone-sized photo), reviewers
approve them from the review queue, leaders read the dashboard. No page in the mix
enqueues a job, so no Celery worker is needed; REDIS_URL, when set, is passed on as
in production (the cache).

With --capacity, the same users work with no think time and stay signed in, in steps
of more users at once: each step's requests/s and p50/p95/p99 over its window, sign-in
left out (every user signs in before the window opens: PBKDF2 is slow on purpose),
and the server's CPU a request; the capacity is the most requests/s with the p95 at or
under 500 ms.

Prints per page: requests, p50, p95, p99 and max latency, and errors (an unexpected status,
a form sent back with errors, an exception); then the throughput, who used the CPU
(the machine may be shared), whether every confirmed entry is in the database and
the audit log's hash chain is intact, and the load average; after errors, the
exceptions in gunicorn's log.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import requests
from generate import ensure_database, generate
from setup import ROOT, django_setup

PASSWORD = "Xuanchuan#2026load"
TIMEOUT = 30  # gunicorn's own worker timeout: a request slower than this is already lost
# The pages in the order they are reported; a request is counted under one of them.
PAGES = [
    "sign-in form",
    "sign-in (POST)",
    "home",
    "record list",
    "record list, one kind",
    "dashboard drill-down list",
    "record",
    "new record form",
    "new record (POST)",
    "dashboard",
    "review queue",
    "approve (POST)",
    "sign-out (POST)",
]
# One user in ten reviews and one in ten leads, the rest report for a village; a short
# run with three users or more still has every role.
ROLE_CYCLE = ["reporter", "reviewer", "leader", *["reporter"] * 7]
KIND_WORDS = {"study": "理论学习", "event": "宣传活动", "volunteer": "志愿服务", "media": "媒体刊发"}
PLACES = ["村委会会议室", "新时代文明实践站", "文化礼堂", "镇政府三楼会议室", "村民广场", "农家书屋"]
SEARCH_WORDS = ["记录", "学习", "宣讲", "志愿", "文明", "负载"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECORD_LINK = re.compile(r'href="/records/(\d+)/"')
RECORD_LOCATION = re.compile(r"^/records/\d+/$")
PENDING_CHECKBOX = re.compile(r'name="record" value="(\d+)"')  # the review queue's rows
DRILL_DOWN_LINK = re.compile(r'href="(/records/\?[^"]+)"')
# A field's error or the form's own (the alert above the fields), to say why a form came back.
FORM_ERROR = re.compile(
    r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)'
)
# The last line of a Python traceback: the exception raised.
EXCEPTION_LINE = re.compile(r"^(\w+\.)*\w+(Error|Exception|Shutdown): ")
ABSENTEES = ["张三（出差）", "李四（病假）"]


@dataclass(frozen=True)
class Account:
    username: str
    role: str  # reporter, reviewer or leader


@dataclass
class Stats:
    """Latencies and errors per page, shared by every user thread."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    entered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    since: float = 0.0  # requests that end before this (time.monotonic) are not counted

    def add(self, page: str, seconds: float, problem: str | None) -> None:
        if time.monotonic() < self.since:
            return
        with self.lock:
            self.latencies[page].append(seconds)
        if problem:
            self.fail(page, problem)

    def fail(self, page: str, problem: str) -> None:
        """An error; also one found after the response was timed (it came, but not as it should)."""
        with self.lock:
            self.errors[page] += 1
            if len(self.samples) < 20:
                self.samples.append(f"{page}: {problem}")


class FormFields(HTMLParser):
    """What a browser would send for a form (class `form_class`) left as it was rendered.

    Keeps each named field's value (the selected option, a checked box, a textarea's
    text) and each select's option values, so a record can be filled in from the
    choices the page offers rather than from values the script assumes.
    """

    def __init__(self, form_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.values: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form" and self.form_class in attr.get("class", "").split():
            self.inside = True
        if not self.inside:
            return
        name = attr.get("name")
        if tag == "input" and name:
            kind = attr.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attr:
                    self.values[name] = attr.get("value") or "on"
            elif kind not in ("submit", "button", "file"):
                self.values[name] = attr.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.options[name] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attr.get("value", ""))
            if "selected" in attr:
                self.values[self._select] = attr.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    @classmethod
    def parse(cls, html: str, form_class: str) -> FormFields:
        form = cls(form_class)
        form.feed(html)
        for name, options in form.options.items():
            if name not in form.values and options:  # a browser sends a select's first option
                form.values[name] = options[0]
        return form


def record_fields(kind: str, form: FormFields, rng: random.Random, serial: int) -> dict[str, str]:
    """A plausible entry of `kind`: the form's own defaults, then what a liaison types and picks."""
    data = dict(form.values)

    def pick(name: str) -> None:
        data[name] = rng.choice([value for value in form.options[name] if value])

    data["title"] = f"{KIND_WORDS[kind]}（负载测试 {serial}）"
    data["date"] = (date.today() - timedelta(days=rng.randrange(30))).isoformat()
    data["summary"] = f"组织开展{KIND_WORDS[kind]}。" + "内容充实，群众反响良好。" * rng.randrange(1, 6)
    for name in ("unit", "theme"):
        if not data.get(name):
            pick(name)
    if "place" in data:
        data["place"] = rng.choice(PLACES)
    if "participants" in data:
        data["participants"] = str(rng.randrange(15, 200))
    if rng.random() < 0.05:
        data["is_highlight"] = "on"
    if kind == "study":
        pick("study_type")
        expected = rng.randrange(10, 40)
        present = expected - rng.choice([0, 0, 1, 2])
        data |= {
            "speaker": "镇党委书记",
            "host": "镇党委副书记",
            "expected_attendance": str(expected),
            "participants": str(present),
            "absentees": "\n".join(ABSENTEES[: expected - present]),
            "discussion_points": "结合本村实际谈学习体会，提出下一步工作打算。",
        }
    elif kind == "event":
        pick("event_type")
        data["audience"] = rng.choice(["村民", "中小学生", "企业职工", "老年人"])
    elif kind == "volunteer":
        pick("service_type")
        volunteers = rng.randrange(5, 40)
        data |= {
            "team": "青年志愿服务队",
            "volunteers": str(volunteers),
            "service_hours": str(volunteers * rng.choice([2, 3, 4])),
            "beneficiaries": str(rng.randrange(20, 300)),
        }
    elif kind == "media":
        pick("outlet")
        pick("piece_type")
        data["url"] = f"https://news.example.cn/{serial}.html"
        data["authors"] = "镇宣传办"
    return data


class OfficeUser:
    """One person at a browser: a session (cookies, kept-alive connections) and a role's habits."""

    JOURNEYS = {
        "reporter": {"home": 2, "browse": 4, "enter": 3},
        "reviewer": {"home": 1, "browse": 3, "review": 4, "dashboard": 1, "enter": 1},
        "leader": {"home": 1, "browse": 2, "dashboard": 5},
    }

    def __init__(
        self, account: Account, base: str, stats: Stats, args: argparse.Namespace, seed: int, photo: bytes
    ) -> None:
        self.account = account
        self.base = base
        self.stats = stats
        self.args = args
        self.rng = random.Random(seed)
        self.photo = photo
        self.session = requests.Session()
        self.csrf = ""
        self.signed_in = False
        self.deadline = 0.0
        self.pages_left = 0
        self.serial = seed * 10_000

    def run(self, deadline: float, delay: float) -> None:
        self.deadline = deadline
        time.sleep(delay)
        journeys = self.JOURNEYS[self.account.role]
        try:
            while time.monotonic() < deadline:
                if not self.signed_in:
                    self.sign_in()
                    self.pages_left = self.rng.randrange(20, 80)  # then a break: sign out, and in again
                    if self.args.capacity:
                        self.pages_left = 10**9  # a capacity run measures pages, not PBKDF2
                elif self.pages_left <= 0:
                    self.sign_out()
                else:
                    name = self.rng.choices(list(journeys), weights=list(journeys.values()))[0]
                    getattr(self, name)()
                self.think()
        finally:
            self.session.close()

    def think(self) -> bool:
        """Pause as a person reading the page would; False once the run is over."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(left, self.rng.uniform(self.args.think_min, self.args.think_max)))
        return time.monotonic() < self.deadline

    def call(
        self, page: str, method: str, path: str, *, expect: int = 200, **kwargs
    ) -> requests.Response | None:
        """One request, timed and checked; None if it failed (counted as an error)."""
        self.pages_left -= 1
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, allow_redirects=False, timeout=TIMEOUT, **kwargs
            )
        except requests.RequestException as exc:
            self.stats.add(page, time.perf_counter() - started, f"{method} {path}: {exc!r}")
            return None
        elapsed = time.perf_counter() - started
        problem = None
        if response.status_code != expect:
            problem = f"{method} {path}: {response.status_code}, expected {expect}"
            if response.is_redirect:
                problem += f" (to {response.headers['Location']})"
                # Sent to sign in: the session ended. Sent anywhere else: it is alive after all.
                self.signed_in = not response.headers["Location"].startswith("/accounts/login/")
            elif response.status_code == 200:
                problem += f" {FORM_ERROR.findall(response.text)}"
        self.stats.add(page, elapsed, problem)
        if problem:
            return None
        token = CSRF_INPUT.search(response.text)
        if token:
            self.csrf = token.group(1)
        return response

    def sign_in(self) -> None:
        if not self.csrf and self.call("sign-in form", "GET", "/accounts/login/") is None:
            return
        data = {"username": self.account.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf}
        response = self.call("sign-in (POST)", "POST", "/accounts/login/", data=data, expect=302)
        if response is None:
            self.csrf = ""
            return
        self.signed_in = True
        if response.headers["Location"] != "/":
            self.stats.fail("sign-in (POST)", f"signed in, then sent to {response.headers['Location']}")
            return
        if self.think():
            self.call("home", "GET", "/")

    def sign_out(self) -> None:
        response = self.call("sign-out (POST)", "POST", "/accounts/logout/", data=self.token(), expect=302)
        self.signed_in = False
        self.csrf = ""
        if response is not None and self.think():
            self.call("sign-in form", "GET", "/accounts/login/")

    def token(self) -> dict[str, str]:
        return {"csrfmiddlewaretoken": self.csrf}

    def home(self) -> None:
        self.call("home", "GET", "/")

    def browse(self) -> None:
        """A filtered list, perhaps its next page, then a record or two from it."""
        kind = self.rng.choice([None, *KIND_WORDS])
        path = f"/records/kind/{kind}/" if kind else "/records/"
        params = {"year": date.today().year - self.rng.choice([0, 0, 0, 1, 2])}
        if self.rng.random() < 0.3:
            params["q"] = self.rng.choice(SEARCH_WORDS)
        if self.rng.random() < 0.3:
            params["status"] = self.rng.choice(["approved", "submitted", "draft"])
        if self.rng.random() < 0.2:
            params["sort"] = self.rng.choice(["date", "title", "unit", "-updated"])
        if self.rng.random() < 0.1:
            params["highlight"] = "on"
        page = "record list, one kind" if kind else "record list"
        response = self.call(page, "GET", path, params=params)
        if response is not None and self.rng.random() < 0.3 and self.think():
            response = self.call(page, "GET", path, params={**params, "page": self.rng.randrange(2, 5)})
        for _ in range(self.rng.choice([1, 1, 2])):
            if response is None or not self.open_record(response.text):
                return

    def open_record(self, html: str) -> bool:
        ids = RECORD_LINK.findall(html)
        if not ids or not self.think():
            return False
        return self.call("record", "GET", f"/records/{self.rng.choice(ids)}/") is not None

    def enter(self) -> None:
        """Open a kind's form, fill it in, save it (mostly submitting it), land on the record."""
        kind = "media" if self.account.role == "reviewer" else self.rng.choice(list(KIND_WORDS))
        path = f"/records/kind/{kind}/new/"
        response = self.call("new record form", "GET", path)
        if response is None or not self.think():
            return
        self.serial += 1
        data = record_fields(kind, FormFields.parse(response.text, "record-form"), self.rng, self.serial)
        data["submit" if self.rng.random() < 0.7 else "save"] = ""
        # The simulated titles differ by a number only, so the form asks whether each is
        # a duplicate; a liaison entering a series would tick 已核对 at once, as here.
        data["accept_warnings"] = "on"
        files = [("photos", ("", b"", "application/octet-stream"))]  # an empty file input, as browsers send
        if self.rng.random() < self.args.photos:
            files = [("photos", ("IMG_0001.jpg", self.photo, "image/jpeg"))]
        response = self.call("new record (POST)", "POST", path, data=data, files=files, expect=302)
        if response is None:
            return
        if not RECORD_LOCATION.match(response.headers["Location"]):
            self.stats.fail("new record (POST)", f"sent to {response.headers['Location']}, not to the record")
            return
        with self.stats.lock:
            self.stats.entered += 1
        self.call("record", "GET", response.headers["Location"])

    def dashboard(self) -> None:
        """The dashboard, sometimes last year's, sometimes a figure's list from it."""
        params = {"year": date.today().year - 1} if self.rng.random() < 0.3 else None
        response = self.call("dashboard", "GET", "/dashboard/", params=params)
        links = DRILL_DOWN_LINK.findall(response.text) if response is not None else []
        if links and self.rng.random() < 0.4 and self.think():
            link = self.rng.choice(links).replace("&amp;", "&")
            response = self.call("dashboard drill-down list", "GET", link)
            if response is not None:
                self.open_record(response.text)

    def review(self) -> None:
        """The review queue, then a pending record read and approved."""
        response = self.call("review queue", "GET", "/records/review/")
        ids = PENDING_CHECKBOX.findall(response.text) if response is not None else []
        if not ids or not self.think():
            return
        pk = self.rng.choice(ids[:10])
        if self.call("record", "GET", f"/records/{pk}/") is None or not self.think():
            return
        response = self.call(
            "approve (POST)", "POST", f"/records/{pk}/approve/", data=self.token(), expect=302
        )
        if response is not None:
            self.call("record", "GET", response.headers["Location"])


def seed(town_name: str, records: int, users: int) -> tuple[list[Account], int]:
    """The town with its records (made once) and an account per simulated user; the town's id."""
    from django.contrib.auth.models import Group

    from portal.models import OrgUnit, User

    town = OrgUnit.objects.filter(name=town_name, kind=OrgUnit.Kind.TOWN).first()
    if town is None:
        started = time.perf_counter()
        generate(argparse.Namespace(town=town_name, records=records, years=5, units=20, seed=7))
        town = OrgUnit.objects.get(name=town_name, kind=OrgUnit.Kind.TOWN)
        print(f"{town_name}: {records} records in {time.perf_counter() - started:.1f} s")
    villages = list(OrgUnit.objects.filter(path__startswith=town.path, depth=town.depth + 1).order_by("path"))
    accounts = []
    for i in range(users):
        role = ROLE_CYCLE[i % len(ROLE_CYCLE)]
        username = f"load{town.pk}-{role}{i:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            reporters = sum(account.role == "reporter" for account in accounts)  # spread over villages
            unit = villages[reporters % len(villages)] if role == "reporter" else town
            user = User.objects.create_user(username, password=PASSWORD, name=f"负载{role}{i:02d}", unit=unit)
            user.groups.set([Group.objects.get(name=role)])
        elif user.password_expired:  # a town kept for months: renewed, or sign-in asks for a new one
            user.set_password(PASSWORD)
            user.save()
        accounts.append(Account(username, role))
    return accounts, town.pk


def phone_photo() -> bytes:
    """A 1600 × 1200 JPEG with noise in it, so it weighs what a phone photo of that size does."""
    from PIL import Image

    noise = Image.effect_noise((1600, 1200), 40).convert("RGB")
    picture = Image.blend(Image.linear_gradient("L").resize((1600, 1200)).convert("RGB"), noise, 0.5)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def start_gunicorn(workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn as in docs/operations.md, with production settings over plain HTTP on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", str(TIMEOUT)]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:  # workers still booting accept the connection but may not answer yet
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    return server, url
            except requests.RequestException:
                pass
            if server.poll() is not None:
                break
            time.sleep(1)
        raise SystemExit(f"gunicorn did not start; see {log}")
    except BaseException:
        stop(server)
        raise


def stop(server: subprocess.Popen) -> None:
    """A graceful stop: the master lets its workers finish their requests."""
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


class CpuMeter(threading.Thread):
    """Who used the CPU during the run, sampled from /proc each second (Linux).

    On a shared machine other work competes with the server; this says how much. It
    counts the whole machine, this client, gunicorn's master and workers, and the
    PostgreSQL backends serving this database. A backend that ends between two samples
    (connections last CONN_MAX_AGE) loses at most its last second.
    """

    def __init__(self, server: subprocess.Popen | None, database: str) -> None:
        super().__init__(daemon=True)
        self.server_pid = server.pid if server else -1
        self.backend = f" {database} ".encode()
        self.tick = os.sysconf("SC_CLK_TCK")
        self.stop = threading.Event()
        self.seen: dict[tuple[str, int, int], float] = {}  # (who, pid, start time) -> CPU seconds
        self.sample()
        self.start_seen = dict(self.seen)
        self.start_machine, self.start_client = self.machine(), self.client()

    def run(self) -> None:
        while not self.stop.wait(1):
            self.sample()

    def machine(self) -> float:
        ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        return (sum(ticks) - ticks[3] - ticks[4]) / self.tick  # busy: less idle and iowait

    @staticmethod
    def client() -> float:
        own = os.times()
        return own.user + own.system

    def sample(self) -> None:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()  # state, ppid, ..., utime, stime
                command = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            pid = int(stat.parent.name)
            if self.server_pid in (pid, int(fields[1])):
                who = "gunicorn"
            elif command.startswith(b"postgres: ") and self.backend in command:
                who = "postgres"
            else:
                continue
            self.seen[(who, pid, int(fields[19]))] = (int(fields[11]) + int(fields[12])) / self.tick

    def used(self) -> dict[str, float]:
        """CPU seconds since the meter was made: gunicorn, postgres, and the whole machine's."""
        self.sample()
        used: dict[str, float] = defaultdict(float)
        for key, seconds in self.seen.items():
            used[key[0]] += seconds - self.start_seen.get(key, 0)
        used["machine"] = self.machine() - self.start_machine
        return used

    def summary(self, elapsed: float) -> str:
        self.stop.set()
        self.join()
        used = self.used()
        server = f"gunicorn {used['gunicorn']:.0f}, " if self.server_pid > 0 else ""  # not with --url
        return (
            f"CPU seconds: whole machine {self.machine() - self.start_machine:.0f} of "
            f"{os.cpu_count() * elapsed:.0f}; {server}PostgreSQL for this database "
            f"{used['postgres']:.0f}, this client {self.client() - self.start_client:.0f}"
            " (the rest: other work on the machine)"
        )


def server_errors(log: Path) -> None:
    """Why the server answered 500: the last exception of each logged traceback, counted."""
    causes: Counter[str] = Counter()
    for block in log.read_text(errors="replace").split("Internal Server Error: ")[1:]:
        raised = [line for line in block.splitlines() if EXCEPTION_LINE.match(line)]
        causes[raised[-1][:160] if raised else block.splitlines()[0]] += 1
    print(f"gunicorn's log: {log}")
    for cause, count in causes.most_common(10):
        print(f"  {count} × {cause}")


def percentiles(samples: list[float], *quantiles: float) -> list[float]:
    """The sorted `samples`' quantiles, in ms."""
    return [samples[min(len(samples) - 1, int(q * len(samples)))] * 1000 for q in quantiles]


def report(stats: Stats, elapsed: float) -> None:
    print("| page | requests | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for page in PAGES:
        samples = sorted(stats.latencies.get(page, []))
        if not samples:
            continue
        p50, p95, p99 = percentiles(samples, 0.5, 0.95, 0.99)
        print(
            f"| {page} | {len(samples):,} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {samples[-1] * 1000:.0f} | "
            f"{stats.errors.get(page, 0)} |"
        )
    total = sum(len(samples) for samples in stats.latencies.values())
    errors = sum(stats.errors.values())
    print(f"| all | {total:,} | | | | {errors} |")
    print(f"\n{total:,} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests/s; {errors} errors")
    for sample in stats.samples:
        print(f"  {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--town", default="负载镇")
    parser.add_argument("--records", type=int, default=4000, help="records of a newly seeded town")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--url", help="a running server to load instead of starting gunicorn")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which users arrive")
    parser.add_argument("--photos", type=float, default=0.3, help="share of new records with a photo")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--capacity",
        help="users at each step, e.g. 4,8,12,16: no think time, signed in once before the window; "
        "each step's requests/s and p50/p95/p99 over --duration",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="with --capacity: after each step, its users ask for /healthz alone (the stack's floor)",
    )
    args = parser.parse_args()
    if args.capacity:
        args.think_min = args.think_max = 0.0
    ensure_database()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    accounts, town_pk = seed(args.town, args.records, args.users)
    log = Path(tempfile.mkdtemp(prefix="portal-load-")) / "gunicorn.log"
    server, url = (None, args.url.rstrip("/")) if args.url else start_gunicorn(args.workers, log)
    load = os.getloadavg()
    print(
        f"{len(accounts)} users on {url} for {args.duration:.0f} s; load average {load[0]:.2f} {load[1]:.2f}"
    )
    db_started = database_started()
    if args.capacity:
        try:
            capacity(accounts, url, args, server, connection.settings_dict["NAME"])
        finally:
            if server is not None:
                stop(server)
        return
    meter = CpuMeter(server, connection.settings_dict["NAME"])
    meter.start()
    try:
        stats, elapsed = run(accounts, url, args)
        cpu = meter.summary(elapsed)
    finally:
        if server is not None:
            stop(server)
    report(stats, elapsed)
    print(cpu)
    check_database(stats, town_pk, elapsed, db_started)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if server is not None and sum(stats.errors.values()):
        server_errors(log)


# A capacity step's users all sign in before its window opens (sign-in is PBKDF2 on purpose).
SIGN_IN_WINDOW = 8.0
P95_LIMIT_MS = 500


def capacity(accounts: list[Account], url: str, args: argparse.Namespace, server, database: str) -> None:
    """Requests/s the server answers at each step of users with no think time, and its
    latencies: the capacity is the most requests/s with the p95 at or under 500 ms. With
    --floor, each step's users then ask for /healthz alone for as long: the same server,
    middleware and client doing the least a request can (one `SELECT 1`), beside the mix."""
    steps = [int(step) for step in args.capacity.split(",")]
    print(
        "| users | pages | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors | server CPU ms a request | "
        f"of which PostgreSQL | client CPU ms a request | machine busy (of {os.cpu_count()} cores) |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    best = 0.0
    problems: list[str] = []
    photo = phone_photo()
    for users in steps:
        if users > len(accounts):
            sys.exit(f"--capacity {users} needs --users {users} or more")
        rate, p95, stats = _capacity_step(users, "the mix", url, args, server, database, accounts, photo)
        if p95 <= P95_LIMIT_MS:
            best = max(best, rate)
        problems.extend(stats.samples[:3])
        if args.floor:
            _capacity_step(users, "/healthz", url, args, server, database, accounts, photo)
    print(f"\ncapacity: {best:.1f} requests/s with the p95 at or under {P95_LIMIT_MS} ms")
    for problem in problems:
        print(f"  {problem}")


def _capacity_step(
    users: int, pages: str, url: str, args, server, database: str, accounts: list[Account], photo: bytes
) -> tuple[float, float, Stats]:
    """One step: `users` at once for --duration, its row printed; (requests/s, p95 in ms, stats)."""
    stats = Stats(since=time.monotonic() + SIGN_IN_WINDOW)
    step = argparse.Namespace(**{**vars(args), "duration": args.duration + SIGN_IN_WINDOW, "ramp": 0})
    deadline = time.monotonic() + step.duration
    threads = []
    for i, account in enumerate(accounts[:users]):
        if pages == "/healthz":
            target, arguments = _healthz_until, (url, stats, deadline)
        else:
            user = OfficeUser(account, url, stats, step, args.seed * 1000 + i, photo)
            target, arguments = user.run, (deadline, 0.0)
        threads.append(threading.Thread(target=target, args=arguments, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, stats.since - time.monotonic()))
    meter = CpuMeter(server, database)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - stats.since
    used = meter.used()
    client = meter.client() - meter.start_client
    samples = sorted(
        seconds
        for page, values in stats.latencies.items()
        if page not in ("sign-in form", "sign-in (POST)", "sign-out (POST)")
        for seconds in values
    )
    if not samples:
        return 0.0, float("inf"), stats
    rate = len(samples) / elapsed
    p50, p95, p99 = percentiles(samples, 0.5, 0.95, 0.99)
    server_ms, postgres_ms, client_ms = (
        1000 * seconds / len(samples)
        for seconds in (used["gunicorn"] + used["postgres"], used["postgres"], client)
    )
    errors = sum(stats.errors.values())
    print(
        f"| {users} | {pages} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {errors} | "
        f"{server_ms:.1f} | {postgres_ms:.1f} | {client_ms:.1f} | {used['machine'] / elapsed:.2f} |"
    )
    return rate, p95, stats


def _healthz_until(url: str, stats: Stats, deadline: float) -> None:
    """/healthz again and again until the deadline, as the floor of a capacity step."""
    with requests.Session() as session:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status = session.get(f"{url}/healthz", timeout=TIMEOUT).status_code
            except requests.RequestException as exc:
                stats.add("healthz", time.perf_counter() - started, repr(exc))
                continue
            stats.add("healthz", time.perf_counter() - started, None if status == 200 else f"status {status}")


def run(accounts: list[Account], url: str, args: argparse.Namespace) -> tuple[Stats, float]:
    """Every user in its own thread, arriving one by one over the ramp, until the deadline."""
    stats = Stats()
    photo = phone_photo()
    started = time.monotonic()
    deadline = started + args.duration
    threads = []
    for i, account in enumerate(accounts):
        user = OfficeUser(account, url, stats, args, args.seed * 1000 + i, photo)
        delay = args.ramp * i / len(accounts)
        threads.append(threading.Thread(target=user.run, args=(deadline, delay), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, time.monotonic() - started


def database_started() -> str:
    """When PostgreSQL last started: on a shared machine a restart mid-run explains a burst of 500s."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_postmaster_start_time()::text")
        return cursor.fetchone()[0]


def check_database(stats: Stats, town_pk: int, elapsed: float, db_started: str) -> None:
    """Every entry the server confirmed is in the database, and the audit chain survived the writes.

    Every sign-in, entry, submission, approval and sign-out appended to the hash chain
    from four workers at once: a lost update would show as a broken link.
    """
    from django.db import connection
    from django.utils import timezone

    from audit.log import audit_verify
    from records.models import Record

    connection.close()  # idle through the run, perhaps cut by a restart: open a fresh one
    if database_started() != db_started:
        print(f"PostgreSQL restarted during the run (started {database_started()})")
    since = timezone.now() - timedelta(seconds=elapsed + 5)
    stored = Record.objects.filter(author__username__startswith=f"load{town_pk}-", created_at__gte=since)
    print(f"records entered: {stats.entered}; in the database: {stored.count()}")
    chain = audit_verify(max_problems=5)
    print(f"audit chain: {'intact' if chain.intact else 'NOT intact'}, {chain.checked:,} entries checked")
    for seq, message in chain.problems:
        print(f"  entry {seq}: {message}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
