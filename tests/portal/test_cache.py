"""The cache is a convenience: a failing Redis costs a computation, never the page."""

from __future__ import annotations

from portal import cache as portal_cache


class Broken:
    def __init__(self) -> None:
        self.calls = 0

    def get(self, key):
        self.calls += 1
        raise TimeoutError("Timeout reading from socket")

    def set(self, key, value, seconds):
        raise TimeoutError("Timeout reading from socket")


def test_a_failing_cache_is_computed_around_and_then_left_alone(monkeypatch):
    broken = Broken()
    monkeypatch.setattr(portal_cache, "cache", broken)
    assert portal_cache.cached("k", lambda: 41 + 1, 60) == 42
    assert portal_cache.cached("k", lambda: 43, 60) == 43
    assert broken.calls == 1  # the second read did not wait on Redis again


def test_a_working_cache_keeps_the_value(monkeypatch):
    computed = []
    assert portal_cache.cached("portal-test-key", lambda: computed.append(1) or "v", 60) == "v"
    assert portal_cache.cached("portal-test-key", lambda: computed.append(1) or "w", 60) == "v"
    assert computed == [1]
