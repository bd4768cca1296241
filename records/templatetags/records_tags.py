from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def audit_value(value) -> str:
    """An audit log value for people: auditlog writes a missing value as "None"."""
    return "—" if value in (None, "", "None") else value
