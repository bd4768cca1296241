"""The fictional town the demo and the tests run on. Names are invented."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import OrgUnit
from portal.roles import Role

DEMO_PASSWORD = "Demo@2026"
DEMO_TOWN = "青溪镇"

# (name, kind) of the units under the town.
DEMO_UNITS = [
    ("镇宣传办", OrgUnit.Kind.DEPARTMENT),
    ("镇文化站", OrgUnit.Kind.DEPARTMENT),
    ("青溪社区", OrgUnit.Kind.COMMUNITY),
    ("南湖社区", OrgUnit.Kind.COMMUNITY),
    ("石桥村", OrgUnit.Kind.VILLAGE),
    ("柳塘村", OrgUnit.Kind.VILLAGE),
    ("桃源村", OrgUnit.Kind.VILLAGE),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    unit: str
    role: Role


DEMO_ACCOUNTS = [
    DemoAccount("reporter", "李明", "石桥村", Role.REPORTER),
    DemoAccount("reviewer", "王芳", "镇宣传办", Role.REVIEWER),
    DemoAccount("leader", "陈志强", DEMO_TOWN, Role.LEADER),
    DemoAccount("secretary", "刘洋", "镇宣传办", Role.SECRETARY),
    DemoAccount("sysadmin", "赵磊", "镇宣传办", Role.SYSADMIN),
    DemoAccount("secadmin", "孙静", "镇宣传办", Role.SECADMIN),
    DemoAccount("auditor", "周敏", "镇宣传办", Role.AUDITOR),
]

# The other units' liaisons, so each unit's records have their own author.
DEMO_LIAISONS = [
    DemoAccount("liutang", "陈静", "柳塘村", Role.REPORTER),
    DemoAccount("taoyuan", "黄伟", "桃源村", Role.REPORTER),
    DemoAccount("qingxi", "吴丽", "青溪社区", Role.REPORTER),
    DemoAccount("nanhu", "郑浩", "南湖社区", Role.REPORTER),
    DemoAccount("wenhua", "何琳", "镇文化站", Role.REPORTER),
]
