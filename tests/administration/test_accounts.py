"""The administrators' account, role and unit pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import OrgUnit, User
from portal.roles import Role
from portal.services import unit_create
from tests.factories import can_sign_in
from tests.queries import SIGNED_IN, queries

pytestmark = pytest.mark.django_db

STRONG = "Qingxi#2026-safe"


def new_account(**overrides) -> dict:
    village = OrgUnit.objects.get(name="柳塘村")
    data = {
        "username": "newliaison",
        "name": "柳塘信息员",
        "unit": village.pk,
        "phone": "",
        "password1": STRONG,
        "password2": STRONG,
    }
    return data | overrides


def test_the_sysadmin_creates_an_account_that_can_sign_in(client_as):
    response = client_as(Role.SYSADMIN).post(reverse("administration:user_create"), new_account())
    assert response.status_code == 302
    user = User.objects.get(username="newliaison")
    assert (user.unit.name, user.roles) == ("柳塘村", frozenset())
    assert can_sign_in("newliaison", STRONG)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "这个密码太常见了"),
        ({"password2": "Different#2026"}, "输入的两个密码不一致"),
        ({"username": "reporter"}, "已有用户名为“reporter”的账号"),
        ({"name": ""}, "这个字段是必填项"),
    ],
)
def test_a_bad_account_form_says_why_in_chinese_and_saves_nothing(client_as, overrides, message):
    before = User.objects.count()
    response = client_as(Role.SYSADMIN).post(reverse("administration:user_create"), new_account(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_an_account_cannot_be_placed_in_another_town(client_as):
    other = OrgUnit.objects.add_root(create_kwargs={"name": "东坡镇", "kind": OrgUnit.Kind.TOWN})
    response = client_as(Role.SYSADMIN).post(
        reverse("administration:user_create"), new_account(unit=other.pk)
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newliaison").exists()


def test_a_deactivated_account_cannot_sign_in(client_as, demo):
    url = reverse("administration:user_toggle_active", args=[demo["reporter"].pk])
    client_as(Role.SYSADMIN).post(url)
    demo["reporter"].refresh_from_db()
    assert not demo["reporter"].is_active
    assert not can_sign_in("reporter", "Demo@2026")


def test_the_sysadmin_cannot_deactivate_themselves(client_as, demo):
    client = client_as(Role.SYSADMIN)
    response = client.post(
        reverse("administration:user_toggle_active", args=[demo["sysadmin"].pk]), follow=True
    )
    assert "不能停用自己的账号" in response.content.decode()
    demo["sysadmin"].refresh_from_db()
    assert demo["sysadmin"].is_active


def test_the_role_page_refuses_two_administrator_roles_with_a_reason(client_as, demo):
    url = reverse("administration:role_edit", args=[demo["auditor"].pk])
    response = client_as(Role.SECADMIN).post(url, {"roles": ["auditor", "sysadmin"]})
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert demo["auditor"].roles == {Role.AUDITOR}


def test_the_role_page_refuses_changing_ones_own_roles(client_as, demo):
    url = reverse("administration:role_edit", args=[demo["secadmin"].pk])
    response = client_as(Role.SECADMIN).post(url, {"roles": ["secadmin", "leader"]}, follow=True)
    assert "不能修改自己的角色" in response.content.decode()
    assert demo["secadmin"].roles == {Role.SECADMIN}


def test_the_role_page_assigns_work_roles(client_as, demo):
    url = reverse("administration:role_edit", args=[demo["reporter"].pk])
    response = client_as(Role.SECADMIN).post(url, {"roles": ["reporter", "reviewer"]})
    assert response.status_code == 302
    assert User.objects.get(pk=demo["reporter"].pk).roles == {Role.REPORTER, Role.REVIEWER}


def test_a_new_unit_goes_under_the_town(client_as, town):
    data = {"parent": town.pk, "name": "新建村", "kind": OrgUnit.Kind.VILLAGE}
    response = client_as(Role.SYSADMIN).post(reverse("administration:unit_create"), data)
    assert response.status_code == 302
    assert OrgUnit.objects.get(name="新建村").town == town


def test_a_town_keeps_its_kind_and_stays_active(client_as, town):
    response = client_as(Role.SYSADMIN).post(
        reverse("administration:unit_edit", args=[town.pk]), {"name": "青溪镇（新）", "kind": "district"}
    )
    assert response.status_code == 302
    town.refresh_from_db()
    assert (town.name, town.kind, town.is_active) == ("青溪镇（新）", OrgUnit.Kind.TOWN, True)


def test_two_units_of_a_town_cannot_share_a_name(client_as, town):
    data = {"parent": town.pk, "name": "石桥村", "kind": OrgUnit.Kind.VILLAGE}
    response = client_as(Role.SYSADMIN).post(reverse("administration:unit_create"), data)
    assert "本镇已有名为“石桥村”的单位" in response.content.decode()
    assert OrgUnit.objects.filter(name="石桥村").count() == 1


def test_usernames_differing_only_in_case_are_refused(client_as):
    response = client_as(Role.SYSADMIN).post(
        reverse("administration:user_create"), new_account(username="REPORTER")
    )
    assert "不区分大小写" in response.content.decode()


@pytest.mark.parametrize("target", [Role.SECADMIN, Role.AUDITOR])
def test_the_sysadmin_cannot_take_over_the_accounts_that_watch_them(client_as, demo, target):
    client = client_as(Role.SYSADMIN)
    account = demo[target.value]
    client.post(
        reverse("administration:user_password", args=[account.pk]),
        {"new_password1": STRONG, "new_password2": STRONG},
    )
    client.post(reverse("administration:user_toggle_active", args=[account.pk]))
    account.refresh_from_db()
    assert account.is_active
    assert account.check_password("Demo@2026")


def test_the_last_sysadmin_keeps_the_role(client_as, demo):
    url = reverse("administration:role_edit", args=[demo["sysadmin"].pk])
    response = client_as(Role.SECADMIN).post(url, {"roles": ["reporter"]})
    assert "至少要保留一人" in response.content.decode()
    assert demo["sysadmin"].roles == {Role.SYSADMIN}


def test_a_town_cannot_sit_under_a_town(client_as, town):
    village = OrgUnit.objects.get(name="石桥村")
    response = client_as(Role.SYSADMIN).post(
        reverse("administration:unit_edit", args=[village.pk]),
        {"name": "石桥村", "kind": "town", "is_active": "on"},
    )
    assert "不能设在" in response.content.decode()


def test_seed_demo_twice_changes_nothing(demo):
    counts = (User.objects.count(), OrgUnit.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (User.objects.count(), OrgUnit.objects.count()) == counts


@pytest.mark.parametrize(
    ("url_name", "role"),
    [("administration:user_list", Role.SYSADMIN), ("administration:role_list", Role.SECADMIN)],
)
def test_the_account_lists_take_the_same_queries_for_ten_or_a_hundred_accounts(client_as, url_name, role):
    client = client_as(role)
    url = reverse(url_name)
    # + the count, the page of accounts with their units, their groups, and on the
    # sysadmin's list which of them are locked out
    expected = SIGNED_IN + (4 if role == Role.SYSADMIN else 3)
    assert queries(client, url) == expected
    village = OrgUnit.objects.get(name="桃源村")
    User.objects.bulk_create(User(username=f"user{i}", name=f"用户{i}", unit=village) for i in range(100))
    assert queries(client, url) == expected


@pytest.mark.parametrize("url_name", ["administration:user_list", "administration:role_list"])
@pytest.mark.parametrize("search", ["李" * 20_000, "a\x00b"])
def test_an_account_search_too_long_or_with_nul_lists_every_account(client_as, url_name, search):
    role = Role.SYSADMIN if url_name == "administration:user_list" else Role.SECADMIN
    response = client_as(role).get(reverse(url_name), {"q": search})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == User.objects.count()


def test_the_unit_list_takes_the_same_queries_for_eight_or_fifty_units(client_as, town):
    client = client_as(Role.SYSADMIN)
    url = reverse("administration:unit_list")
    # + the units with their account counts
    assert queries(client, url) == SIGNED_IN + 1
    for i in range(42):
        unit_create(parent=town, name=f"第{i}村", kind=OrgUnit.Kind.VILLAGE)
        town.refresh_from_db()
    assert queries(client, url) == SIGNED_IN + 1


def test_a_user_changes_their_own_password(client_as, demo):
    client = client_as(Role.REPORTER)
    response = client.post(
        reverse("password_change"),
        {"old_password": "Demo@2026", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    assert can_sign_in("reporter", STRONG)


def test_the_password_page_addresses_the_user_as_您_throughout(client_as):
    client = client_as(Role.REPORTER)
    page = client.get(reverse("password_change")).content.decode()
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "12345678", "new_password2": "12345678"},
    ).content.decode()
    assert "你" not in page and "你" not in wrong
    assert "您的旧密码不正确" in wrong
