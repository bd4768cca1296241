from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_value(value) -> str:
    """An audit log value for people: auditlog writes a missing value as "None"."""
    if value in (None, "", "None"):
        return "—"
    if value in ("True", "False"):
        return _("是") if value == "True" else _("否")
    return value


@register.simple_tag
def kind_details(record, kind) -> str:
    """A kind's own list columns for one record, as "label value · label value"."""
    parts = []
    for name in kind.columns:
        value = getattr(record, name, None)
        if value not in (None, ""):
            parts.append(f"{record._meta.get_field(name).verbose_name} {value}")
    return " · ".join(parts)
