"""crispy-forms' field template for Bootstrap 5, written out in Python for the usual field.

Every field the portal draws through crispy (`|as_crispy_field`, `|crispy`) is wrapped by
crispy-bootstrap5's `bootstrap5/field.html`: its label, the widget with Bootstrap's
classes added (crispy's `{% crispy_field %}`), the help text and the errors, through
three more includes. That was about 0.3 ms a field (a list's filter form, a kind's entry
form of fifteen fields), more than the widget inside it. `Loader`, Django's cached
loader, keeps that one template as a `FieldTemplate`: the same compiled template, whose rendering writes the
usual cases (a text input, a select, a text area, a single checkbox, in a vertical form)
directly and leaves every other (radios, checkbox lists, files, multi-widgets, a
fieldset, horizontal forms, table cells, a label or field class) to the template as
before. The HTML is the same but for the amount of whitespace between tags;
`tests/portal/test_fields.py` holds the two equal on every form of the portal's pages.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template import Template
from django.template.loaders.cached import Loader as CachedLoader
from django.utils.safestring import mark_safe

from portal.widgets import Unwritten, escaped

FIELD_TEMPLATE = "bootstrap5/field.html"
# Widgets the template draws in ways of their own (crispy's is_radioselect,
# is_checkboxselectmultiple, is_file and multi-value fields).
# What a layout sets that the template alone draws: a table cell, a horizontal form's columns.
_LAID_OUT = ("tag", "label_class", "field_class", "bootstrap_checkbox_offsets")
_DRAWN_BY_THE_TEMPLATE = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput, forms.MultiWidget)


class FieldTemplate(Template):
    """bootstrap5/field.html, compiled as usual; the usual field written in Python."""

    def _render(self, context) -> str:
        try:
            written = self.write(context)
        except Unwritten:  # a value the template language would call
            written = None
        if written is None:
            return super()._render(context)
        # Escaped as it was built; whitespace on either side, as the template leaves it.
        return mark_safe(f"\n{written}\n")

    def write(self, context) -> str | None:
        field = context.get("field")
        if not isinstance(field, forms.BoundField):
            return None
        if any(context.get(name) for name in _LAID_OUT):
            return None
        if "form-horizontal" in (context.get("form_class") or ""):
            return None
        widget = field.field.widget
        if isinstance(widget, _DRAWN_BY_THE_TEMPLATE) or field.use_fieldset:
            return None
        if field.is_hidden:
            return str(field)
        show_labels = context.get("form_show_labels")
        checkbox = isinstance(widget, forms.CheckboxInput)
        if checkbox and not show_labels:
            return None
        required = field.field.required
        asterisk = '<span class="asteriskField">*</span>' if required else ""
        wrapper = escaped(context.get("wrapper_class") or "")
        wrapper_classes = (f" {wrapper}" if wrapper else "") + _css_classes(field)
        parts = []
        if checkbox:
            parts.append('<div class="mb-3">')
            parts.append(f'<div id="div_{escaped(field.auto_id)}" class="form-check{wrapper_classes}">')
            parts.append(_widget(field, "form-check-input" + (" is-invalid" if field.errors else "")))
            required_class = " requiredField" if required else ""
            parts.append(
                f'<label for="{escaped(field.id_for_label)}" class="form-check-label{required_class}">\n'
                f"{escaped(field.label)}{asterisk}\n</label>"
            )
            parts.append(_help_and_errors(field, context))
            parts.append("</div>\n</div>")
            return "\n".join(parts)
        parts.append(f'<div id="div_{escaped(field.auto_id)}" class="mb-3{wrapper_classes}">')
        if field.label and show_labels:
            target = f'for="{escaped(field.id_for_label)}" ' if field.id_for_label else " "
            required_class = " requiredField" if required else ""
            parts.append(
                f'<label\n{target}class="form-label{required_class}">\n{escaped(field.label)}{asterisk}\n</label>'
            )
        chosen = "form-select" if isinstance(widget, forms.Select) else "form-control"
        parts.append(_widget(field, chosen + (" is-invalid" if field.errors else "")))
        parts.append(_help_and_errors(field, context))
        parts.append("</div>")
        return "\n".join(parts)


def _css_classes(field: forms.BoundField) -> str:
    classes = field.css_classes()
    return f" {escaped(classes)}" if classes else ""


def _widget(field: forms.BoundField, classes: str) -> str:
    """crispy's `{% crispy_field field 'class' classes %}`: the widget's class name and
    `classes` added to its class attribute (on the widget itself, as crispy does), drawn."""
    widget = field.field.widget
    widget = getattr(widget, "widget", widget)
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    class_name = widget.__class__.__name__.lower()
    class_name = converters.get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    for name in classes.split():
        if name not in css_class.split():
            css_class += f" {name}"
    widget.attrs["class"] = css_class
    return str(field)


def _help_and_errors(field: forms.BoundField, context) -> str:
    """bootstrap5/layout/help_text_and_errors.html and the three templates it includes."""
    inline_help, inline_errors = context.get("help_text_inline"), context.get("error_text_inline")
    parts = []
    if inline_help and not inline_errors:
        parts.append(_help(field, inline=True))
    parts.append(_errors(field, context, tag="span" if inline_errors else "p"))
    if not inline_help:
        parts.append(_help(field, inline=False))
    return "\n".join(part for part in parts if part)


def _help(field: forms.BoundField, *, inline: bool) -> str:
    if not field.help_text:
        return ""
    text = mark_safe(field.help_text)  # the template's |safe: help texts are the portal's own
    if inline:
        return f'<span id="{escaped(field.auto_id)}_helptext" class="form-text">{text}</span>'
    where = f'id="{escaped(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {where}class="form-text">{text}</div>'


def _errors(field: forms.BoundField, context, *, tag: str) -> str:
    if not (context.get("form_show_errors") and field.errors):
        return ""
    auto_id = escaped(field.auto_id)
    lines = [f'<div id="{escaped(field.errors.field_id)}_error" class="invalid-feedback">']
    lines += [
        f'<{tag} id="error_{number}_{auto_id}"><strong>{escaped(error)}</strong></{tag}>'
        for number, error in enumerate(field.errors, start=1)
    ]
    lines.append("</div>")
    return "\n".join(lines)


class Loader(CachedLoader):
    """Django's cached loader, keeping crispy-bootstrap5's field template as a FieldTemplate."""

    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip=skip)
        if (
            template_name == FIELD_TEMPLATE
            and type(template) is Template
            and "crispy_bootstrap5" in str(template.origin.name)
        ):
            template = FieldTemplate(template.source, template.origin, template.name, template.engine)
            self.get_template_cache[self.cache_key(template_name, skip)] = template
        return template
