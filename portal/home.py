"""What each role finds on the home page.

A section is a role's purpose and the links to the pages that serve it. Later apps
add their links here (a reporter's "log a record", a reviewer's queue), keyed by role.
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

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Section:
    role: Role
    description: Promise
    links: list[Link] = field(default_factory=list)


ROLE_LINKS: dict[Role, list[Link]] = {
    Role.SYSADMIN: [
        Link(_("用户账号"), "portal:user_list", "people", "portal.manage_users"),
        Link(_("组织单位"), "portal:unit_list", "diagram-3", "portal.manage_units"),
        Link(_("系统状态"), "portal:system_status", "activity", "portal.view_system_status"),
    ],
    Role.SECADMIN: [
        Link(_("角色分配"), "portal:role_list", "person-lock", "portal.assign_roles"),
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
