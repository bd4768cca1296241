"""Checks of the services the portal depends on, for the status page and /healthz."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return Check(str(_("数据库")), False, str(exc))
    return Check(str(_("数据库")), True, connection.vendor)


def check_cache() -> Check:
    try:
        cache.set("portal:health", "ok", 10)
        ok = cache.get("portal:health") == "ok"
    except Exception as exc:
        return Check(str(_("缓存")), False, str(exc))
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return Check(str(_("缓存")), ok, backend)


def check_broker() -> Check:
    from portal.celery import SEND_TIMEOUT, app, sending_connection

    if app.conf.task_always_eager:
        return Check(str(_("任务队列")), True, str(_("未配置 Redis：任务在网站进程内执行")))
    try:
        # As the pages that send tasks: a hung Redis costs this page one second, not more.
        with sending_connection() as conn:
            conn.ensure_connection(max_retries=0, timeout=SEND_TIMEOUT)
    except Exception as exc:
        log.warning("Broker check failed: %s", exc)
        return Check(str(_("任务队列")), False, str(exc))
    return Check(str(_("任务队列")), True, "redis")


def run_checks() -> list[Check]:
    return [check_database(), check_cache(), check_broker()]
