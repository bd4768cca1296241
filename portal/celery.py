"""The Celery application. Its settings are the CELERY_* names in portal/settings.py."""

from __future__ import annotations

import os

from celery import Celery
from kombu import Connection
from kombu.transport import redis as redis_transport
from redis.exceptions import ConnectionError as RedisConnectionError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Celery 5.7.0 closes the consumer's broker connection a second time right after
# collect() has detached it from its transport (celery/worker/consumer/consumer.py,
# on_connection_error_after_connected). If Redis died while a job ran and the
# consumer had a BRPOP outstanding, the first close of the default channel stopped
# early, so the second one asks the detached transport for the broker's address:
# AttributeError: 'NoneType' object has no attribute 'hostname', an unrecoverable
# error, and the worker exits. Two patches, each enough for that path:
# collect() forgets the channel it has closed, as a reconnect does
# (Connection._connection_factory); and a channel whose connection is gone fails as
# a broken connection, which Celery catches and recovers from, wherever else it is
# still used (the running job's late ack, the hub's close).
_collect = Connection.collect


def _collect_forgetting_default_channel(self, socket_timeout=None):
    try:
        return _collect(self, socket_timeout)
    finally:
        self._default_channel = None


Connection.collect = _collect_forgetting_default_channel

_connparams = redis_transport.Channel._connparams


def _connparams_while_connected(self, *args, **kwargs):
    if self.connection is None or self.connection.client is None:
        raise RedisConnectionError("this channel's broker connection is closed")
    return _connparams(self, *args, **kwargs)


redis_transport.Channel._connparams = _connparams_while_connected

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
