"""The words a kind writes its demo records in: one planned record, one year of a town.

Each kind's app builds its year of plausible work in its own `demo.py` from a `DemoYear`
(the town, its units, the year's festivals and a seeded random generator) and returns
`DemoPlan`s; the demo app (demo/) creates them, chooses statuses and highlights, and
draws photos. People, firms, places and regional media are invented; the province,
city and district are fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from portal.models import OrgUnit
from records.models import Record

# The fictional region the town sits in.
PROVINCE = "江川"
CITY = "云州"
DISTRICT = "清江区"

# Theme names of records/services.py DEFAULT_THEMES; a record asks for one of these only
# where its subject belongs there, and falls back to its kind's default theme.
THEORY, IDEOLOGY, NEWS, CIVILITY, CULTURE = "理论武装", "意识形态", "新闻舆论", "精神文明", "群众文化"

# How much work falls in each month (winter and the Spring Festival are quieter).
MONTH_WEIGHTS = [6, 5, 9, 11, 11, 11, 10, 10, 12, 11, 12, 12]
MONTH_CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

# 春节, 端午, 中秋, 重阳 by year (month, day); 元宵 is 春节 + 14 days.
LUNAR_FESTIVALS = {
    2018: ((2, 16), (6, 18), (9, 24), (10, 17)),
    2019: ((2, 5), (6, 7), (9, 13), (10, 7)),
    2020: ((1, 25), (6, 25), (10, 1), (10, 25)),
    2021: ((2, 12), (6, 14), (9, 21), (10, 14)),
    2022: ((2, 1), (6, 3), (9, 10), (10, 4)),
    2023: ((1, 22), (6, 22), (9, 29), (10, 23)),
    2024: ((2, 10), (6, 10), (9, 17), (10, 11)),
    2025: ((1, 29), (5, 31), (10, 6), (10, 29)),
    2026: ((2, 17), (6, 19), (9, 25), (10, 18)),
    2027: ((2, 6), (6, 9), (9, 15), (10, 8)),
    2028: ((1, 26), (5, 28), (10, 3), (10, 26)),
    2029: ((2, 13), (6, 16), (9, 22), (10, 16)),
    2030: ((2, 3), (6, 5), (9, 12), (10, 5)),
}
LUNAR_FALLBACK = ((2, 5), (6, 12), (9, 20), (10, 15))


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
# fmt: off
GIVEN_NAMES = [
    "建华", "海燕", "晓东", "丽娟", "志刚", "文静", "国强", "红梅",
    "永明", "秀英", "伟", "敏", "婷", "杰", "军", "勇",
    "艳", "涛", "超", "霞", "德明", "春生", "雪梅", "子涵",
    "思远", "佳怡", "宇航", "晨", "琳", "立群", "嘉欣", "振华",
]
# fmt: on

RETURN_REASONS = [
    "内容摘要过于简单，请写明活动时间、地点、主要内容和成效。",
    "标题与内容不符，请修改后重新提交。",
    "工作板块选择有误，请核对后重新提交。",
]

# Theme names of records/services.py DEFAULT_THEMES; a plan asks for one of these only
# where its subject belongs there, and falls back to its kind's default theme.
THEORY, IDEOLOGY, NEWS, CIVILITY, CULTURE = "理论武装", "意识形态", "新闻舆论", "精神文明", "群众文化"


@dataclass
class DemoPlan:
    """One record to create, before it is a model instance."""

    kind: str
    day: date
    unit: OrgUnit
    title: str
    summary: str
    place: str = ""
    participants: int | None = None
    fields: dict = field(default_factory=dict)
    theme: str | None = None  # a theme name, when not the kind's default
    notable: bool = False  # likely a highlight, and likely covered by the media
    routine: bool = False  # everyday work (a branch's collective study) outlets above the town pass over
    practical: bool = False
    headline: str = ""  # how a newspaper would put it
    # Foreign keys to other planned records, set once those exist (a piece and the activity it covers).
    links: dict[str, DemoPlan] = field(default_factory=dict)
    theme_from: DemoPlan | None = None  # filed under that record's theme
    scene: str = ""  # the demo photos' scene: meeting, stage or outdoor; none without
    brand: str = ""  # the town's brand (品牌) it belongs to, by name
    brand_note: str = ""  # what the brand is, if this plan is the first to name it
    return_hint: str = ""  # what a reviewer returning it would most likely ask for
    highlight: bool = False
    status: str = Record.Status.APPROVED
    return_reason: str = ""
    created: datetime | None = None
    record: Record | None = None


class DemoYear:
    """One year of one town: its units and the random helpers the builders share."""

    def __init__(self, *, town: OrgUnit, units: list[OrgUnit], year: int, rng: random.Random) -> None:
        self.town, self.year, self.rng = town, year, rng
        self.t = town.name
        self.s = short_name(town.name)
        below = [unit for unit in units if unit.pk != town.pk]
        self.villages = [u for u in below if u.kind == OrgUnit.Kind.VILLAGE]
        self.communities = [u for u in below if u.kind == OrgUnit.Kind.COMMUNITY]
        self.departments = [u for u in below if u.kind == OrgUnit.Kind.DEPARTMENT]
        self.grassroots = self.villages + self.communities or below or [town]
        self.office = next((u for u in self.departments if "宣传" in u.name), town)
        self.station = next((u for u in self.departments if "文化" in u.name), self.office)
        spring, dragon, moon, double_ninth = LUNAR_FESTIVALS.get(year, LUNAR_FALLBACK)
        self.spring = date(year, *spring)
        self.lantern = self.spring + timedelta(days=14)
        self.qingming = date(year, 4, 4 if year % 4 in (0, 1) else 5)
        self.dragon = date(year, *dragon)
        self.moon = date(year, *moon)
        self.double_ninth = date(year, *double_ninth)
        self.harvest = date(year, 9, 22 if year % 4 == 0 else 23)  # 秋分, 中国农民丰收节

    # Dates -----------------------------------------------------------------------------

    def month(self, months: list[int] | None = None) -> int:
        months = months or list(range(1, 13))
        return self.rng.choices(months, [MONTH_WEIGHTS[m - 1] for m in months])[0]

    def day(
        self, month: int | None = None, lo: int = 1, hi: int = 28, *, months: list[int] | None = None
    ) -> date:
        month = month or self.month(months)
        return date(self.year, month, self.rng.randint(lo, hi))

    def near(self, anchor: date, before: int, after: int = 0) -> date:
        return anchor + timedelta(days=self.rng.randint(-before, after))

    @staticmethod
    def workday(day: date) -> date:
        """Meetings fall on weekdays: Saturday moves to Friday, Sunday to Monday."""
        return day + timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))

    # Units, people, places -------------------------------------------------------------

    def unit(self, pool: list[OrgUnit] | None = None) -> OrgUnit:
        return self.rng.choice(pool or self.grassroots)

    def village(self) -> OrgUnit:
        return self.unit(self.villages)

    def community(self) -> OrgUnit:
        return self.unit(self.communities)

    def org(self, unit: OrgUnit) -> str:
        """The unit's Party organisation, as it is named in a title."""
        if unit.kind == OrgUnit.Kind.VILLAGE:
            return f"{unit.name}党总支"
        if unit.kind == OrgUnit.Kind.COMMUNITY:
            return f"{unit.name}党委"
        if unit.kind == OrgUnit.Kind.DEPARTMENT:
            return f"{unit.name}党支部"
        return f"{unit.name}党委"

    def secretary(self, unit: OrgUnit) -> str:
        return {
            OrgUnit.Kind.VILLAGE: "村党总支书记",
            OrgUnit.Kind.COMMUNITY: "社区党委书记",
            OrgUnit.Kind.DEPARTMENT: "支部书记",
        }.get(unit.kind, "党委书记")

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    @staticmethod
    def leader_of(unit: OrgUnit) -> str:
        """The unit's Party secretary: the same invented person every year."""
        pick = random.Random(f"secretary:{unit.name}")
        return pick.choice(SURNAMES) + pick.choice(GIVEN_NAMES)

    def here(self, unit: OrgUnit) -> str:
        return {OrgUnit.Kind.VILLAGE: "本村", OrgUnit.Kind.COMMUNITY: "本社区"}.get(unit.kind, "本单位")

    def is_town_level(self, unit: OrgUnit) -> bool:
        return unit.kind in (OrgUnit.Kind.TOWN, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.DISTRICT)

    def place(self, unit: OrgUnit, *, outdoor: bool = False) -> str:
        u = unit.name
        if self.is_town_level(unit):
            if unit == self.station and not outdoor:
                return "镇综合文化站"
            options = (
                ["镇文体广场", "镇区中心广场", f"{self.s}公园"]
                if outdoor
                else ["镇党群服务中心", "镇新时代文明实践所", "镇政府三楼会议室"]
            )
        elif unit.kind == OrgUnit.Kind.VILLAGE:
            options = (
                [f"{u}文化广场", f"{u}村民广场"]
                if outdoor
                else [f"{u}党群服务中心", f"{u}新时代文明实践站", f"{u}文化礼堂"]
            )
        else:
            options = (
                [f"{u}居民广场", f"{u}小区中心广场"]
                if outdoor
                else [f"{u}党群服务中心", f"{u}新时代文明实践站", f"{u}邻里中心"]
            )
        return self.rng.choice(options)

    def residents(self, unit: OrgUnit) -> str:
        if unit.kind == OrgUnit.Kind.VILLAGE:
            return "村民"
        if unit.kind == OrgUnit.Kind.COMMUNITY:
            return "居民"
        return "群众"

    def team(self, unit: OrgUnit, flavour: str = "") -> str:
        """A volunteer team of the unit, e.g. 石桥村巾帼志愿服务队."""
        u, t = unit.name, self.t
        if self.is_town_level(unit):
            return {
                "women": f"{t}巾帼志愿服务队",
                "party": f"{t}党员志愿服务队",
                "youth": f"{t}青年志愿服务队",
                "culture": f"{t}文艺志愿服务队",
                "theory": f"{t}理论宣讲志愿服务队",
            }.get(flavour, f"{t}新时代文明实践志愿服务队")
        if unit.kind == OrgUnit.Kind.VILLAGE:
            return {
                "women": f"{u}巾帼志愿服务队",
                "party": f"{u}党员志愿服务队",
                "elder": f"{u}银龄志愿服务队",
                "culture": f"{u}文艺志愿服务队",
            }.get(flavour, self.rng.choice([f"{u}新时代文明实践志愿服务队", f"{u}乡贤志愿服务队"]))
        return {
            "women": f"{u}巾帼志愿服务队",
            "party": f"{u}在职党员志愿服务队",
            "elder": f"{u}银龄志愿服务队",
            "culture": f"{u}文艺志愿服务队",
        }.get(flavour, f"{u}“邻里守望”志愿服务队")

    def maybe(self, theme: str, p: float) -> str | None:
        return theme if self.rng.random() < p else None


def short_name(name: str) -> str:
    """青溪镇 → 青溪: how a town's name is shortened in "青溪发布" and the like."""
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
