"""Django's commonest widget templates, written out in Python: the same HTML for less CPU.

Every form field on a page is drawn through Django's widget templates (`input.html`,
`select.html` and an `{% include %}` of `select_option.html` for each option, each with
`attrs.html` inside). A record list's filter form spent 6 ms of its 40 ms there, a
kind's entry form more. `WidgetRenderer` writes those five templates' output directly,
with the template language's own escaping and localisation, and leaves any other
template (or one found outside Django's own directory), and any widget whose context
holds a callable (which the template language would call), to the template engine as
before. `tests/portal/test_widgets.py` holds the two renderers' output equal: widgets
with generated hostile values, and whole pages (every kind's entry form and list, a
record, an edit page, a refused save).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
_OPTION = _WIDGETS + "select_option.html"
# What render_value_in_context reads of a template's context: autoescape on, and the
# settings' localisation and time zone, as in any template the renderer draws.
_CONTEXT = SimpleNamespace(autoescape=True, use_l10n=None, use_tz=None)
# Django's own templates that only include input.html.
_INPUTS = ["checkbox", "color", "date", "datetime", "email", "file", "hidden"]
_INPUTS += ["number", "password", "search", "tel", "text", "time", "url"]


class Unwritten(Exception):
    """A value the template language would treat in its own way: the template draws it."""


def escaped(value) -> str:
    """`{{ value }}`, as the template language writes it; Unwritten for a callable."""
    if callable(value):  # the template language would call it
        raise Unwritten
    return render_value_in_context(value, _CONTEXT)


def _as_string(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    if callable(value):
        raise Unwritten
    formatted = stringformat(value, "s")
    return escaped(mark_safe(formatted) if isinstance(value, SafeData) else formatted)


def _attrs(attrs: dict) -> str:
    """attrs.html."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str | None:
    given = widget.get("value")
    value = f' value="{_as_string(given)}"' if given != None else ""  # noqa: E711 (as the template)
    kind, name = escaped(widget["type"]), escaped(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>\n'


def _option(option: dict) -> str:
    value, label = _as_string(option["value"]), escaped(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None  # a widget with options of its own kind: the template draws it
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _textarea(widget: dict) -> str | None:
    value = escaped(widget["value"]) if widget.get("value") else ""
    return f'<textarea name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


_WRITTEN: dict[str, Callable[[dict], str | None]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS},
    f"{_WIDGETS}input.html": _input,
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}textarea.html": _textarea,
}
_DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"


class WidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the templates above written in Python (FORM_RENDERER)."""

    @cached_property
    def _written(self) -> dict[str, Callable[[dict], str | None]]:
        # Only where the engine loads Django's own file: a renderer whose engine looks in
        # other directories first (a subclass, say) keeps drawing what it finds there.
        def own(name: str) -> bool:
            return Path(self.get_template(name).origin.name).is_relative_to(_DJANGO_TEMPLATES)

        if not all(own(f"{_WIDGETS}{name}.html") for name in ("attrs", "input", "select_option")):
            return {}
        return {name: write for name, write in _WRITTEN.items() if own(name)}

    def render(self, template_name, context, request=None):
        write = self._written.get(template_name)
        if write is not None and request is None and set(context) == {"widget"}:
            try:
                written = write(context["widget"])
            except Unwritten:
                written = None
            if written is not None:
                return written.strip()
        return super().render(template_name, context, request=request)
