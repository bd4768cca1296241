"""What each role finds on the home page and in the header.

A section is a role's purpose and the links to the pages that serve it. A link may
carry a badge (a count the home view fills in, such as records awaiting review).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.roles import ROLE_DESCRIPTIONS, Role


@dataclass(frozen=True)
class Link:
    label: Promise
    url_name: str
    icon: str
    perm: str | None = None
    kwargs: dict = field(default_factory=dict)
    in_nav: bool = True
    badge: str | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs=self.kwargs)


@dataclass(frozen=True)
class Section:
    role: Role
    description: Promise
    links: list[Link] = field(default_factory=list)


ALL_RECORDS = Link(_("工作记录"), "records:list", "journal-text", "records.read_record")
DASHBOARD = Link(_("领导驾驶舱"), "portal:dashboard", "speedometer2", "portal.view_dashboard")

ROLE_LINKS: dict[Role, list[Link]] = {
    Role.REPORTER: [
        Link(
            _("登记理论学习"), "records:create", "book", "records.log_record", {"kind": "study"}, in_nav=False
        ),
        Link(
            _("登记宣传活动"),
            "records:create",
            "megaphone",
            "records.log_record",
            {"kind": "event"},
            in_nav=False,
        ),
        Link(
            _("登记志愿服务"),
            "records:create",
            "heart",
            "records.log_record",
            {"kind": "volunteer"},
            in_nav=False,
        ),
        Link(
            _("登记媒体刊发"),
            "records:create",
            "newspaper",
            "records.log_record",
            {"kind": "media"},
            in_nav=False,
        ),
        ALL_RECORDS,
    ],
    Role.REVIEWER: [
        Link(_("待审核"), "records:review_queue", "inbox", "records.review_record", badge="pending"),
        ALL_RECORDS,
        DASHBOARD,
        Link(_("工作板块"), "records:theme_list", "bookmarks", "records.manage_themes"),
        Link(_("媒体名录"), "media_outreach:outlet_list", "broadcast", "media_outreach.manage_outlets"),
    ],
    Role.LEADER: [
        DASHBOARD,
        ALL_RECORDS,
        Link(_("年度目标"), "portal:targets", "bullseye", "portal.set_targets", in_nav=False),
    ],
    Role.SECRETARY: [
        Link(_("年度总结"), "reports:home", "file-earmark-word", "reports.compile_report"),
        DASHBOARD,
        ALL_RECORDS,
    ],
    Role.SYSADMIN: [
        Link(_("用户账号"), "portal:user_list", "people", "portal.manage_users"),
        Link(_("组织单位"), "portal:unit_list", "diagram-3", "portal.manage_units"),
        Link(_("系统状态"), "portal:system_status", "activity", "portal.view_system_status"),
    ],
    Role.SECADMIN: [
        Link(_("角色分配"), "portal:role_list", "person-lock", "portal.assign_roles"),
    ],
    Role.AUDITOR: [
        Link(_("审计日志"), "portal:audit_log", "shield-check", "portal.view_audit_log"),
    ],
}


def sections_for(user: User) -> list[Section]:
    """One section per role the user holds, in the order roles are listed."""
    sections = []
    for role in Role:
        if role not in user.roles:
            continue
        links = [link for link in ROLE_LINKS.get(role, []) if link.perm is None or user.has_perm(link.perm)]
        sections.append(Section(role=role, description=ROLE_DESCRIPTIONS[role], links=links))
    return sections


def nav_links_for(user: User) -> list[Link]:
    """The header's links: every page the user's permissions open, each once."""
    seen, links = set(), []
    for role_links in ROLE_LINKS.values():
        for link in role_links:
            if not link.in_nav or link.url_name in seen:
                continue
            if link.perm is None or user.has_perm(link.perm):
                seen.add(link.url_name)
                links.append(link)
    return links
