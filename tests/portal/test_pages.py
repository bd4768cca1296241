"""Pages every visitor meets: sign-in, errors, the language switch, health."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.roles import Role

pytestmark = pytest.mark.django_db


def test_every_page_but_sign_in_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/"


def test_a_wrong_password_is_refused_in_chinese(client, demo):
    response = client.post(reverse("login"), {"username": "reporter", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_a_missing_page_is_friendly_and_chinese(client_as):
    response = client_as(Role.LEADER).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_forbidden_page_says_whom_to_ask(client_as):
    response = client_as(Role.REPORTER).get(reverse("administration:user_list"))
    assert response.status_code == 403
    assert "请联系安全管理员" in response.content.decode()


def test_an_expired_form_gets_a_friendly_page_not_a_technical_one(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "reporter", "password": "Demo@2026"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_the_server_error_page_renders_without_a_template_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()


def test_english_is_chosen_with_the_switch_not_the_browser(client_as):
    client = client_as(Role.SECADMIN)
    assert "角色分配" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Role assignment" in client.get("/").content.decode()


def test_a_user_without_roles_is_told_whom_to_ask(client, demo):
    from portal.models import User

    client.force_login(
        User.objects.create_user("newbie", password="x", name="新人", unit=demo["leader"].unit)
    )
    assert "请联系安全管理员为您分配角色" in client.get("/").content.decode()


def test_health_check_answers_without_signing_in(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_the_system_status_page_shows_each_service(client_as):
    content = client_as(Role.SYSADMIN).get(reverse("administration:system_status")).content.decode()
    for service in ("数据库", "缓存", "任务队列"):
        assert service in content


def test_make_run_shows_the_portals_own_404_and_403_not_djangos(client_as, settings):
    """With DEBUG on, as `make run` has it, a missing or forbidden record is the portal's page."""
    settings.DEBUG = True
    client = client_as("reporter")
    missing = client.get("/records/999999/")
    assert missing.status_code == 404
    content = missing.content.decode()
    assert "DEBUG = True" not in content and "URLconf" not in content
    assert "找不到" in content or "不存在" in content
    forbidden = client.get("/audit/")
    assert forbidden.status_code == 403 and "DEBUG" not in forbidden.content.decode()
