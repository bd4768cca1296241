"""How an audit entry's object and detail read: on the auditor's page and in the export."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from urllib.parse import unquote_plus

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent, Event
from portal.models import OrgUnit
from portal.roles import Role

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
    "town": _("镇"),
    "unit": _("单位"),
    "kind": _("类别"),
    "upload": _("暂存文件"),
    "created": _("新建"),
    "units": _("新建单位"),
    "build": _("生成编号"),
    "bulk": _("批量条数"),
    "through_hash": _("清理至摘要"),
}
# Details that say nothing to the auditor when empty, and changes that are only defaults on a create.
QUIET = (None, "", "None", "False", False, [], {})
# Details kept for the machine (the stored upload an import claimed), not for the auditor's eye.
HIDDEN = {"upload"}


def audit_object(entry: AuditEvent) -> str:
    if not entry.object_type and not entry.object_repr:
        return ""
    try:
        kind = apps.get_model(entry.object_type)._meta.verbose_name
    except (LookupError, ValueError):
        kind = entry.object_type
    number = f"（#{entry.object_id}）" if entry.object_id.isdigit() else ""  # two records may share a title
    return f"{kind}：{entry.object_repr}{number}" if kind else f"{entry.object_repr}{number}"


def audit_detail(entry: AuditEvent) -> list[str]:
    """One line per changed field ("field: old → new") or per other detail, the first few only.

    Written as the auditor reads them: units by name, roles by their names, a new
    account's fields without the defaults it was made with, no empty details.
    """
    lines = detail_lines(entry)
    return lines[:DETAIL_LIMIT] + (["…"] if len(lines) > DETAIL_LIMIT else [])


def units_named(entries) -> None:
    """Look up the objects the entries' details name by id (a unit, a reviewer, a theme): one
    query per model for a whole page, which `_value` then reads instead of querying."""
    wanted: dict[type, set[int]] = {}
    for entry in entries:
        for name, change in (entry.detail.get("changes") or {}).items():
            model = getattr(_field(entry, name), "related_model", None)
            if model is not None and isinstance(change, list):
                wanted.setdefault(model, set()).update(int(value) for value in change if str(value).isdigit())
        for key in ("town", "unit"):
            if str(entry.detail.get(key, "")).isdigit():
                wanted.setdefault(OrgUnit, set()).add(int(entry.detail[key]))
    names = {}
    for model, ids in wanted.items():
        for found in model._default_manager.filter(pk__in=ids):
            names[model, found.pk] = _name_of(found)
    for entry in entries:
        entry.unit_names = names


def _name_of(found) -> str:
    return found.name if isinstance(found, OrgUnit) else str(found)


def detail_lines(entry: AuditEvent) -> list[str]:
    detail = dict(entry.detail)
    names = getattr(entry, "unit_names", None)
    changes = detail.pop("changes", None) or {}
    created = entry.event in (Event.USER_CREATE, Event.DATA_CREATE)
    lines = []
    for name, change in changes.items():
        field = _field(entry, name)
        if created and isinstance(change, list) and len(change) == 2 and change[1] in QUIET:
            continue  # a field a new object was made without
        label = str(getattr(field, "verbose_name", name)) if field else name
        made = created and isinstance(change, list) and len(change) == 2  # nothing before it
        lines.append(f"{label}：{_value(change[1], field, names) if made else _pair(change, field, names)}")
    for key, value in detail.items():
        if value in QUIET or key in HIDDEN:
            continue
        if key in ("town", "unit") and str(value).isdigit():
            value = _related_name(OrgUnit, value, names)
        lines.append(f"{DETAIL_LABELS.get(key, key)}：{_word(value)}")
    return lines


def _field(entry: AuditEvent, name: str):
    try:
        return apps.get_model(entry.object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _word(value) -> str:
    if isinstance(value, str):
        return str(DETAIL_LABELS.get(value, unquote_plus(value) if "=" in value else value))
    if isinstance(value, dict):
        return "、".join(f"{DETAIL_LABELS.get(key, key)} {item}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def _pair(change, field=None, names=None) -> str:
    if isinstance(change, list) and len(change) == 2:
        return f"{_value(change[0], field, names)} → {_value(change[1], field, names)}"
    if isinstance(change, dict) and change.get("type") == "m2m":
        operation = {"add": _("新增"), "delete": _("取消"), "remove": _("取消")}.get(
            change.get("operation"), ""
        )
        objects = [
            _role(name) if getattr(field, "name", "") == "groups" else name
            for name in change.get("objects", [])
        ]
        return f"{operation} {'、'.join(map(str, objects))}"
    return _short(change)


def _value(value, field, names=None) -> str:
    """A changed value as a person reads it: a unit's (a reviewer's…) name for its id, a
    choice's label for its code, 是/否 for a flag, a time in the portal's time zone."""
    model = getattr(field, "related_model", None)
    if model is not None and str(value).isdigit():
        return _related_name(model, value, names)
    if value in ("True", True):
        return str(_("是"))
    if value in ("False", False):
        return str(_("否"))
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(value)  # django-auditlog writes UTC, without the offset
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    return _short(value)


def _related_name(model, pk, names: dict | None) -> str:
    if names is not None and (model, int(pk)) in names:
        return names[model, int(pk)]
    found = model._default_manager.filter(pk=int(pk)).first()
    return _name_of(found) if found else f"#{pk}"


def _role(name: str) -> str:
    try:
        return str(Role(name).label)
    except ValueError:
        return name


def _short(value, limit: int = 40) -> str:
    text = "—" if value in (None, "", "None") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
