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


def cache_call(what: str, call: Callable[[], T]) -> tuple[bool, T | None]:
    """`call()` against the cache: (True, its value), or (False, None) when the cache
    failed, which is logged (`what` says what is done instead) and leaves Redis alone
    for a while."""
    try:
        return True, call()
    except Exception as exc:  # a hung or stopped Redis: the page still answers
        log.warning("Cache unavailable, %s: %s", what, exc)
        redis_down()
        return False, None


def cached(key: str, compute: Callable[[], T], seconds: int) -> T:
    """The value kept under `key`, or `compute()` kept for `seconds`; `compute()` alone
    while the cache fails."""
    if redis_is_down():
        return compute()
    answered, value = cache_call(f"computing {key}", lambda: cache.get(key))
    if not answered:
        return compute()
    if value is None:
        value = compute()
        cache_call(f"not keeping {key}", lambda: cache.set(key, value, seconds))
    return value
