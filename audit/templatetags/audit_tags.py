"""How an audit entry's object and detail read on the auditor's page."""

from __future__ import annotations

from django import template
from django.apps import apps

from audit.models import AuditEvent

register = template.Library()

DETAIL_LIMIT = 8


@register.filter
def audit_object(entry: AuditEvent) -> str:
    if not entry.object_type and not entry.object_repr:
        return ""
    try:
        kind = apps.get_model(entry.object_type)._meta.verbose_name
    except (LookupError, ValueError):
        kind = entry.object_type
    return f"{kind}：{entry.object_repr}" if kind else entry.object_repr


@register.filter
def audit_detail(entry: AuditEvent) -> list[str]:
    """One line per changed field ("field: old → new") or per other detail, the first few only."""
    detail = dict(entry.detail)
    changes = detail.pop("changes", None) or {}
    lines = [f"{field}：{_pair(change)}" for field, change in changes.items()]
    lines += [f"{key}：{value}" for key, value in detail.items()]
    return lines[:DETAIL_LIMIT] + (["…"] if len(lines) > DETAIL_LIMIT else [])


def _pair(change) -> str:
    if isinstance(change, list) and len(change) == 2:
        return f"{_short(change[0])} → {_short(change[1])}"
    if isinstance(change, dict) and change.get("type") == "m2m":
        return f"{change.get('operation', '')} {', '.join(map(str, change.get('objects', [])))}"
    return _short(change)


def _short(value, limit: int = 40) -> str:
    text = "—" if value in (None, "", "None") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
