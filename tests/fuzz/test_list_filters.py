"""The lists' filters, fuzzed through the query string: never a server error."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from portal.roles import Role
from tests.fuzz.conftest import KINDS
from tests.fuzz.fuzzing import fuzz_get, served
from tests.fuzz.strategies import FormField, page_fields

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


def filter_fields(client, url: str, name: str = "form") -> dict[str, FormField]:
    return page_fields(*served(client, url, name))


def test_record_list_and_its_export(world):
    """The list and its export read one filter form; the export also the kind list it came from."""
    client = world.client(Role.LEADER)
    url = reverse("records:list")
    fields = filter_fields(client(), url)
    export = filter_fields(client(), reverse("records:kind_list", args=[next(iter(KINDS))]))
    export["kind_list"] = FormField(forms.ChoiceField(choices=[(kind, kind) for kind in KINDS]))
    fuzz_get("list and export", {url: fields, reverse("ledger:export"): export}, client=client)


def test_kind_lists(world):
    """The four kinds' lists: one view and one filter form, each kind with its own type field."""
    client = world.client(Role.REVIEWER)
    urls = [reverse("records:kind_list", args=[kind]) for kind in KINDS]
    fuzz_get("kind lists", {url: filter_fields(client(), url) for url in urls}, client=client)


def test_review_queue_pages(world):
    fuzz_get("review queue", {reverse("records:review_queue"): {}}, client=world.client(Role.REVIEWER))


def test_account_search(world):
    """The sysadmin's and the secadmin's account lists share their search."""
    fields = {"q": FormField(forms.CharField(max_length=100))}
    for name, role in [
        ("administration:user_list", Role.SYSADMIN),
        ("administration:role_list", Role.SECADMIN),
    ]:
        fuzz_get(name, {reverse(name): fields}, client=world.client(role))


def test_audit_log_filter(world):
    url = reverse("audit:log")
    client = world.client(Role.AUDITOR)
    fuzz_get("audit log", {url: filter_fields(client(), url)}, client=client)


def test_dashboard_and_targets_scope(world):
    """The year and unit the dashboard and the targets page are about (one form, ScopeForm)."""
    client = world.client(Role.LEADER)
    urls = [reverse("dashboard:dashboard"), reverse("dashboard:targets")]
    fuzz_get("scope", {url: filter_fields(client(), url, "scope") for url in urls}, client=client)
