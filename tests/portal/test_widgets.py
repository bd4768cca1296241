"""The widget templates written in Python draw exactly what Django's templates draw."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.roles import Role
from portal.widgets import WidgetRenderer
from records.kinds import KINDS
from tests.factories import make_record

TEMPLATES = DjangoTemplates()
WRITTEN = WidgetRenderer()
HOSTILE = st.lists(st.sampled_from([*"ab 学<>&\"'\n", "&amp;", "{{", "%s"]), max_size=8).map("".join)
VALUES = st.one_of(
    st.none(),
    HOSTILE,
    HOSTILE.map(mark_safe),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(),
    st.just(gettext_lazy("全部")),
)
ATTRS = st.dictionaries(
    st.sampled_from(
        ["id", "class", "placeholder", "required", "disabled", "maxlength", "data-x", "aria-describedby"]
    ),
    st.one_of(st.booleans(), VALUES),
    max_size=5,
)
CHOICES = st.lists(st.tuples(VALUES, VALUES), max_size=6)
GROUPED = st.lists(st.one_of(st.tuples(VALUES, VALUES), st.tuples(HOSTILE.filter(bool), CHOICES)), max_size=4)
INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.DateInput,
    forms.TimeInput,
    forms.HiddenInput,
    forms.FileInput,
    forms.CheckboxInput,
    forms.Textarea,
    lambda: forms.PasswordInput(render_value=True),
]


def both(widget: forms.Widget, value, attrs: dict) -> tuple[str, str]:
    """The widget drawn by each renderer (or the error both give, for a value it cannot take)."""

    def draw(renderer) -> str:
        try:
            return widget.render("field", value, attrs, renderer=renderer)
        except TypeError as error:
            return f"TypeError: {error}"

    return draw(WRITTEN), draw(TEMPLATES)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(INPUTS), VALUES, ATTRS)
def test_inputs_and_text_areas_are_drawn_as_the_templates_draw_them(make, value, attrs):
    written, templated = both(make(), value, attrs)
    assert written == templated


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([forms.Select, forms.SelectMultiple, forms.NullBooleanSelect, forms.RadioSelect]),
    GROUPED,
    st.one_of(VALUES, st.lists(VALUES, max_size=3)),
    ATTRS,
)
def test_selects_with_groups_are_drawn_as_the_templates_draw_them(widget_class, choices, value, attrs):
    widget = widget_class() if widget_class is forms.NullBooleanSelect else widget_class(choices=choices)
    written, templated = both(widget, value, attrs)
    assert written == templated


def _called() -> str:
    return "called<"


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput(attrs={"data-x": _called}),
        forms.Select(choices=[(_called, "一")]),
        forms.Select(choices=[(1, _called)]),
    ],
    ids=["attribute", "option value", "option label"],
)
def test_a_callable_is_left_to_the_template_language_which_calls_it(widget):
    written, templated = both(widget, "v", {})
    assert "called&lt;" in templated
    assert written == templated


def test_a_value_unequal_to_none_by_its_own_rule_is_drawn_as_the_template_draws_it():
    """The template asks `value != None`; a value equal to everything and unequal too is drawn."""

    class Odd:
        def __eq__(self, other):
            return True

        def __ne__(self, other):
            return True

        __hash__ = object.__hash__

        def __str__(self):
            return "odd"

    context = {"widget": {"type": "text", "name": "n", "value": Odd(), "attrs": {}}}
    name = "django/forms/widgets/text.html"
    assert (
        WRITTEN.render(name, context)
        == TEMPLATES.render(name, context)
        == '<input type="text" name="n" value="odd">'
    )


def test_an_apps_own_widget_template_is_still_used(tmp_path, settings):
    """A template of the same name found first (an app's override) is drawn by the engine."""
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "text.html").write_text("<b>overridden</b>")

    class Overridden(WidgetRenderer):
        @property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "overridden", "OPTIONS": {}})

    renderer = Overridden()
    assert forms.TextInput().render("x", "y", renderer=renderer) == "<b>overridden</b>"
    assert forms.Select(choices=[(1, "一")]).render("x", 1, renderer=renderer) == forms.Select(
        choices=[(1, "一")]
    ).render("x", 1, renderer=TEMPLATES)


def test_the_portal_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), WidgetRenderer)


# What differs from one drawing to the next: the CSRF token, a form's one-time submission key.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[0-9a-f]{32}"')


@pytest.mark.django_db
def test_every_kinds_form_list_and_record_page_is_the_same_html_as_with_the_templates(client_as, demo):
    """Whole pages, with bound values, errors, choices of units and themes, drawn both ways."""
    record = make_record("study", on=date(2026, 3, 2))
    client = client_as(Role.REVIEWER)
    urls = [
        reverse("records:list") + "?year=2026&q=<b>&status=nonsense",
        reverse("records:detail", args=[record.pk]),
        reverse("records:edit", args=[record.pk]),
        *(reverse("records:create", args=[kind]) for kind in KINDS),
        *(reverse("records:kind_list", args=[kind]) + "?highlight=on" for kind in KINDS),
    ]
    pages = {}
    for renderer in ("portal.widgets.WidgetRenderer", "django.forms.renderers.DjangoTemplates"):
        get_default_renderer.cache_clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.conf.settings.FORM_RENDERER", renderer)
            pages[renderer] = [CSRF.sub("", client.get(url).content.decode()) for url in urls]
            pages[renderer].append(
                CSRF.sub(
                    "",
                    client.post(reverse("records:create", args=["study"]), {"title": "<x>"}).content.decode(),
                )
            )
    get_default_renderer.cache_clear()
    written, templated = pages.values()
    for url, ours, theirs in zip([*urls, "POST create study"], written, templated, strict=True):
        assert ours == theirs, url
