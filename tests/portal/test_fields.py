"""crispy's field template written in Python (portal.fields) draws what the template draws.

Every page of the portal with a crispy form, empty, bound and sent back with errors, drawn
with the usual fields written in Python and with the template alone: the same HTML but
for the amount of whitespace between tags. And fields built to be awkward: hostile
labels, help texts and errors, a required checkbox, classes already on the widget.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.fields import FieldTemplate
from portal.roles import Role
from reports.services import draft_compile
from tests.factories import make_record

# What differs from one drawing to the next: the CSRF token, a form's one-time submission key.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[0-9a-f]{32}"')


def drawn_both_ways(draw) -> tuple[str, str, int]:
    """`draw()` with the usual fields written in Python, then by the template alone,
    whitespace runs made one space (after a first drawing, which shows any message an
    earlier page left); and how many fields Python wrote."""
    draw()
    write, written_fields = FieldTemplate.write, []

    def counted(self, context):
        written_fields.append(write(self, context))
        return written_fields[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FieldTemplate, "write", counted)
        written = draw()
        patch.setattr(FieldTemplate, "write", lambda self, context: None)
        templated = draw()
    count = sum(field is not None for field in written_fields)
    return (*(re.sub(r"\s+", " ", CSRF.sub("", html)) for html in (written, templated)), count)


def where_they_differ(written: str, templated: str) -> str:
    pairs = enumerate(zip(written, templated, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), min(len(written), len(templated)))
    start, end = max(0, at - 150), at + 150
    return f"\nwritten:   …{written[start:end]}\ntemplated: …{templated[start:end]}"


def test_the_field_template_is_the_python_one():
    template = engines["django"].engine.get_template("bootstrap5/field.html")
    assert isinstance(template, FieldTemplate)
    assert "crispy_bootstrap5" in template.origin.name


@pytest.mark.django_db
def test_every_page_with_a_crispy_form_is_the_same_html_as_with_the_template(client_as, demo, town):
    record = make_record("study", on=date(2026, 3, 2))
    draft = draft_compile(town=town, year=2025, by=demo["secretary"])
    pages = {
        Role.REVIEWER: [
            reverse("records:list") + "?year=2026&q=<b>&status=nonsense&date_from=x",
            reverse("records:detail", args=[record.pk]),
            reverse("records:edit", args=[record.pk]),
            *(reverse("records:create", args=[kind]) for kind in ("study", "event", "volunteer", "media")),
            reverse("records:kind_list", args=["media"]) + "?highlight=on&type=nonsense",
            reverse("media_outreach:outlet_create"),
            reverse("ledger:import"),
        ],
        Role.SECRETARY: [
            reverse("reports:home"),
            reverse("reports:draft", args=[draft.pk]),
            reverse("reports:material_submit"),
            reverse("reports:rule_create"),
        ],
        Role.LEADER: [reverse("dashboard:targets")],
        Role.SYSADMIN: [reverse("administration:user_create"), reverse("administration:unit_create")],
    }
    posts = {
        Role.REVIEWER: [
            (reverse("records:create", args=["study"]), {"title": "<x>", "participants": "-3"}),
            (
                reverse("records:create", args=["event"]),
                {"title": "", "is_highlight": "on", "date": "2026-02-30"},
            ),
            (reverse("media_outreach:outlet_create"), {"name": ""}),
        ],
        Role.SYSADMIN: [(reverse("administration:user_create"), {"username": "<a>", "email": "x"})],
    }
    fields = 0
    for role in {*pages, *posts}:
        client = client_as(role)
        for url in pages.get(role, []):
            written, templated, count = drawn_both_ways(
                lambda url=url, client=client: client.get(url).content.decode()
            )
            assert written == templated, url + where_they_differ(written, templated)
            fields += count
        for url, data in posts.get(role, []):
            written, templated, count = drawn_both_ways(
                lambda url=url, data=data, client=client: client.post(url, data).content.decode()
            )
            fields += count
            assert "invalid-feedback" in written, url  # sent back with its errors
            assert written == templated, url + where_they_differ(written, templated)
    assert fields > 150  # most of the pages' fields are the usual ones, written in Python


@pytest.mark.django_db
def test_the_sign_in_page_is_the_same_html_as_with_the_template(client):
    url = reverse("login")
    for draw in (
        lambda: client.get(url).content.decode(),
        lambda: client.post(url, {"username": "x"}).content.decode(),
    ):
        written, templated, count = drawn_both_ways(draw)
        assert written == templated, where_they_differ(written, templated)
        assert count == 2


texts = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    label=texts,
    help_text=texts,
    error=texts,
    required=st.booleans(),
    existing_class=st.sampled_from(["", "wide", "textinput", "form-control extra"]),
    kind=st.sampled_from(["text", "select", "textarea", "checkbox", "number", "date", "hidden"]),
    bound=st.booleans(),
    as_form=st.booleans(),
)
def test_awkward_fields_are_drawn_as_the_template_draws_them(
    label, help_text, error, required, existing_class, kind, bound, as_form
):
    attrs = {"class": existing_class} if existing_class else {}
    field = {
        "text": lambda: forms.CharField(widget=forms.TextInput(attrs=attrs)),
        "select": lambda: forms.ChoiceField(
            choices=[("a", "<甲>"), ("b", label)], widget=forms.Select(attrs=attrs)
        ),
        "textarea": lambda: forms.CharField(widget=forms.Textarea(attrs=attrs)),
        "checkbox": lambda: forms.BooleanField(widget=forms.CheckboxInput(attrs=attrs)),
        "number": lambda: forms.IntegerField(widget=forms.NumberInput(attrs=attrs)),
        "date": lambda: forms.DateField(widget=forms.DateInput(attrs=attrs)),
        "hidden": lambda: forms.CharField(widget=forms.HiddenInput(attrs=attrs)),
    }[kind]()
    field.label, field.help_text, field.required = label, help_text, required

    def draw() -> str:
        form_class = type(
            "Awkward", (forms.Form,), {"value": field, "other": forms.CharField(required=False)}
        )
        form = form_class({"value": "x"} if bound else None)
        if bound:
            form.is_valid()
            form.add_error("value", error or "错")
        template = "{% load crispy_forms_tags %}" + (
            "{{ form|crispy }}" if as_form else "{{ form.value|as_crispy_field }}"
        )
        return engines["django"].from_string(template).render({"form": form})

    written, templated, count = drawn_both_ways(draw)
    assert written == templated, where_they_differ(written, templated)
    assert count == (2 if as_form else 1)
