"""The registry: a kind is defined in one place, and the portal refuses to start without a part."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from figures.metrics import FIGURES
from portal.roles import Role
from records.checks import kinds_check
from records.kinds import KINDS
from reports.binder import BinderScope, binder_docx
from tests.factories import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def incomplete(monkeypatch):
    """The registry with the ideology kind missing its ledger sheet and naming a field it lacks."""
    kind = dataclasses.replace(KINDS["ideology"], sheet=None, facts=("no_such_field",))
    monkeypatch.setitem(KINDS, "ideology", kind)
    return kind


def test_a_kind_without_its_sheet_stops_the_portal_with_a_clear_message(incomplete):
    messages = [error.msg for error in kinds_check(None)]
    assert "Record kind “ideology”: it has no ledger sheet" in messages
    assert "Record kind “ideology”: it names a field “no_such_field” its model does not have" in messages


def test_the_check_runs_at_start_up(incomplete):
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match="it has no ledger sheet"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_registered_kinds_are_complete():
    assert kinds_check(None) == []


@pytest.mark.parametrize("code", ["ideology", "honours"])
def test_the_new_kinds_have_lists_forms_figures_and_a_binder(client_as, code, town):
    kind = KINDS[code]
    record = make_record(code, title=f"一条{kind.label}记录", on=timezone.localdate().replace(month=1, day=5))
    reviewer = client_as(Role.REVIEWER)
    assert reviewer.get(reverse("records:kind_list", args=[code])).context["page"].paginator.count == 1
    assert reviewer.get(reverse("records:detail", args=[record.pk])).status_code == 200
    assert client_as(Role.REPORTER).get(reverse("records:create", args=[code])).status_code == 200
    assert kind.count_code in FIGURES and any(code.startswith(f"{kind.code}.type.") for code in FIGURES)
    leader = client_as(Role.LEADER).get(reverse("dashboard:dashboard"))
    assert any(card.code in kind.cards for card in leader.context["cards"])
    data = binder_docx(BinderScope(town=town, year=record.date.year, kind=code))
    assert data[:2] == b"PK"


def test_a_liaisons_home_offers_every_kind(client_as):
    links = client_as(Role.REPORTER).get(reverse("dashboard:home")).content.decode()
    for code in KINDS:
        assert reverse("records:create", args=[code]) in links
