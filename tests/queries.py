"""The one way tests count a page's SQL queries, and the count every signed-in page pays."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Every signed-in page: the session and the user. Their permissions, roles, unit, town
# and the ids of the units they may see come from the cache (portal.access), filled by
# the warm-up request.
SIGNED_IN = 2


def queries(
    client: Client, url: str, *, data: dict | None = None, post: bool = False, status: int = 200
) -> int:
    """The queries one request costs, after a warm-up GET (the session's first request of a
    minute also records the time, and caches fill)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data or {}) if post else client.get(url, data or {})
        assert response.status_code == status, response.status_code
    return len(captured)
