"""The Celery application. Its settings are the CELERY_* names in portal/settings.py."""

from __future__ import annotations

import os

from celery import Celery
from kombu import Connection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Sending a task gives up after this long in all. A paused Redis still accepts the
# connection and then never answers; the page that sent the task must answer within
# 2 seconds all the same.
SEND_TIMEOUT = 1.0


def sending_connection() -> Connection:
    """A new broker connection that tries once and waits at most SEND_TIMEOUT for an answer.

    Celery's pooled connection retries a failed publish and reconnects on the way
    (three socket timeouts in all with the settings' retry policy: 6 s on a hung
    Redis), and one left broken by a Redis restart fails the next send. A fresh
    connection costs about a millisecond, and tasks are sent a few times a day.
    """
    return app.connection_for_write(
        connect_timeout=SEND_TIMEOUT,
        transport_options={
            "socket_timeout": SEND_TIMEOUT,
            "socket_connect_timeout": SEND_TIMEOUT,
            "max_retries": 0,
        },
    )
