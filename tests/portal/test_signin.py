"""等保 身份鉴别: lockout by user name, forced and periodic password changes, no reuse."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.roles import Role
from tests.factories import can_sign_in

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Demo@2026"
NEW_PASSWORD = "Qingxi#Spring-7"


def sign_in(username: str, password: str, *, ip: str = "10.0.0.8") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.response = client.post(reverse("login"), {"username": username, "password": password})
    return client


def fail(username: str, times: int, *, ip: str = "10.0.0.8") -> None:
    for _ in range(times):
        assert sign_in(username, "Wrong#Guess-1", ip=ip).response.status_code in (200, 429)


def test_four_failures_do_not_lock_and_a_success_clears_them(demo):
    fail("reporter", 4)
    assert sign_in("reporter", DEMO_PASSWORD).response.status_code == 302
    fail("reporter", 4)
    assert sign_in("reporter", DEMO_PASSWORD).response.status_code == 302


def test_the_fifth_failure_locks_the_account_with_a_clear_message(demo):
    fail("reporter", 4)
    locked = sign_in("reporter", "Wrong#Guess-1").response
    assert locked.status_code == 429
    assert "已锁定 30 分钟" in locked.content.decode()
    refused = sign_in("reporter", DEMO_PASSWORD)
    assert refused.response.status_code == 429
    assert "_auth_user_id" not in refused.session


def test_the_lock_lifts_after_thirty_minutes(demo):
    fail("reporter", 5)
    assert sign_in("reporter", DEMO_PASSWORD).response.status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in("reporter", DEMO_PASSWORD).response.status_code == 302


def test_one_office_behind_one_address_does_not_lock_itself_out(demo):
    fail("reporter", 5, ip="10.0.0.8")
    assert sign_in("reviewer", DEMO_PASSWORD, ip="10.0.0.8").response.status_code == 302
    assert sign_in("reporter", DEMO_PASSWORD, ip="10.0.0.9").response.status_code == 429


def test_the_sysadmin_can_unlock_an_account(demo, client_as):
    fail("reporter", 5)
    client_as(Role.SYSADMIN).post(reverse("administration:user_unlock", args=[demo["reporter"].pk]))
    assert sign_in("reporter", DEMO_PASSWORD).response.status_code == 302


def test_the_user_list_shows_who_is_locked(demo, client_as):
    fail("reporter", 5)
    page = client_as(Role.SYSADMIN).get(reverse("administration:user_list")).content.decode()
    assert page.count("已锁定") == 1


def test_an_account_the_sysadmin_creates_must_change_its_password_first(demo, client_as):
    client_as(Role.SYSADMIN).post(
        reverse("administration:user_create"),
        {
            "username": "newliaison",
            "name": "新联络员",
            "unit": User.objects.get(username="liutang").unit_id,
            "password1": "Temp#Pass-2026",
            "password2": "Temp#Pass-2026",
        },
    )
    client = sign_in("newliaison", "Temp#Pass-2026")
    for name in ("dashboard:home", "records:list"):
        response = client.get(reverse(name))
        assert (response.status_code, response.url) == (302, reverse("password_change"))
    assert "首次登录时修改" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "Temp#Pass-2026", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_a_password_the_sysadmin_resets_must_be_changed_at_next_sign_in(demo, client_as):
    reporter = demo["reporter"]
    client_as(Role.SYSADMIN).post(
        reverse("administration:user_password", args=[reporter.pk]),
        {"new_password1": "Reset#Pass-2026", "new_password2": "Reset#Pass-2026"},
    )
    reporter.refresh_from_db()
    assert reporter.must_change_password
    client = sign_in("reporter", "Reset#Pass-2026")
    assert client.get(reverse("dashboard:home")).url == reverse("password_change")


def test_a_password_older_than_ninety_days_must_be_changed(demo):
    User.objects.filter(username="leader").update(password_changed_at=timezone.now() - timedelta(days=91))
    client = sign_in("leader", DEMO_PASSWORD)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.url == reverse("password_change")
    assert "超过 90 天" in client.get(reverse("password_change")).content.decode()
    User.objects.filter(username="leader").update(password_changed_at=timezone.now() - timedelta(days=89))
    assert client.get(reverse("dashboard:dashboard")).status_code == 200


def change_password(client: Client, old: str, new: str):
    return client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_none_of_the_last_five_passwords_can_be_used_again(demo):
    client = sign_in("secretary", DEMO_PASSWORD)
    passwords = [DEMO_PASSWORD] + [f"Qingxi#Round-{n}" for n in range(1, 6)]
    for old, new in itertools.pairwise(passwords):
        assert change_password(client, old, new).status_code == 302
    current = passwords[-1]
    for reused in passwords[-5:]:
        response = change_password(client, current, reused)
        assert response.status_code == 200
        assert "最近 5 次" in response.content.decode()
    # The first one has dropped out of the last five.
    assert change_password(client, current, DEMO_PASSWORD).status_code == 302
    assert can_sign_in("secretary", DEMO_PASSWORD)


def test_a_user_name_longer_than_any_account_is_refused_politely(demo):
    response = sign_in("x" * 300, "Wrong#Guess-1").response
    assert response.status_code == 200
    assert "150" in response.content.decode()


def test_failures_from_two_addresses_add_up_on_the_user_list(demo, client_as):
    fail("reporter", 3, ip="10.0.0.8")
    fail("reporter", 2, ip="10.0.0.9")
    assert sign_in("reporter", DEMO_PASSWORD, ip="10.0.0.7").response.status_code == 429
    page = client_as(Role.SYSADMIN).get(reverse("administration:user_list")).content.decode()
    assert page.count("已锁定") == 1
