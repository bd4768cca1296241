"""How an audit entry's object and detail read on the auditor's page."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent

register = template.Library()

DETAIL_LIMIT = 8
# The words audit_write's callers put in `detail`, as the auditor reads them.
DETAIL_LABELS = {
    "reason": _("原因"),
    "locked": _("账号已锁定"),
    "bad_credentials": _("用户名或密码错误"),
    "rows": _("行数"),
    "filter": _("筛选条件"),
    "imported": _("导入条数"),
    "skipped": _("跳过条数"),
    "errors": _("错误"),
    "job": _("后台任务"),
    "checksum": _("文件摘要"),
    "bytes": _("字节数"),
    "year": _("年度"),
    "file": _("文件"),
    "figures": _("数字个数"),
    "through_seq": _("清理至序号"),
    "days": _("保留天数"),
    "deleted": _("删除条数"),
}


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
    lines = [f"{_field_label(entry, field)}：{_pair(change)}" for field, change in changes.items()]
    lines += [f"{DETAIL_LABELS.get(key, key)}：{_word(value)}" for key, value in detail.items()]
    return lines[:DETAIL_LIMIT] + (["…"] if len(lines) > DETAIL_LIMIT else [])


def _field_label(entry: AuditEvent, name: str) -> str:
    try:
        field = apps.get_model(entry.object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name
    return str(getattr(field, "verbose_name", name))  # a reverse relation has none


def _word(value) -> str:
    return str(DETAIL_LABELS.get(value, value)) if isinstance(value, str) else str(value)


def _pair(change) -> str:
    if isinstance(change, list) and len(change) == 2:
        return f"{_short(change[0])} → {_short(change[1])}"
    if isinstance(change, dict) and change.get("type") == "m2m":
        return f"{change.get('operation', '')} {', '.join(map(str, change.get('objects', [])))}"
    return _short(change)


def _short(value, limit: int = 40) -> str:
    text = "—" if value in (None, "", "None") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
