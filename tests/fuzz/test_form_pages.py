"""Every page that takes a POST form, fuzzed from its own form's fields: never a server error.

Run with `-s` to see, for each page, how many examples saved (302), were refused with
the form's errors (200) or were rejected as malformed requests (400).
"""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.urls import reverse

from demo.accounts import DEMO_PASSWORD
from portal.models import OrgUnit, User
from portal.roles import Role
from records.forms import ReasonForm
from records.models import Brand, Campaign, Record, WorkTheme
from reports.services import material_call_open
from tests.fuzz.conftest import KINDS
from tests.fuzz.fuzzing import fuzz_post, served
from tests.fuzz.strategies import FormField, page_fields, with_served

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]
NEW_PASSWORD = "Qingxi#2027new"
# Where a workflow button sends the reviewer back to; hostile values try other sites.
NEXT = {"next": FormField(forms.URLField(assume_scheme="https"), served="/records/review/")}


def form_fields(client, url: str, *names: str) -> dict[str, FormField]:
    return page_fields(*served(client, url, *(names or ("form",))))


@pytest.mark.parametrize("kind", KINDS)
def test_record_create(world, kind):
    url = reverse("records:create", args=[kind])
    client = world.client(Role.REPORTER)
    fuzz_post(f"create {kind}", {url: form_fields(client(), url)}, client=client)


@pytest.mark.parametrize("kind", KINDS)
def test_record_edit(world, kind):
    url = reverse("records:edit", args=[world.drafts[kind].pk])
    client = world.client(Role.REPORTER)
    fuzz_post(f"edit {kind}", {url: form_fields(client(), url)}, client=client)


@pytest.mark.parametrize(("action", "state"), [("return", "submitted"), ("reopen", "approved")])
def test_record_return_and_reopen_with_a_reason(world, action, state):
    url = reverse(f"records:{action}", args=[getattr(world, state).pk])
    fields = page_fields(ReasonForm()) | NEXT
    fuzz_post(action, {url: fields}, client=world.client(Role.REVIEWER))


def test_record_approve_and_submit(world):
    """The workflow buttons without a reason: the reviewer's approve, the reporter's submit."""
    fuzz_post(
        "approve",
        {reverse("records:approve", args=[world.submitted.pk]): NEXT},
        client=world.client(Role.REVIEWER),
    )
    submit = reverse("records:submit", args=[world.drafts[next(iter(KINDS))].pk])
    fuzz_post("submit", {submit: NEXT}, client=world.client(Role.REPORTER))


def test_review_queue_approve_chosen(world):
    submitted = Record.objects.filter(status=Record.Status.SUBMITTED)
    fields = {"record": FormField(forms.ModelMultipleChoiceField(submitted), foreign=("1", "2", "3"))}
    fuzz_post("review queue", {reverse("records:review_queue"): fields}, client=world.client(Role.REVIEWER))


@pytest.mark.parametrize("page", ["create", "edit"])
def test_work_theme(world, page):
    theme = WorkTheme.objects.filter(town=world.town).first()
    url = (
        reverse("records:theme_create")
        if page == "create"
        else reverse("records:theme_edit", args=[theme.pk])
    )
    client = world.client(Role.REVIEWER)
    fuzz_post(f"theme {page}", {url: form_fields(client(), url)}, client=client)


@pytest.mark.parametrize("page", ["create", "edit"])
def test_media_outlet(world, page):
    outlet = world.drafts["media"].outlet
    url = (
        reverse("media_outreach:outlet_create")
        if page == "create"
        else reverse("media_outreach:outlet_edit", args=[outlet.pk])
    )
    client = world.client(Role.REVIEWER)
    fuzz_post(f"outlet {page}", {url: form_fields(client(), url)}, client=client)


@pytest.mark.parametrize("page", ["brand_create", "brand_edit", "campaign_create", "campaign_edit"])
def test_brand_and_campaign(world, page):
    town = world.town
    objects = {
        "brand_edit": lambda: Brand.objects.create(town=town, name="理论夜校"),
        "campaign_edit": lambda: Campaign.objects.create(town=town, year=2025, name="主线", lead="聚焦。"),
    }
    args = [objects[page]().pk] if page in objects else []
    url = reverse(f"records:{page}", args=args)
    client = world.client(Role.REVIEWER)
    fuzz_post(page, {url: form_fields(client(), url)}, client=client)


