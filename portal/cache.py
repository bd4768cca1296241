"""The cache as a convenience, never a dependency: when Redis is down or hung, a page
computes what it would have read, and stops asking Redis for a while."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

log = logging.getLogger(__name__)
T = TypeVar("T")
PAUSE_SECONDS = 30  # after a failure, how long this process leaves Redis alone
_down_until = 0.0


def redis_down() -> None:
    """Say Redis failed (the cache or the broker): the cache is skipped for a while."""
    global _down_until
    _down_until = time.monotonic() + PAUSE_SECONDS


def redis_is_down() -> bool:
    """Whether a recent failure says to leave Redis alone for now."""
    return time.monotonic() < _down_until


def cached(key: str, compute: Callable[[], T], seconds: int) -> T:
    """The value kept under `key`, or `compute()` kept for `seconds`; `compute()` alone
    while the cache fails."""
    if redis_is_down():
        return compute()
    try:
        value = cache.get(key)
    except Exception as exc:  # a hung or stopped Redis: the page still answers
        log.warning("Cache unavailable, computing %s: %s", key, exc)
        redis_down()
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except Exception as exc:
            log.warning("Cache unavailable, not keeping %s: %s", key, exc)
            redis_down()
    return value
