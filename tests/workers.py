"""A real Celery worker process and a private Redis for integration tests, on this run's database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def worker_start(*, concurrency: int = 1, **environment: str) -> subprocess.Popen:
    """Start `celery worker` with this run's PostgreSQL test database; `environment` adds to it."""
    db = connection.settings_dict
    env = (
        os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "false",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        | environment
    )
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", f"--concurrency={concurrency}"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=INFO"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def worker_stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def publishing_to(broker_url: str | None = None, **conf):
    """This process sends tasks for real (not in-process), to `broker_url` if given.

    Celery caches its connection pool and producers, so they are dropped on the way
    in and out: a test that changes the broker must not leave the next test talking
    to a server that is gone.
    """
    from portal.celery import app

    changes = {"task_always_eager": False, **conf}
    if broker_url:
        changes["broker_url"] = broker_url
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    _drop_connections(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _drop_connections(app)


def _drop_connections(app) -> None:
    # Forget, not close: kombu's global producer pools may still hold the old pool.
    app._pool = None
    app.amqp._producer_pool = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """A private Redis the test may stop, pause and start, so the shared one is never touched."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def pause(self) -> None:
        """Hang it: connections are still accepted (by the kernel), nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.resume()  # a stopped process would not act on SIGTERM
        self.process.terminate()
        self.process.wait(timeout=10)
