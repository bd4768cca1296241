"""等保 身份鉴别: strong passwords, idle and absolute session limits."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.roles import Role
from portal.sessions import SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["qingxizhen2026", "QINGXI-TOWN-ONE", "abcdefgh!!"])
def test_a_password_needs_three_kinds_of_character(password):
    with pytest.raises(ValidationError, match="至少 3 种"):
        validate_password(password)


def test_a_password_with_three_kinds_passes():
    validate_password("Qingxi-town-9")


def set_session(client, **values) -> None:
    session = client.session
    session.update(values)
    session.save()


def test_an_idle_session_ends_after_thirty_minutes(client_as, monkeypatch):
    client = client_as(Role.LEADER)
    assert client.get(reverse("dashboard:home")).status_code == 200
    now = client.session[SEEN_KEY]
    monkeypatch.setattr("portal.sessions.time.time", lambda: now + 31 * 60)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_after_twelve_hours(client_as, monkeypatch):
    client = client_as(Role.LEADER)
    client.get(reverse("dashboard:home"))
    started = client.session[STARTED_KEY]
    later = started + 12 * 3600 + 60
    set_session(client, **{SEEN_KEY: later - 30})
    monkeypatch.setattr("portal.sessions.time.time", lambda: later)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_session_in_use_goes_on(client_as, monkeypatch):
    client = client_as(Role.LEADER)
    client.get(reverse("dashboard:home"))
    now = client.session[SEEN_KEY]
    for minutes in (20, 40, 60):
        monkeypatch.setattr("portal.sessions.time.time", lambda m=minutes: now + m * 60)
        assert client.get(reverse("dashboard:home")).status_code == 200