def test_material_call_and_submission(world):
    """The secretary opens the call; a liaison sends highlights with the records behind them."""
    year = world.report.year
    call_url = reverse("reports:material_call", args=[year])
    secretary = world.client(Role.SECRETARY)
    (call_form,) = served(secretary(), reverse("reports:materials", args=[year]), "form")
    fuzz_post("material call", {call_url: page_fields(call_form)}, client=secretary)
    material_call_open(town=world.town, year=year, deadline=date(year, 12, 31), note="", by=None)
    url = reverse("reports:material_submit")
    client = world.client(Role.REPORTER)
    fuzz_post("material submit", {url: form_fields(client(), url)}, client=client)


def test_user_create(world):
    url = reverse("administration:user_create")
    client = world.client(Role.SYSADMIN)
    fields = with_served(form_fields(client(), url), password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    fuzz_post("user create", {url: fields}, client=client)


def test_user_edit(world):
    url = reverse("administration:user_edit", args=[world.users[Role.REPORTER.value].pk])
    client = world.client(Role.SYSADMIN)
    fuzz_post("user edit", {url: form_fields(client(), url)}, client=client)


def test_user_password(world):
    url = reverse("administration:user_password", args=[world.users[Role.REPORTER.value].pk])
    client = world.client(Role.SYSADMIN)
    fields = with_served(form_fields(client(), url), new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD)
    fuzz_post("user password", {url: fields}, client=client)


def test_role_edit(world):
    url = reverse("administration:role_edit", args=[world.users[Role.REPORTER.value].pk])
    client = world.client(Role.SECADMIN)
    fuzz_post("role edit", {url: form_fields(client(), url)}, client=client)


def test_unit_create(world):
    url = reverse("administration:unit_create")
    client = world.client(Role.SYSADMIN)
    fuzz_post("unit create", {url: form_fields(client(), url)}, client=client)


def test_unit_edit(world):
    """A village and the town: one form, whose town keeps its kind and stays active."""
    client = world.client(Role.SYSADMIN)
    urls = [
        reverse("administration:unit_edit", args=[OrgUnit.objects.get(name=name).pk])
        for name in ("石桥村", "青溪镇")
    ]
    fuzz_post("unit edit", {url: form_fields(client(), url) for url in urls}, client=client)


def test_targets(world):
    url = f"{reverse('dashboard:targets')}?year={world.report.year}&unit={world.town.pk}"
    client = world.client(Role.LEADER)
    fuzz_post("targets", {url: form_fields(client(), url)}, client=client)


def test_report_compile_and_binder(world):
    url = reverse("reports:home")
    client = world.client(Role.SECRETARY)
    compile_form, binder = served(client(), url, "form", "binder")
    fuzz_post("report compile", {url: page_fields(compile_form)}, client=client)
    fuzz_post("binder", {reverse("reports:binder_build"): page_fields(binder)}, client=client)


def test_work_rule(world):
    url = reverse("reports:rule_create")
    client = world.client(Role.SECRETARY)
    fuzz_post("work rule", {url: form_fields(client(), url)}, client=client)


def test_report_draft_sections_and_plan(world):
    url = reverse("reports:draft", args=[world.report.pk])
    client = world.client(Role.SECRETARY)
    fields = form_fields(client(), url, "form", "sections", "plan")
    fuzz_post("report draft", {url: fields}, client=client, most_hostile=4)


def test_login(world):
    url = reverse("login")
    client = world.client(None)
    fields = with_served(form_fields(client(), url), username="reporter", password=DEMO_PASSWORD)
    fuzz_post("login", {url: fields}, client=client)


def test_password_change(world):
    url = reverse("password_change")
    client = world.client(Role.REPORTER)
    fields = with_served(
        form_fields(client(), url),
        old_password=DEMO_PASSWORD,
        new_password1=NEW_PASSWORD,
        new_password2=NEW_PASSWORD,
    )
    fuzz_post("password change", {url: fields}, client=client)
    assert User.objects.get(username="reporter").check_password(DEMO_PASSWORD)  # every example rolled back
