"""The security journeys in a real browser: a new account's first sign-in, a lockout, the auditor's check."""

from __future__ import annotations

import pytest

from demo.accounts import DEMO_PASSWORD
from tests.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser
TEMPORARY = "Temp#Pass-2026"
OWN = "Liu-tang#Spring7"


def test_a_new_liaison_sets_their_own_password_at_first_sign_in(transactional_db, demo, open_page):
    admin = open_page("desktop")
    sign_in(admin, "sysadmin", DEMO_PASSWORD)
    admin.goto(f"{admin.base_url}/users/new/")
    admin.fill("input[name=username]", "wangfang")
    admin.fill("input[name=name]", "王芳")
    admin.select_option("select[name=unit]", label="柳塘村")
    admin.fill("input[name=password1]", TEMPORARY)
    admin.fill("input[name=password2]", TEMPORARY)
    admin.click("form:has(input[name=password1]) button[type=submit]")
    admin.wait_for_url("**/users/")

    page = open_page("phone")
    sign_in(page, "wangfang", TEMPORARY)
    page.wait_for_url("**/accounts/password/")
    assert "首次登录时修改" in page.locator(".alert").inner_text()
    screenshot(page, "password-first-change-phone")
    page.fill("input[name=old_password]", TEMPORARY)
    page.fill("input[name=new_password1]", TEMPORARY)
    page.fill("input[name=new_password2]", TEMPORARY)
    page.click("form:has(input[name=old_password]) button[type=submit]")
    assert "最近 5 次" in page.content()
    page.fill("input[name=old_password]", TEMPORARY)
    page.fill("input[name=new_password1]", OWN)
    page.fill("input[name=new_password2]", OWN)
    page.click("form:has(input[name=old_password]) button[type=submit]")
    page.goto(f"{page.base_url}/")
    assert page.url == f"{page.base_url}/"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.console_errors == admin.console_errors == []


def test_a_locked_out_reporter_is_told_why_and_the_auditor_sees_it(transactional_db, demo, open_page):
    page = open_page("phone")
    for _ in range(5):
        sign_in(page, "reporter", "Wrong#Guess-1")
    assert "已锁定 30 分钟" in page.locator(".alert-danger").inner_text()
    screenshot(page, "login-locked-phone")
    sign_in(page, "reporter", DEMO_PASSWORD)
    assert "/accounts/login/" in page.url

    auditor = open_page("desktop")
    sign_in(auditor, "auditor", DEMO_PASSWORD)
    auditor.goto(f"{auditor.base_url}/audit/?event=lockout")
    assert "账号锁定" in auditor.locator("table").inner_text()
    auditor.goto(f"{auditor.base_url}/audit/")
    auditor.click("button:has-text('校验日志完整性')")
    assert "日志完整" in auditor.locator(".alert").first.inner_text()
    screenshot(auditor, "audit-log-desktop")
    assert auditor.console_errors == []
