"""The honours the demo town and its people received in a year, each filed under its theme."""

from __future__ import annotations

from honours.models import Honour
from records.demo import (
    CITY,
    CIVILITY,
    CULTURE,
    DISTRICT,
    IDEOLOGY,
    NEWS,
    PROVINCE,
    THEORY,
    DemoPlan,
    DemoYear,
)

L, R = Honour.Level, Honour.Recipient


def honour_plans(c: DemoYear, others: list[DemoPlan]) -> list[DemoPlan]:
    """Four or five honours a year, from a pool of the kind a town wins, drawn afresh each year."""
    rng, t = c.rng, c.t
    village = c.village() if c.villages else c.unit()
    community = c.community() if c.communities else c.unit()
    person = c.person()
    pool = [
        (
            f"{PROVINCE}省基层党员冬训工作示范{t[-1]}",
            L.PROVINCIAL,
            f"中共{PROVINCE}省委组织部",
            t,
            R.COLLECTIVE,
            THEORY,
            [2, 3],
        ),
        (
            f"{CITY}市文明村",
            L.CITY,
            f"{CITY}市精神文明建设委员会",
            village.name,
            R.COLLECTIVE,
            CIVILITY,
            [1, 12],
        ),
        (
            f"{DISTRICT}优秀新时代文明实践志愿服务项目",
            L.DISTRICT,
            f"{DISTRICT}文明办",
            c.team(community),
            R.COLLECTIVE,
            CIVILITY,
            [3, 12],
        ),
        (
            f"{DISTRICT}新闻宣传工作先进集体",
            L.DISTRICT,
            f"中共{DISTRICT}委宣传部",
            c.office.name,
            R.COLLECTIVE,
            NEWS,
            [1, 2],
        ),
        (f"{CITY}市优秀网评员", L.CITY, f"中共{CITY}市委网信办", person, R.INDIVIDUAL, IDEOLOGY, [11, 12]),
        (
            f"{PROVINCE}省“最美志愿者”",
            L.PROVINCIAL,
            f"{PROVINCE}省志愿服务联合会",
            c.person(),
            R.INDIVIDUAL,
            CIVILITY,
            [3, 12],
        ),
        (
            f"{DISTRICT}优秀群众文艺团队",
            L.DISTRICT,
            f"{DISTRICT}文化和旅游局",
            f"{t}文艺志愿服务队",
            R.COLLECTIVE,
            CULTURE,
            [10, 12],
        ),
        (
            f"{CITY}市书香村居",
            L.CITY,
            f"{CITY}市全民阅读促进会",
            community.name,
            R.COLLECTIVE,
            CULTURE,
            [4, 11],
        ),
        (
            f"{DISTRICT}理论宣讲优秀宣讲员",
            L.DISTRICT,
            f"中共{DISTRICT}委宣传部",
            c.person(),
            R.INDIVIDUAL,
            THEORY,
            [6, 12],
        ),
    ]
    plans = []
    for title, level, by, recipient, recipient_kind, theme, months in rng.sample(pool, rng.randint(4, 5)):
        unit = c.town if recipient == t else next((u for u in c.grassroots if u.name == recipient), c.office)
        plans.append(
            DemoPlan(
                "honours",
                c.day(months=months),
                unit,
                title,
                f"{recipient}获评“{title}”。",
                theme=theme,
                notable=level in (L.NATIONAL, L.PROVINCIAL),
                fields={
                    "level": level,
                    "awarded_by": by,
                    "recipient": recipient,
                    "recipient_kind": recipient_kind,
                },
                return_hint="请补充证书照片和授予单位。",
            )
        )
    return plans
