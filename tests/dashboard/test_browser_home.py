"""Each role signs in through the real login form and lands on its own home page."""

from __future__ import annotations

import pytest

from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.conftest import VIEWPORTS, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_each_role_signs_in_and_sees_its_home_page(transactional_db, demo, open_page, account, viewport):
    page = open_page(viewport)
    sign_in(page, account.username, DEMO_PASSWORD)

    card = page.locator(f"[data-role={account.role.value}]")
    assert card.is_visible()
    assert str(account.role.label) in card.inner_text()
    # Nothing wider than the screen: a liaison's phone must not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"home-{account.username}-{viewport}")
    assert page.console_errors == []


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(transactional_db, demo, open_page):
    page = open_page("phone")
    page.goto(f"{page.base_url}/users/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "sysadmin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:has-text('登录')")
    page.wait_for_url("**/users/")
    assert page.locator("h1").inner_text() == "用户账号"


def test_the_phone_menu_opens_and_signs_out(transactional_db, demo, open_page):
    page = open_page("phone")
    sign_in(page, "sysadmin", DEMO_PASSWORD)
    page.click(".navbar-toggler")
    page.wait_for_selector("#portal-nav.show")
    page.click("a.dropdown-toggle")
    screenshot(page, "menu-sysadmin-phone")
    page.click("button:has-text('退出登录')")
    page.wait_for_url("**/accounts/login/")
    assert page.console_errors == []


def test_the_language_switch_turns_the_site_english(transactional_db, demo, open_page):
    page = open_page("desktop")
    sign_in(page, "secadmin", DEMO_PASSWORD)
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Role assignment" in page.locator("[data-role=secadmin]").inner_text()
    screenshot(page, "home-secadmin-english")
