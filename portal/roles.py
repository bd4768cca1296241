"""The portal's roles (DESIGN §1) and the permissions each grants.

Roles are Django groups named by their code. The permissions below are the only
place that decides what a role may do; the data migrations apply them with
`sync_role_groups`, and views check permissions, never group names.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("信息员")
    REVIEWER = "reviewer", _("宣传办审核员")
    LEADER = "leader", _("领导")
    SECRETARY = "secretary", _("文字综合")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


ROLE_DESCRIPTIONS = {
    Role.REPORTER: _("为本单位登记工作记录、上传照片并提交审核；只能看到本单位的记录。"),
    Role.REVIEWER: _(
        "审核全镇各单位的记录（通过或退回并说明理由），维护媒体和工作板块，导入历史台账，制定新闻宣传考核办法并核查稿件。"
    ),
    Role.LEADER: _("查看全部记录、领导驾驶舱和新闻宣传考核排名，设定年度目标。"),
    Role.SECRETARY: _("编写、修改并下载年度工作总结和台账导出，印发每月新闻宣传考核通报。"),
    Role.SYSADMIN: _("管理用户账号、组织单位和备份；不能审核记录、分配角色或查看审计日志。"),
    Role.SECADMIN: _("分配角色，设置安全策略（密码规则、锁定、超时）。"),
    Role.AUDITOR: _("查看审计日志，不能修改任何内容。"),
}

# 三员分立: one person holds at most one of these, and then no work role.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
WORK_ROLES = frozenset(Role) - ADMIN_ROLES

# Roles that see every unit of their town; a reporter sees only their own unit.
TOWN_WIDE_ROLES = frozenset(Role) - {Role.REPORTER}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.REPORTER: {"records.log_record", "records.read_record", "reports.submit_material"},
    Role.REVIEWER: {
        "records.log_record",
        "records.read_record",
        "records.review_record",
        "records.manage_themes",
        "records.manage_brands",
        "media_outreach.manage_outlets",
        "portal.view_dashboard",
        "reports.review_material",
        "scoring.manage_rules",
        "scoring.view_scores",
        "scoring.issue_bulletin",
        "inspection.view_inspection",
        "inspection.manage_checklist",
    },
    Role.LEADER: {
        "records.read_record",
        "portal.view_dashboard",
        "portal.set_targets",
        "scoring.view_scores",
        "inspection.view_inspection",
    },
    Role.SECRETARY: {
        "records.read_record",
        "records.manage_brands",
        "portal.view_dashboard",
        "reports.compile_report",
        "reports.review_material",
        "scoring.view_scores",
        "scoring.issue_bulletin",
        "inspection.view_inspection",
    },
    Role.SYSADMIN: {
        "portal.manage_users",
        "portal.manage_units",
        "portal.view_system_status",
    },
    Role.SECADMIN: {"portal.assign_roles"},
    Role.AUDITOR: {"portal.view_audit_log"},
}


def admin_role_conflict(roles: Iterable[str]) -> list[str]:
    """The roles that may not be held together, or [] if `roles` are allowed.

    三员分立: two administrator roles never go together, and an administrator holds no
    work role either (a sysadmin who could approve records would defeat the point).
    """
    roles = set(roles)
    held = sorted(roles & ADMIN_ROLES)
    if len(held) > 1 or (held and roles & WORK_ROLES):
        return [role.value for role in Role if role in roles]
    return []


def validate_role_combination(roles: Iterable[str]) -> None:
    """Raise a ValidationError, worded for the secadmin, if `roles` may not go together."""
    conflict = admin_role_conflict(roles)
    if conflict:
        names = gettext("、").join(str(Role(role).label) for role in conflict)
        raise ValidationError(
            gettext("三员分立：%(roles)s不能由同一人兼任；管理员账号只能担任一种管理员角色。")
            % {"roles": names}
        )


def sync_role_groups(apps, schema_editor=None) -> None:
    """Create each role's group and give it exactly the permissions listed above.

    Written for data migrations (`apps` is the historical registry); permissions that
    Django has not created yet (it does so after migrating) are created here. A
    permission whose model does not exist yet at that point in the migration history
    is left for the later migration that syncs again (tests/portal/test_roles.py
    checks the final state).
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role.value)
        perms = []
        for perm_name in sorted(perm_names):
            app_label, codename = perm_name.split(".")
            perm = _permission(apps, permission_model, content_type_model, app_label, codename)
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


def _permission(apps, permission_model, content_type_model, app_label: str, codename: str):
    existing = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if existing:
        return existing
    try:
        models_of_app = list(apps.get_app_config(app_label).get_models())
    except LookupError:
        return None
    for model in models_of_app:
        for perm_codename, perm_label in model._meta.permissions:
            if perm_codename == codename:
                content_type, _created = content_type_model.objects.get_or_create(
                    app_label=app_label, model=model._meta.model_name
                )
                return permission_model.objects.create(
                    codename=codename, name=str(perm_label), content_type=content_type
                )
    return None
