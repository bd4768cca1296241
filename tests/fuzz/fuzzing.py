"""Running a page's fuzzer: 100 requests in CI (20 on a developer's machine), each in a
transaction rolled back after it."""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import OrgUnit, User
from portal.roles import Role
from records.models import Record
from reports.models import ReportDraft
from tests.fuzz.strategies import FormField, form_payload, query_payload

# CI tries 100 examples a fuzzer; a developer's run 20 (HYPOTHESIS_PROFILE picks another).
# 200 took four of CI's twelve minutes (44 fuzzers, 25-50 s each on PostgreSQL, one
# request an example), which pushed the run to 13-17 minutes; HYPOTHESIS_PROFILE=deep
# runs 500 for a change to a form or the import.
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=100, **_COMMON)
settings.register_profile("deep", max_examples=500, **_COMMON)
settings.register_profile("dev", max_examples=20, **_COMMON)
_IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "dev"))
FUZZ = settings()


@dataclass
class World:
    """The demo town's accounts by role, and its rows in the states the fuzzed pages need."""

    users: dict[str, User]
    town: OrgUnit
    drafts: dict[str, Record]  # the reporter's draft of each kind
    submitted: Record
    approved: Record
    report: ReportDraft

    def client(self, role: Role | None) -> Callable[[], Client]:
        """Gives the role's demo account's client (None: anonymous), as it was just signed in.

        The account signs in once; each call takes the client back to that session cookie
        alone, so no cookie one example set (a message, a new session) reaches the next.
        One client serves every call: each new one would build the middleware again.
        """
        client = Client()
        if role is not None:
            client.force_login(self.users[role.value])
        cookies = SimpleCookie(client.cookies)

        def fresh() -> Client:
            client.cookies = SimpleCookie(cookies)
            return client

        return fresh


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    """Each example starts from the same database, so a failure replays the same way."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def served(client: Client, url: str, *names: str) -> list:
    """The forms (or formsets) a page is rendered with, from its template context."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [response.context[name] for name in names]


def fuzz_post(
    label: str,
    pages: dict[str, dict[str, FormField]],
    *,
    client: Callable[[], Client],
    most_hostile: int = 3,
) -> None:
    """POST 100 bodies (in CI) made from a page's form fields: never a server error.

    `pages` maps URLs to their form's fields; URLs of one view and form (one form page
    for two rows, say) share the examples. One save in eight goes on to the page
    it redirects to, which shows what was saved.
    """
    bodies = {url: form_payload(fields, most_hostile=most_hostile) for url, fields in pages.items()}
    follows = st.integers(0, 7).map(lambda n: n == 0)
    requests = _one_of_pages(bodies).flatmap(lambda pair: follows.map(lambda follow: (*pair, follow)))
    statuses = Counter()

    def run(request: tuple[str, dict, bool]) -> None:
        url, body, follow = request
        with rolled_back():
            response = client().post(url, body, follow=follow)
        first = getattr(response, "redirect_chain", None) or [(url, response.status_code)]
        statuses[first[0][1]] += 1
        assert response.status_code < 500

    _run(f"post {label}", run, requests, statuses)


def fuzz_get(label: str, pages: dict[str, dict[str, FormField]], *, client: Callable[[], Client]) -> None:
    """GET 100 query strings (in CI) made from a filter form's fields: never a server error."""
    statuses = Counter()

    def run(request: tuple[str, dict]) -> None:
        url, query = request
        with rolled_back():
            response = client().get(url, query)
        statuses[response.status_code] += 1
        assert response.status_code < 500

    queries = {url: query_payload(fields) for url, fields in pages.items()}
    _run(f"get {label}", run, _one_of_pages(queries), statuses)


def _one_of_pages(payloads: dict[str, st.SearchStrategy[dict]]) -> st.SearchStrategy[tuple[str, dict]]:
    return st.sampled_from(sorted(payloads)).flatmap(lambda url: payloads[url].map(lambda body: (url, body)))


def _run(label: str, run: Callable, requests: st.SearchStrategy, statuses: Counter) -> None:
    run.__name__ = re.sub(r"\W", "_", label)  # the example database keeps each page's examples apart
    FUZZ(given(requests)(run))()
    # Shown with -s: how often the page saved (302), refused (200) or rejected the request (400).
    print(f"\n{label}: {sorted(statuses.items())}")
