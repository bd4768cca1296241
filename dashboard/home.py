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
from records.kinds import KINDS


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
DASHBOARD = Link(_("领导驾驶舱"), "dashboard:dashboard", "speedometer2", "portal.view_dashboard")
SERIES = Link(_("品牌与年度主线"), "records:series_list", "stars", "records.manage_brands", in_nav=False)
SCORING = Link(_("新闻宣传考核"), "scoring:month", "trophy", "scoring.view_scores")
INSPECTION = Link(_("迎检"), "inspection:gaps", "clipboard-check", "inspection.view_inspection")


def _logging_links() -> list[Link]:
    """A liaison's buttons: one per registered kind."""
    return [
        Link(
            kind.create_label, "records:create", kind.icon, "records.log_record", {"kind": code}, in_nav=False
        )
        for code, kind in KINDS.items()
    ]


def role_links() -> dict[Role, list[Link]]:
    return {
        Role.REPORTER: [
            *_logging_links(),
            ALL_RECORDS,
            Link(_("年终素材"), "reports:material_submit", "inboxes", "reports.submit_material"),
        ],
        Role.REVIEWER: [
            Link(_("待审核"), "records:review_queue", "inbox", "records.review_record", badge="pending"),
            ALL_RECORDS,
            DASHBOARD,
            SCORING,
            INSPECTION,
            Link(_("导入台账"), "ledger:import", "upload", "records.review_record", in_nav=False),
            Link(_("工作板块"), "records:theme_list", "bookmarks", "records.manage_themes"),
            SERIES,
            *(
                Link(page.label, page.url_name, page.icon, page.perm)
                for kind in KINDS.values()
                for page in kind.pages
            ),
        ],
        Role.LEADER: [
            DASHBOARD,
            SCORING,
            INSPECTION,
            ALL_RECORDS,
            Link(_("年度目标"), "dashboard:targets", "bullseye", "portal.set_targets", in_nav=False),
        ],
        Role.SECRETARY: [
            Link(_("年度总结"), "reports:home", "file-earmark-word", "reports.compile_report"),
            SERIES,
            DASHBOARD,
            SCORING,
            INSPECTION,
            ALL_RECORDS,
        ],
        Role.SYSADMIN: [
            Link(_("用户账号"), "administration:user_list", "people", "portal.manage_users"),
            Link(_("组织单位"), "administration:unit_list", "diagram-3", "portal.manage_units"),
            Link(_("系统状态"), "administration:system_status", "activity", "portal.view_system_status"),
        ],
        Role.SECADMIN: [
            Link(_("角色分配"), "administration:role_list", "person-lock", "portal.assign_roles"),
        ],
        Role.AUDITOR: [
            Link(_("审计日志"), "audit:log", "shield-check", "portal.view_audit_log"),
        ],
    }


def sections_for(user: User) -> list[Section]:
    """One section per role the user holds, in the order roles are listed."""
    sections = []
    for role in Role:
        if role not in user.roles:
            continue
        links = [link for link in role_links().get(role, []) if link.perm is None or user.has_perm(link.perm)]
        sections.append(Section(role=role, description=ROLE_DESCRIPTIONS[role], links=links))
    return sections


def nav_links_for(user: User) -> list[Link]:
    """The header's links: every page the user's permissions open, each once."""
    seen, links = set(), []
    for links_of_role in role_links().values():
        for link in links_of_role:
            if not link.in_nav or link.url_name in seen:
                continue
            if link.perm is None or user.has_perm(link.perm):
                seen.add(link.url_name)
                links.append(link)
    return links
