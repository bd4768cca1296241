"""A year or two of a town's publicity ledger, for the demo site and for trying things out.

`demo_records_create` fills a town with study sessions, publicity events, volunteer
activities and media placements that fall over the year the way a township office's
work really does: festivals on their dates, the Party committee's central group about
once a month, 学雷锋 in March, more work from spring to autumn than in winter. Most
records are approved; in the current year a few wait for review, are drafts or were
returned. About a quarter of the activities carry photos drawn with Pillow.

Everything comes from one seeded random generator, so a seed always gives the same
ledger (for the same day: nothing is dated after today). People, firms, places and
regional media are invented; the province, city and district are fictional.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont, ImageOps

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from media_outreach.models import MediaOutlet, MediaPlacement
from portal.models import OrgUnit, User, in_subtree
from records.models import Photo, Record, WorkTheme
from records.photos import image_process
from records.services import themes_ensure_defaults

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

# The Party committee's central group (中心组): the secretary chairs, members take turns to lead.
CENTRAL_GROUP = [
    ("陈志强", "党委书记"),
    ("吴海峰", "党委副书记、镇长"),
    ("马俊", "党委副书记"),
    ("何静", "人大主席"),
    ("钱伟", "党委委员、纪委书记"),
    ("赵立新", "党委委员、组织委员"),
    ("沈丽", "党委委员、宣传委员"),
    ("冯磊", "党委委员、政法委员"),
    ("孙建平", "党委委员、武装部长"),
    ("黄晓燕", "党委委员、副镇长"),
    ("郑国华", "副镇长"),
    ("许志明", "副镇长"),
    ("罗晓峰", "副镇长"),
    ("蒋文斌", "人大副主席"),
    ("唐亚琴", "党政办主任"),
    ("林涛", "经济发展办主任"),
]
# Month -> (topic, member who leads the study, theme if not the default).
CENTRAL_TOPICS = {
    1: [("中央经济工作会议精神", "吴海峰", None), ("中央农村工作会议精神", "黄晓燕", None)],
    2: [("中央一号文件精神", "黄晓燕", None), ("江川省委经济工作会议精神", "吴海峰", None)],
    3: [("全国两会精神", "马俊", None), ("全国两会精神", "沈丽", None)],
    4: [("总体国家安全观", "冯磊", IDEOLOGY), ("习近平总书记关于意识形态工作的重要论述", "沈丽", IDEOLOGY)],
    5: [("习近平总书记关于青年工作的重要论述", "赵立新", None), ("《中国共产党纪律处分条例》", "钱伟", None)],
    6: [
        ("习近平总书记关于安全生产的重要论述", "郑国华", None),
        ("习近平总书记关于防汛救灾工作的重要指示精神", "孙建平", None),
    ],
    7: [("习近平总书记关于党的建设的重要思想", "赵立新", None), ("《中国共产党章程》", "马俊", None)],
    8: [("习近平生态文明思想", "许志明", None), ("中央八项规定及其实施细则精神", "钱伟", None)],
    9: [("习近平文化思想", "沈丽", None), ("铸牢中华民族共同体意识的重要论述", "何静", None)],
    10: [
        ("习近平总书记关于“三农”工作的重要论述", "黄晓燕", None),
        ("习近平总书记关于基层治理的重要论述", "冯磊", None),
    ],
    11: [("江川省委全会精神", "马俊", None), ("清江区委全会精神", "吴海峰", None)],
    12: [("习近平法治思想", "冯磊", None), ("网络意识形态工作有关要求", "沈丽", IDEOLOGY)],
}
DISCUSSION_POINTS = [
    "结合分管的农业农村工作，提出要把学习成果转化为推进乡村全面振兴的具体举措。",
    "谈到要聚焦企业所需，持续优化营商环境，做好重点项目要素保障。",
    "认为要压紧压实意识形态工作责任，加强对网络阵地和各类宣传载体的管理。",
    "表示将把学习同安全生产、防汛防台等工作结合起来，守牢安全底线。",
    "提出要发挥网格员熟悉民情的优势，把政策宣讲送到群众家门口。",
    "强调要驰而不息纠治“四风”，营造风清气正、干事创业的良好环境。",
    "建议进一步用好新时代文明实践站点，推动理论宣讲常态化、小切口化。",
    "表示要在为民办实事上下功夫，把群众急难愁盼的问题一件件解决好。",
    "谈到要加强村社区党组织建设，发挥好党员先锋模范作用。",
    "结合人居环境整治工作，提出要建立村庄保洁长效管护机制。",
    "提出要对照年度目标任务查漏补缺，确保各项工作按时序推进。",
    "强调要抓好青年干部理论学习，提升抓落实、解难题的本领。",
    "结合信访维稳工作，提出要把矛盾纠纷化解在基层、解决在萌芽状态。",
    "谈到要用好本地红色资源和先进典型，讲好身边故事。",
]
CENTRAL_REQUIREMENTS = [
    "全镇党员干部要把学习成效体现到推动全年目标任务落实上",
    "各党组织要及时传达学习，做到学思用贯通、知信行统一",
    "班子成员要带头深学细悟，在分管领域抓好贯彻落实",
    "要把学习与当前重点工作结合起来，以学促干、以干促学",
]
ABSENCE_REASONS = ["出差", "参加区里会议", "病假", "公务外出", "参加培训", "年休假", "下村督导防汛工作"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
# fmt: off
GIVEN_NAMES = [
    "建华", "海燕", "晓东", "丽娟", "志刚", "文静", "国强", "红梅",
    "永明", "秀英", "伟", "敏", "婷", "杰", "军", "勇",
    "艳", "涛", "超", "霞", "德明", "春生", "雪梅", "子涵",
    "思远", "佳怡", "宇航", "晨", "琳", "立群", "嘉欣", "振华",
]
# fmt: on
STAFF_WRITERS = ["王芳", "刘洋", "沈丽", "张晓雯", "陈晨", "许婷"]
PRODUCTS = ["蜜桃", "翠芽茶", "富硒大米", "杨梅", "莲藕", "葡萄"]
FIRMS = ["江川绿源食品有限公司", "云州恒达机械制造有限公司", "清江新材料科技有限公司", "云州宏远纺织有限公司"]
RED_SITES = ["云州市革命历史纪念馆", "清江区廉政教育馆", "江川省乡村振兴展示馆", "清江区党员教育实境课堂基地"]
RETURN_REASONS = [
    "内容摘要过于简单，请写明活动时间、地点、主要内容和成效。",
    "标题与内容不符，请修改后重新提交。",
    "工作板块选择有误，请核对后重新提交。",
]
RETURN_REASON_OF_KIND = {
    "study": "请补充学习照片和参加人数。",
    "event": "请补充活动照片和参与人数。",
    "volunteer": "请补充活动照片，并核实志愿者人数和服务时长。",
    "media": "请补充稿件链接或剪报图片，便于核对刊发情况。",
}


@dataclass
class _Plan:
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
    practical: bool = False
    headline: str = ""  # how a newspaper would put it
    covers: _Plan | None = None
    theme_of_covered: bool = False  # a piece filed under the theme of the activity it covers
    highlight: bool = False
    status: str = Record.Status.APPROVED
    return_reason: str = ""
    created: datetime | None = None
    record: Record | None = None


class _Year:
    """One year of one town: its units and the random helpers the builders share."""

    def __init__(self, *, town: OrgUnit, units: list[OrgUnit], year: int, rng: random.Random) -> None:
        self.town, self.year, self.rng = town, year, rng
        self.t = town.name
        self.s = _short_name(town.name)
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


def _short_name(name: str) -> str:
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# Study sessions (理论学习) ------------------------------------------------------------


def _study_plans(c: _Year) -> list[_Plan]:
    rng, t, plans = c.rng, c.t, []
    S = StudySession.Type

    # The central group about once a month; one month is sometimes merged into the next.
    skipped = rng.choice([None, None, 2, 8])
    host_name, host_title = CENTRAL_GROUP[0]
    titles = dict(CENTRAL_GROUP)
    for month in range(1, 13):
        if month == skipped:
            continue
        topic, leader, theme = rng.choice(CENTRAL_TOPICS[month])
        expected = len(CENTRAL_GROUP)
        away = rng.sample(
            [name for name, _ in CENTRAL_GROUP if name not in (host_name, leader)],
            rng.choices([0, 1, 2, 3], [45, 30, 18, 7])[0],
        )
        present = [name for name, _ in CENTRAL_GROUP if name not in away and name != host_name]
        speakers = rng.sample(present, rng.randint(2, 4))
        points = rng.sample(DISCUSSION_POINTS, len(speakers))
        title = rng.choice(
            [
                f"{t}党委理论学习中心组开展{MONTH_CN[month - 1]}月份专题学习",
                f"{t}党委理论学习中心组专题学习{topic}",
                f"{t}党委中心组召开{MONTH_CN[month - 1]}月份集中学习会",
                f"{t}党委理论学习中心组围绕{topic}开展专题研讨",
            ]
        )
        summary = (
            f"会议由{host_title}{host_name}主持，{titles[leader]}{leader}领学{topic}。"
            + rng.choice(
                [
                    f"{len(speakers)}名班子成员结合分管工作作交流发言。",
                    "与会同志围绕学习内容谈体会、找差距、提措施。",
                    f"会上，{'、'.join(speakers[:2])}等同志作研讨发言。",
                ]
            )
            + f"会议要求，{rng.choice(CENTRAL_REQUIREMENTS)}。"
        )
        plans.append(
            _Plan(
                "study",
                c.workday(c.day(month, 8, 27)),
                c.town if rng.random() < 0.7 else c.office,
                title,
                summary,
                place=rng.choice(["镇政府三楼会议室", "镇党群服务中心会议室"]),
                participants=expected - len(away),
                theme=theme,
                notable=month in (3, 7, 11),
                headline=f"{t}党委中心组专题学习{topic}",
                fields={
                    "study_type": S.CENTRAL_GROUP,
                    "speaker": f"{leader}（{titles[leader]}）",
                    "host": f"{host_name}（{host_title}）",
                    "expected_attendance": expected,
                    "absentees": "\n".join(f"{name}（{rng.choice(ABSENCE_REASONS)}）" for name in away),
                    "discussion_points": "\n".join(
                        f"{name}：{point}" for name, point in zip(speakers, points, strict=True)
                    ),
                },
            )
        )

    # Collective study in the villages, communities and departments (主题党日, 冬训).
    subjects = [
        "《中国共产党章程》",
        "党的创新理论最新成果",
        "全国两会精神",
        "中央八项规定精神",
        "党纪学习有关内容",
        "乡村振兴相关政策",
        "基层治理相关政策",
        "习近平总书记重要讲话精神",
    ]
    pool = c.grassroots + c.departments[:1]
    rng.shuffle(pool)
    months_of: dict[int, set[int]] = {}
    for index in range(rng.randint(20, 26)):
        unit = pool[index % len(pool)]
        used = months_of.setdefault(unit.pk, set())
        month = c.month()
        for _ in range(12):  # a unit's sessions fall in different months
            if month not in used:
                break
            month = c.month()
        used.add(month)
        subject = rng.choice(subjects)
        members = rng.randint(8, 20) if c.is_town_level(unit) else rng.randint(22, 58)
        if month in (1, 2, 12) and rng.random() < 0.5:
            title = f"{unit.name}开展党员冬训集中学习"
            what = "冬训集中学习"
        else:
            title = rng.choice(
                [
                    f"{c.org(unit)}开展{MONTH_CN[month - 1]}月主题党日集中学习",
                    f"{c.org(unit)}组织党员集中学习{subject}",
                    f"{unit.name}召开党员大会集中学习{subject}",
                ]
            )
            what = "集中学习"
        secretary = c.leader_of(unit)
        summary = f"{c.secretary(unit)}{secretary}领学{subject}，{members}名党员参加{what}。" + rng.choice(
            [
                f"党员围绕做好{c.here(unit)}重点工作交流了想法。",
                "学习后，党员们就人居环境、邻里纠纷等群众关心的事提出意见建议。",
                "会上还通报了近期重点工作，并对志愿服务作了安排。",
                "学习结束后，组织党员观看了专题教育片。",
            ]
        )
        plans.append(
            _Plan(
                "study",
                c.workday(c.day(month)),
                unit,
                title,
                summary,
                place=c.place(unit),
                participants=members,
                fields={"study_type": S.COLLECTIVE, "speaker": f"{secretary}（{c.secretary(unit)}）"},
            )
        )

    # Lectures (专题宣讲): the district's lecturers and the town's own.
    lecture_topics = ["党的创新理论", "乡村全面振兴", "总体国家安全观", "惠民政策", "法治建设", "文明新风"]
    for _ in range(rng.randint(7, 9)):
        unit = c.unit()
        topic = rng.choice(lecture_topics)
        speaker = c.person()
        who = rng.choice(
            [
                ("区委宣讲团成员", "区委宣讲团"),
                ("镇青年宣讲员", f"{t}青年宣讲团"),
                ("“乡音”宣讲员", "“乡音”宣讲队"),
            ]
        )
        title = rng.choice(
            [
                f"{who[1]}走进{unit.name}开展{topic}专题宣讲",
                f"{unit.name}开展“理论进万家”{topic}专题宣讲",
                f"{who[1]}在{unit.name}开讲“{topic}”微课堂",
            ]
        )
        people = rng.randint(40, 130)
        online = rng.random() < 0.1
        summary = (
            f"{who[0]}{speaker}用群众听得懂的语言，结合身边事例宣讲{topic}，{people}名党员群众参加。"
            + rng.choice(
                [
                    "宣讲后开展了互动问答。",
                    "现场发放宣传资料200余份。",
                    "不少群众表示听得懂、记得住、用得上。",
                ]
            )
        )
        plans.append(
            _Plan(
                "study",
                c.day(),
                unit,
                title,
                summary,
                place="线上直播" if online else c.place(unit),
                participants=people,
                theme=c.maybe(IDEOLOGY, 0.5 if topic in ("总体国家安全观", "法治建设") else 0.2),
                notable=rng.random() < 0.2,
                headline=f"{who[1]}把{topic}讲到群众心坎上",
                fields={
                    "study_type": S.LECTURE,
                    "speaker": f"{speaker}（{who[0]}）",
                    "format": StudySession.Format.ONLINE if online else StudySession.Format.OFFLINE,
                },
            )
        )

    # Party classes: the secretary's on 七一, a branch or two, a clean-government class.
    people = rng.randint(90, 160)
    plans.append(
        _Plan(
            "study",
            c.workday(date(c.year, 6, rng.randint(25, 30))),
            c.town,
            f"{t}党委书记{host_name}讲“七一”专题党课",
            f"庆祝中国共产党成立{c.year - 1921}周年之际，{host_title}{host_name}以“牢记初心使命 争当发展先锋”"
            f"为题讲专题党课，全镇机关党员和村（社区）党组织书记{people}人参加。",
            place="镇党群服务中心",
            participants=people,
            notable=True,
            headline=f"{t}党委书记讲“七一”专题党课",
            fields={"study_type": S.PARTY_CLASS, "speaker": f"{host_name}（{host_title}）"},
        )
    )
    for unit in rng.sample(c.grassroots, min(rng.randint(2, 4), len(c.grassroots))):
        secretary = c.leader_of(unit)
        day = c.near(date(c.year, 7, 1), 6, 3) if rng.random() < 0.5 else c.day()
        members = rng.randint(25, 60)
        plans.append(
            _Plan(
                "study",
                c.workday(day),
                unit,
                rng.choice([f"{c.org(unit)}书记讲专题党课", f"{unit.name}开展“书记讲党课”活动"]),
                f"{c.secretary(unit)}{secretary}结合{c.here(unit)}发展实际讲党课，{members}名党员参加。"
                + rng.choice(["党课后，党员重温了入党誓词。", "课后为党龄满50年的老党员送上慰问。", ""]),
                place=c.place(unit),
                participants=members,
                fields={"study_type": S.PARTY_CLASS, "speaker": f"{secretary}（{c.secretary(unit)}）"},
            )
        )
    people = rng.randint(60, 110)
    plans.append(
        _Plan(
            "study",
            c.workday(c.day(months=[4, 5, 8, 11])),
            c.town,
            f"{t}纪委书记讲廉政专题党课",
            f"党委委员、纪委书记钱伟结合典型案例讲廉政党课，{people}名机关干部和村（社区）干部参加。",
            place="镇党群服务中心",
            participants=people,
            theme=c.maybe(IDEOLOGY, 0.3),
            fields={"study_type": S.PARTY_CLASS, "speaker": "钱伟（党委委员、纪委书记）"},
        )
    )

    # Reading (读书活动): World Book Day, summer reading, a reading club.
    reading = [
        (
            c.near(date(c.year, 4, 23), 3, 1),
            c.station,
            f"{c.station.name}举办“世界读书日”读书分享会",
            "6名读书爱好者分享了近期读过的好书，现场还开展了图书漂流。",
        ),
        (
            c.day(months=[7, 8]),
            c.unit(),
            None,
            "志愿者带领孩子和家长共读绘本、讲红色故事，农家书屋当天借出图书80余册。",
        ),
        (
            c.day(months=[3, 5, 9, 10, 11]),
            c.office,
            f"{t}开展“书香机关”读书交流会",
            "机关青年干部围绕近期所读书目交流心得，镇宣传委员作点评。",
        ),
        (
            c.day(months=[6, 9]),
            c.unit(),
            None,
            "青少年和老党员一起诵读红色经典篇目，重温革命先辈的感人事迹。",
        ),
    ]
    for index, (day, unit, title, summary) in enumerate(reading):
        if title is None:
            title = (
                f"{unit.name}农家书屋开展“书香{c.s}”暑期亲子共读活动"
                if index == 1
                else f"{unit.name}开展红色经典诵读活动"
            )
        people = rng.randint(25, 70)
        plans.append(
            _Plan(
                "study",
                day,
                unit,
                title,
                summary,
                place=c.place(unit),
                participants=people,
                theme=c.maybe(CULTURE, 0.35),
                fields={"study_type": S.READING},
            )
        )

    # On-site classes (实境课堂) at red sites, model villages, factories.
    for _ in range(rng.randint(2, 3)):
        site = rng.choice([*RED_SITES, *FIRMS])
        on_factory = site in FIRMS
        unit = c.town if rng.random() < 0.6 else c.unit()
        who = "机关党员干部" if unit == c.town else f"{unit.name}党员"
        people = rng.randint(25, 50)
        plans.append(
            _Plan(
                "study",
                c.workday(c.day(months=[3, 4, 5, 6, 9, 10, 11])),
                unit,
                f"{t if unit == c.town else unit.name}组织党员走进{site}开展"
                + ("“产业一线”实境课堂" if on_factory else "实境课堂教学"),
                f"{people}名{who}"
                + (
                    "走进生产车间，听企业负责人讲创新发展故事，现场交流为企服务中的问题。"
                    if on_factory
                    else "参观展陈、聆听讲解，在现场重温入党誓词，接受党性教育。"
                ),
                place=site,
                participants=people,
                notable=rng.random() < 0.3,
                fields={"study_type": S.ON_SITE, "speaker": "现场讲解员" if not on_factory else ""},
            )
        )

    # Other study: a warning-education film, a 学习强国 contest.
    for title, summary in rng.sample(
        [
            (
                "组织党员干部观看警示教育片",
                "观看后，党员干部结合岗位实际撰写心得体会，筑牢拒腐防变思想防线。",
            ),
            ("开展“学习强国”学习达人评选", "评选出年度“学习达人”10名，带动党员群众常学常用学习平台。"),
            ("举办青年干部理论学习交流会", "8名青年干部围绕“我在基层这一年”交流学习体会和工作感悟。"),
        ],
        2,
    ):
        plans.append(
            _Plan(
                "study",
                c.workday(c.day()),
                c.town,
                f"{t}{title}",
                summary,
                place="镇党群服务中心",
                participants=rng.randint(20, 80),
                theme=c.maybe(IDEOLOGY, 0.3),
                fields={"study_type": S.OTHER},
            )
        )
    return plans


# Publicity events (宣传活动) ---------------------------------------------------------


def _event_plans(c: _Year) -> list[_Plan]:
    rng, t, s, plans = c.rng, c.t, c.s, []
    E = PublicityEvent.Type

    def add(day, unit, event_type, title, summary, people, audience, **extra) -> None:
        outdoor = extra.pop("outdoor", event_type in (E.PERFORMANCE, E.SPORTS))
        if "theme" not in extra and "我们的节日" in title:  # often run as 文明实践 work
            extra["theme"] = c.maybe(CIVILITY, 0.3)
        plans.append(
            _Plan(
                "event",
                day,
                unit,
                title,
                summary,
                place=extra.pop("place", None) or c.place(unit, outdoor=outdoor),
                participants=people,
                fields={"event_type": event_type, "audience": audience},
                **extra,
            )
        )

    # 我们的节日: the festivals on their dates.
    for unit in rng.sample(c.grassroots, min(2, len(c.grassroots))):
        people = rng.randint(60, 180)
        add(
            c.near(c.spring, 12, -4),
            unit,
            E.FESTIVAL,
            f"{unit.name}开展“我们的节日·春节”写春联送祝福活动",
            f"书法志愿者现场挥毫，为{c.residents(unit)}书写春联、福字300余副，{people}名群众参与。",
            people,
            c.residents(unit),
            headline="翰墨飘香写春联 浓浓年味暖人心",
        )
    people = rng.randrange(400, 901, 10)
    add(
        c.near(c.spring, 9, -3),
        c.station,
        E.PERFORMANCE,
        f"{t}举办{c.year}年迎新春文艺汇演",
        f"全镇文艺团队带来歌舞、戏曲、小品等节目16个，{people}余名群众到场观看，线上直播同步播出。",
        people,
        "全镇群众",
        notable=True,
        place="镇文体广场",
        headline=f"{t}迎新春文艺汇演唱响新春欢歌",
    )
    add(
        c.spring + timedelta(days=rng.randint(2, 5)),
        c.station,
        E.FESTIVAL,
        f"{t}举办新春游园会",
        "游园会设置猜谜语、套圈、投壶等传统游戏摊位，现场展示剪纸、糖画等民间手艺。",
        rng.randint(300, 700),
        "全镇群众",
        outdoor=True,
    )
    for unit in rng.sample(c.grassroots, min(2, len(c.grassroots))):
        people = rng.randint(80, 200)
        add(
            c.near(c.lantern, 1),
            unit,
            E.FESTIVAL,
            f"{unit.name}举办“我们的节日·元宵”猜灯谜闹元宵活动",
            f"现场悬挂灯谜500余条，内容涵盖传统文化、文明新风、防诈知识，{people}名{c.residents(unit)}参与竞猜。",
            people,
            c.residents(unit),
            headline="猜灯谜 闹元宵 文明新风进万家",
        )
    unit = c.unit()
    add(
        c.near(c.qingming, 6, -1),
        unit,
        E.THEMED,
        f"{unit.name}开展“我们的节日·清明”文明祭扫宣传活动",
        "志愿者发放文明祭扫倡议书，倡导鲜花祭扫、网上祭扫，提醒群众注意山林防火。",
        rng.randint(40, 120),
        c.residents(unit),
        theme=c.maybe(CIVILITY, 0.5),
    )
    people = rng.randint(50, 120)
    add(
        c.near(c.qingming, 3),
        c.town,
        E.FESTIVAL,
        f"{t}开展“清明祭英烈”主题活动",
        f"镇机关党员、青年团员和中小学生{people}人来到烈士纪念碑前敬献花篮、重温誓词，缅怀革命先烈。",
        people,
        "党员、青少年",
        outdoor=True,
        place=f"{s}烈士纪念碑",
        theme=c.maybe(CIVILITY, 0.5),
        notable=rng.random() < 0.4,
    )
    for unit in rng.sample(c.grassroots, min(3, len(c.grassroots))):
        people = rng.randint(40, 150)
        add(
            c.near(c.dragon, 3),
            unit,
            E.FESTIVAL,
            f"{unit.name}开展“我们的节日·端午”主题活动",
            rng.choice(
                [
                    f"{c.residents(unit)}和志愿者一起包粽子、挂艾草、做香囊，包好的粽子送给辖区独居老人。",
                    "活动穿插端午习俗知识问答，孩子们在游戏中了解传统节日的由来。",
                ]
            )
            + f"共有{people}人参与。",
            people,
            c.residents(unit),
            headline="粽叶飘香话端午 邻里同心过佳节",
        )
    people = rng.randrange(500, 901, 10)
    add(
        date(c.year, 6, rng.randint(26, 30)),
        c.town,
        E.PERFORMANCE,
        f"{t}举办庆祝中国共产党成立{c.year - 1921}周年文艺汇演",
        f"演出以红色经典歌曲、情景剧和诗朗诵为主，节目全部由本镇文艺骨干编排，{people}余名党员群众观看。",
        people,
        "党员群众",
        notable=True,
        place="镇文体广场",
        headline="唱响红色旋律 礼赞建党华诞",
    )
    for unit in rng.sample(c.grassroots, min(2, len(c.grassroots))):
        people = rng.randint(40, 100)
        add(
            c.near(c.moon, 3),
            unit,
            E.FESTIVAL,
            f"{unit.name}开展“我们的节日·中秋”邻里茶话会",
            f"{c.residents(unit)}围坐在一起做月饼、赏明月、话家常，{people}人参加，其中新居民和外来务工人员20余人。",
            people,
            c.residents(unit),
            headline="月圆话团圆 邻里一家亲",
        )
    people = rng.randint(150, 400)
    add(
        date(c.year, 9, rng.randint(26, 30)),
        c.town,
        E.FESTIVAL,
        f"{t}开展“我和我的祖国”国庆主题快闪活动",
        f"机关干部、学生和群众{people}人齐唱《我和我的祖国》，挥舞国旗为祖国庆生。",
        people,
        "全镇群众",
        outdoor=True,
        notable=rng.random() < 0.5,
        headline=f"{t}：快闪唱响《我和我的祖国》",
    )
    add(
        date(c.year, 9, rng.randint(20, 28)),
        c.station,
        E.EXHIBITION,
        f"{t}举办庆祝中华人民共和国成立{c.year - 1949}周年书画摄影展",
        "展出本镇书画、摄影爱好者作品80余幅，展期10天，集中展现家乡发展变化。",
        rng.randint(300, 800),
        "全镇群众",
        place="镇综合文化站",
    )
    for unit in rng.sample(c.grassroots, min(2, len(c.grassroots))):
        people = rng.randint(50, 120)
        add(
            c.near(c.double_ninth, 2),
            unit,
            E.FESTIVAL,
            f"{unit.name}开展“我们的节日·重阳”敬老爱老活动",
            f"为辖区80岁以上老人送上重阳糕和慰问品，组织老人观看文艺节目，{people}人参加。",
            people,
            "老年人",
            headline="九九重阳节 浓浓敬老情",
        )
    people = rng.randrange(600, 1501, 10)
    add(
        c.near(c.harvest, 2, 1),
        c.town,
        E.FESTIVAL,
        f"{t}庆祝{c.year}年中国农民丰收节",
        f"活动设置农产品展销、农事趣味比赛和丰收文艺表演，吸引{people}余名群众参与，现场销售农产品10余万元。",
        people,
        "农民群众",
        outdoor=True,
        notable=True,
        headline=f"{t}农民丰收节：晒丰收 庆丰年",
    )
    unit = c.unit(c.communities or None)
    add(
        c.near(date(c.year, 3, 8), 3),
        unit,
        E.THEMED,
        f"{unit.name}开展“巾帼心向党”三八节主题活动",
        "活动表彰了一批“最美家庭”和巾帼志愿者，并开展插花、健康讲座等活动。",
        rng.randint(40, 90),
        "妇女群众",
        theme=c.maybe(CIVILITY, 0.4),
    )
    unit = c.unit()
    add(
        date(c.year, 5, rng.randint(28, 31)),
        unit,
        E.FESTIVAL,
        f"{unit.name}开展“童心向党”六一主题活动",
        "孩子们表演了歌舞、朗诵等节目，志愿者为留守儿童送上学习用品。",
        rng.randint(50, 120),
        "少年儿童",
    )

    # Themed publicity (主题宣传) on the days the calendar gives them.
    themed = [
        (
            date(c.year, 4, 15),
            "全民国家安全教育日宣传活动",
            "通过展板、有奖问答等形式普及国家安全知识，发放宣传资料500余份。",
            IDEOLOGY,
        ),
        (
            c.day(5),
            "“美好生活·民法典相伴”主题宣传活动",
            "法律顾问现场解读婚姻家庭、邻里关系等与群众密切相关的法律条文。",
            None,
        ),
        (
            c.day(6),
            "“安全生产月”集中宣传咨询日活动",
            "设置安全生产咨询台，向企业职工和群众讲解消防、用电和燃气安全知识。",
            None,
        ),
        (
            date(c.year, 6, 26),
            "“6·26”国际禁毒日宣传活动",
            "志愿者向过往群众讲解新型毒品的识别与危害，现场开展禁毒知识有奖问答。",
            None,
        ),
        (
            c.day(7, 1, 15),
            "暑期防溺水安全宣传活动",
            "工作人员走进学校和村组，向学生和家长讲解防溺水“六不”要求。",
            None,
        ),
        (
            c.day(9, 8, 20),
            "国家网络安全宣传周活动",
            "围绕个人信息保护、防范网络诈骗等内容开展宣传，引导群众文明上网。",
            IDEOLOGY,
        ),
        (
            c.day(9, 15, 21),
            "全国科普日科普宣传活动",
            "科普志愿者带来机器人互动、科学小实验等项目，青少年踊跃体验。",
            None,
        ),
        (
            date(c.year, 11, 9),
            "“119”消防宣传月活动",
            "消防员现场演示灭火器使用方法，组织群众开展逃生疏散演练。",
            None,
        ),
        (
            date(c.year, 12, 4),
            "“12·4”国家宪法日宣传活动",
            "开展宪法宣誓、宪法知识竞答，发放普法宣传资料，解答群众法律咨询。",
            IDEOLOGY,
        ),
        (
            c.day(),
            "防范电信网络诈骗宣传活动",
            "民警结合本地真实案例，讲解刷单返利、冒充客服等常见诈骗手法。",
            None,
        ),
        (
            c.day(),
            "防范电信网络诈骗进企业宣传活动",
            "向企业职工讲解常见诈骗手法，指导下载安装国家反诈中心APP。",
            None,
        ),
        (c.day(), "垃圾分类知识宣传活动", "志愿者手把手教群众辨别四类垃圾，发放分类指南和垃圾袋。", CIVILITY),
        (
            c.day(),
            "“移风易俗 文明节俭”主题宣传活动",
            "通过文艺演出和签名承诺，倡导婚事新办、丧事简办、反对铺张浪费。",
            CIVILITY,
        ),
        (
            c.day(),
            "文明城市创建集中宣传活动",
            "张贴公益广告，发放《市民文明手册》，动员群众共建文明家园。",
            CIVILITY,
        ),
    ]
    for day, what, summary, theme in themed:
        unit = c.town if rng.random() < 0.4 else c.unit()
        people = rng.randrange(60, 301, 10)
        add(
            day,
            unit,
            E.THEMED,
            f"{unit.name}开展{what}",
            summary + f"活动覆盖群众{people}余人次。",
            people,
            rng.choice(["群众", "企业职工", "中小学生", c.residents(unit)]),
            theme=c.maybe(theme, 0.5) if theme else None,
        )

    # Moral forums (道德讲堂): usually counted under 精神文明.
    forums = [
        ("孝老爱亲", "邀请“孝老爱亲”身边好人讲述照顾瘫痪婆婆二十年的故事"),
        ("诚实守信", "个体工商户代表讲述诚信经营的故事"),
        ("家风家训", "三户“最美家庭”代表分享各自的家规家训"),
        ("敬业奉献", "劳动模范讲述扎根一线的奋斗历程"),
        ("见义勇为", "见义勇为群众讲述勇救落水儿童的经过"),
        ("邻里和睦", "调解员讲述化解邻里纠纷的故事"),
    ]
    for topic, story in rng.sample(forums, rng.randint(5, 6)):
        unit = c.unit()
        people = rng.randint(50, 120)
        add(
            c.day(months=[3, 4, 5, 6, 7, 9, 10, 11]),
            unit,
            E.MORAL_FORUM,
            f"{unit.name}举办“{topic}”主题道德讲堂",
            f"讲堂按照“唱歌曲、学模范、诵经典、谈体会、送吉祥”流程进行，{story}，{people}名{c.residents(unit)}参加。",
            people,
            c.residents(unit),
            theme=c.maybe(CIVILITY, 0.6),
            notable=rng.random() < 0.2,
            headline=f"道德讲堂讲“{topic}” 身边榜样润人心",
        )

    # Performances: 送戏下乡 is a yearly practical project (实事项目); summer evenings.
    stages = c.villages or c.grassroots
    for unit in rng.sample(stages, min(rng.randint(3, 4), len(stages))):
        people = rng.randrange(200, 501, 10)
        add(
            c.day(months=[4, 5, 6, 9, 10, 11]),
            unit,
            E.PERFORMANCE,
            f"“送戏下乡”文艺演出走进{unit.name}",
            f"区文艺团队为{c.residents(unit)}送上越剧、黄梅戏和歌舞节目，{people}余名群众在家门口看大戏。",
            people,
            c.residents(unit),
            practical=True,
        )
    opening = date(c.year, 7, rng.randint(1, 12))
    for index, host in enumerate([None, c.unit()]):
        people = rng.randrange(300, 701, 10)
        add(
            opening + timedelta(days=index * rng.randint(14, 35)),
            c.station,
            E.PERFORMANCE,
            f"“{s}之夜”夏季广场文艺晚会启幕" if host is None else f"“{s}之夜”广场文艺晚会{host.name}专场",
            (
                "首场晚会由镇文艺骨干和各村（社区）文艺队联袂演出，"
                if host is None
                else f"本场由{host.name}文艺队承办，节目全部由{c.residents(host)}自编自演，"
            )
            + f"吸引{people}余名群众纳凉观看。",
            people,
            "全镇群众",
            place="镇文体广场",
        )
    unit = c.unit()
    add(
        c.day(months=[5, 6, 10]),
        unit,
        E.PERFORMANCE,
        f"{unit.name}举办广场舞展演",
        f"{rng.randint(8, 14)}支广场舞队同台展演，展示群众健康向上的精神风貌。",
        rng.randint(150, 300),
        c.residents(unit),
    )

    # Exhibitions: heritage day, achievements, a village history room.
    heritage = date(c.year, 6, 1)
    heritage += timedelta(days=(5 - heritage.weekday()) % 7 + 7)  # second Saturday of June
    add(
        heritage,
        c.station,
        E.EXHIBITION,
        f"{t}开展“文化和自然遗产日”非遗展示活动",
        "竹编、剪纸、草编等非遗传承人现场展示技艺，群众动手体验，感受传统手工艺魅力。",
        rng.randint(150, 400),
        "群众、青少年",
        outdoor=True,
    )
    add(
        c.day(months=[4, 5, 10, 11]),
        c.office,
        E.EXHIBITION,
        f"{t}乡村振兴成果图片展开展",
        "展览分产业兴旺、生态宜居、乡风文明三个板块，展出图片120余幅。",
        rng.randint(200, 500),
        "全镇群众",
        place="镇新时代文明实践所",
    )

    # Sports and mass recreation.
    people = rng.randrange(400, 901, 10)
    add(
        c.day(months=[7, 8]),
        c.town,
        E.SPORTS,
        f"{t}第{c.year - 2016}届“{s}杯”村（社区）篮球联赛开赛",
        f"全镇{max(len(c.grassroots), 6)}支代表队参赛，赛期两周，比赛期间每晚观众{people}余人。",
        people,
        "全镇群众",
        place="镇文体中心篮球场",
        notable=rng.random() < 0.4,
        headline="家门口的篮球赛打出乡村精气神",
    )
    add(
        date(c.year, 8, 8),
        c.town,
        E.SPORTS,
        f"{t}开展“全民健身日”健步走活动",
        "健步走全程5公里，沿途设置文明实践打卡点，参与群众边走边学。",
        rng.randint(200, 400),
        "全镇群众",
        place=f"{s}滨河绿道",
    )
    unit = c.unit()
    add(
        c.day(months=[10, 11]),
        unit,
        E.SPORTS,
        f"{unit.name}举办邻里趣味运动会",
        "设置拔河、夹弹珠、托球跑等项目，老少同场竞技，增进邻里感情。",
        rng.randint(80, 200),
        c.residents(unit),
    )
    unit = c.unit()
    people = rng.randint(24, 40)
    add(
        c.near(c.spring, 20, -8),
        unit,
        E.SPORTS,
        f"{unit.name}举办迎新春象棋比赛",
        f"{people}名象棋爱好者参加比赛，丰富了群众节前文化生活。",
        people,
        c.residents(unit),
        outdoor=False,
    )

    # Promotions (推介会): the industrial park; a village's produce.
    people = rng.randint(120, 260)
    add(
        c.day(months=[4, 5]),
        c.town,
        E.PROMOTION,
        f"{s}工业园区{c.year}年招商推介会举行",
        f"推介会重点介绍园区区位、产业配套和政策服务，{people}名企业家代表参会，"
        f"现场签约项目{rng.randint(4, 9)}个。",
        people,
        "企业家代表",
        place="镇党群服务中心",
        notable=True,
        headline=f"{t}招商推介会现场签约多个项目",
    )
    unit = c.village() if c.villages else c.unit()
    product = PRODUCTS[(unit.pk or 0) % len(PRODUCTS)]
    add(
        c.day(months=[6, 7, 9]),
        unit,
        E.PROMOTION,
        f"{unit.name}“{product}”品牌推介会举行",
        f"村党总支书记现场推介本村{product}，电商主播同步直播带货，当天线上线下销售额近20万元。",
        rng.randint(150, 400),
        "客商、群众",
        outdoor=True,
        practical=rng.random() < 0.5,
        headline=f"{unit.name}：小{product}“甜”出致富路",
    )

    # Other: recognitions and new facilities opening.
    add(
        c.day(months=[1, 12]),
        c.town,
        E.OTHER,
        f"{t}召开“最美家庭”“身边好人”表彰会",
        "会上表彰了年度“最美家庭”20户、“身边好人”10名，受表彰代表作交流发言。",
        rng.randint(120, 200),
        "全镇群众",
        place="镇党群服务中心",
        theme=c.maybe(CIVILITY, 0.6),
        notable=True,
    )
    unit = c.unit()
    add(
        c.day(months=[5, 6, 9, 10, 11]),
        unit,
        E.OTHER,
        rng.choice(
            [f"{unit.name}新时代文明实践站提档升级后正式启用", f"{unit.name}文化礼堂改造完成投入使用"]
        ),
        "改造后场地面积扩大到300余平方米，设有宣讲室、阅览室和文体活动室，可同时容纳100人开展活动。",
        rng.randint(60, 150),
        c.residents(unit),
        practical=True,
        notable=True,
    )
    return plans


# Volunteer activities (志愿服务) -----------------------------------------------------


def _volunteer_plans(c: _Year) -> list[_Plan]:
    rng, t, plans = c.rng, c.t, []
    V = VolunteerActivity.Type

    def add(day, unit, service_type, title, summary, volunteers, hours_each, beneficiaries, **extra) -> None:
        flavour = extra.pop("team", "")
        plans.append(
            _Plan(
                "volunteer",
                day,
                unit,
                title,
                summary,
                place=extra.pop("place", None) or c.place(unit, outdoor=service_type == V.ENVIRONMENT),
                fields={
                    "service_type": service_type,
                    "team": c.team(unit, flavour),
                    "volunteers": volunteers,
                    "service_hours": Decimal(volunteers) * Decimal(str(hours_each)),
                    "beneficiaries": beneficiaries,
                },
                **extra,
            )
        )

    hours = [1.5, 2, 2, 2.5, 3, 3, 4]

    # 学雷锋 in the first days of March.
    def march() -> date:
        return date(c.year, 3, rng.randint(1, 10))

    n = rng.randint(50, 80)
    served = rng.randint(500, 700)
    add(
        date(c.year, 3, 5),
        c.town,
        V.OTHER,
        f"{t}开展“学雷锋·文明实践我行动”志愿服务集中活动",
        f"{n}名志愿者在镇区设置义诊、理发、家电维修、法律咨询等服务摊位，服务群众{served}人次。",
        n,
        3,
        served,
        notable=True,
        place="镇文体广场",
        headline="学雷锋志愿服务暖民心",
    )
    unit = c.village() if c.villages else c.unit()
    n = rng.randint(15, 30)
    add(
        march(),
        unit,
        V.ENVIRONMENT,
        f"{unit.name}巾帼志愿者开展“学雷锋”环境清洁行动",
        f"{n}名巾帼志愿者清理村道两侧和沟渠垃圾，拾捡白色垃圾20余袋。",
        n,
        rng.choice(hours),
        rng.randint(200, 600),
        team="women",
    )
    unit = c.community() if c.communities else c.unit()
    n = rng.randint(10, 20)
    served = rng.randint(120, 220)
    add(
        march(),
        unit,
        V.CARE,
        f"{unit.name}开展“学雷锋”便民服务进小区活动",
        f"志愿者为居民提供理发、磨刀、小家电维修等服务，共服务{served}人次。",
        n,
        rng.choice(hours),
        served,
    )
    unit = c.unit()
    n = rng.randint(8, 14)
    add(
        march(),
        unit,
        V.HEALTH,
        f"{unit.name}联合镇卫生院开展“学雷锋”义诊活动",
        "医护志愿者为群众测血压、测血糖，提供健康咨询，并为行动不便的老人上门服务。",
        n,
        3,
        rng.randint(80, 160),
    )

    # Environment (环境整治).
    environment = [
        ("组织志愿者开展人居环境整治行动", "清理房前屋后杂物堆{k}处，拆除废弃棚舍，村容村貌焕然一新。"),
        ("开展“护河净滩”志愿服务", "志愿者沿河道捡拾岸边垃圾，清理水面漂浮物约{k}立方米。"),
        ("开展垃圾分类桶边督导志愿服务", "志愿者在投放点轮流值守，指导居民正确分类投放，纠正错投{k}次。"),
        ("志愿者清理卫生死角 扮靓家园", "集中清理背街小巷卫生死角{k}处，清运垃圾3车。"),
        ("开展“周末卫生日”志愿活动", "党员、群众一起打扫公共区域，清理乱堆乱放{k}处。"),
    ]
    for _ in range(rng.randint(8, 10)):
        what, summary = rng.choice(environment)
        unit = c.unit()
        n = rng.randint(12, 40)
        add(
            c.day(months=[3, 4, 5, 6, 7, 8, 9, 10, 11]),
            unit,
            V.ENVIRONMENT,
            f"{unit.name}{what}",
            f"{n}名志愿者参加，" + summary.format(k=rng.randint(10, 60)),
            n,
            rng.choice(hours),
            rng.randint(150, 900),
            team=rng.choice(["party", "women", ""]),
        )
    n = rng.randint(20, 40)
    add(
        c.day(4),
        c.town,
        V.ENVIRONMENT,
        f"{t}开展爱国卫生月志愿服务活动",
        f"{n}名志愿者分组清理集贸市场周边和镇区主干道，宣传爱国卫生和健康知识。",
        n,
        2.5,
        rng.randint(500, 1200),
        team="youth",
    )

    # Care (关爱帮扶): before the Spring Festival, on 重阳, for children, in the heat.
    unit = c.unit()
    n = rng.randint(10, 25)
    served = rng.randint(20, 45)
    add(
        c.near(c.spring, 20, -5),
        unit,
        V.CARE,
        f"{unit.name}开展“新春送温暖”走访慰问活动",
        f"志愿者走访慰问困难家庭、独居老人{served}户，送去米、油和春联。",
        n,
        3,
        served,
        team="party",
        headline="新春送温暖 真情暖人心",
    )
    unit = c.unit()
    n = rng.randint(8, 16)
    add(
        c.near(c.double_ninth, 2),
        unit,
        V.CARE,
        f"{unit.name}志愿者为高龄老人送上重阳祝福",
        "志愿者上门为老人打扫卫生、检查用电安全，陪老人拉家常。",
        n,
        2.5,
        rng.randint(20, 60),
        team="elder",
    )
    unit = c.unit()
    n = rng.randint(8, 16)
    add(
        c.near(date(c.year, 6, 1), 4, 0),
        unit,
        V.CARE,
        f"{unit.name}开展关爱留守儿童志愿服务",
        "志愿者为留守儿童辅导作业、开展安全教育，并赠送学习用品。",
        n,
        3,
        rng.randint(20, 50),
        team="women",
    )
    n = rng.randint(15, 30)
    served = rng.randint(200, 400)
    add(
        c.day(months=[7, 8]),
        c.town,
        V.CARE,
        f"{t}开展“夏日送清凉”关爱一线劳动者志愿服务",
        f"志愿者为环卫工人、快递小哥、建筑工人送去绿豆汤、防暑药品等，惠及{served}人。",
        n,
        2,
        served,
        team="youth",
    )
    for what, summary in rng.sample(
        [
            ("志愿者上门探访独居老人", "志愿者定期上门看望独居老人，了解生活需求，帮助解决实际困难。"),
            ("开展“爱心理发”进家门志愿服务", "理发志愿者上门为失能、半失能老人理发。"),
            ("开展助残帮扶志愿服务", "志愿者为残疾人家庭送去康复器材，讲解惠残政策。"),
        ],
        2,
    ):
        unit = c.unit()
        n = rng.randint(6, 15)
        add(
            c.day(),
            unit,
            V.CARE,
            f"{unit.name}{what}",
            summary,
            n,
            rng.choice(hours),
            rng.randint(15, 40),
            team="elder",
        )

    # Civility (文明劝导).
    unit = c.unit()
    n = rng.randint(10, 20)
    add(
        c.near(c.qingming, 3),
        unit,
        V.CIVILITY,
        f"{unit.name}志愿者开展文明祭扫劝导",
        "志愿者在公墓入口设点值守，劝导群众不带火种上山，倡导文明低碳祭扫。",
        n,
        4,
        rng.randint(300, 800),
    )
    unit = c.unit()
    n = rng.randint(10, 20)
    add(
        c.near(c.spring, 12, -2),
        unit,
        V.CIVILITY,
        f"{unit.name}开展烟花爆竹禁限放宣传劝导",
        "志愿者入户发放告知书，在主要路口开展宣传劝导，营造安全祥和的节日氛围。",
        n,
        2,
        rng.randint(300, 700),
    )
    for _ in range(rng.randint(2, 3)):
        what, summary = rng.choice(
            [
                ("交通文明劝导志愿服务", "志愿者在镇区主要路口劝导电动车驾乘人员佩戴头盔、不闯红灯。"),
                ("“文明餐桌”光盘行动宣传", "志愿者走进饭店，向食客发放倡议书，倡导适量点餐、剩菜打包。"),
                ("文明养犬宣传劝导", "志愿者向养犬居民发放文明养犬倡议书，劝导遛狗牵绳、及时清理粪便。"),
            ]
        )
        unit = c.town if what.startswith("交通") else c.unit()
        n = rng.randint(10, 24)
        add(
            c.day(),
            unit,
            V.CIVILITY,
            f"{unit.name}开展{what}",
            summary,
            n,
            2,
            rng.randint(200, 600),
        )

    # Health (卫生健康).
    n = rng.randint(40, 80)
    add(
        c.day(),
        c.town,
        V.HEALTH,
        f"{t}组织开展无偿献血志愿服务活动",
        f"机关干部、企业职工踊跃参与，{n}人成功献血，献血总量{n * rng.choice([200, 300, 400])}毫升。",
        n,
        1.5,
        None,
        team="youth",
        place="镇党群服务中心门前",
    )
    unit = c.unit()
    n = rng.randint(5, 10)
    add(
        c.day(months=[5, 6, 9, 10, 11]),
        unit,
        V.HEALTH,
        f"{unit.name}开展“健康进万家”健康讲座",
        "家庭医生志愿者讲解高血压、糖尿病的预防和日常管理，现场为老人免费测量血压。",
        n,
        2,
        rng.randint(40, 90),
    )

    # Culture (文体服务): summer classes, artists going to the villages.
    unit = c.unit()
    n = rng.randint(8, 16)
    served = rng.randint(30, 60)
    add(
        date(c.year, 7, rng.randint(8, 20)),
        unit,
        V.CULTURE,
        f"{unit.name}开设暑期“七彩课堂”志愿服务",
        f"大学生志愿者开设书法、绘画、科学实验等课程，为期三周，{served}名孩子参加。",
        n,
        rng.choice([15, 20, 24]),
        served,
        team="youth",
        theme=c.maybe(CULTURE, 0.4),
        notable=rng.random() < 0.3,
        headline="暑期“七彩课堂”让孩子们过个充实假期",
    )
    for _ in range(2):
        unit = c.unit()
        n = rng.randint(10, 20)
        add(
            c.day(months=[4, 5, 9, 10, 11]),
            unit,
            V.CULTURE,
            rng.choice([f"镇文艺志愿者走进{unit.name}送演出", f"{unit.name}开展广场舞培训志愿服务"]),
            "文艺志愿者带来歌舞、快板等节目，并为当地文艺队辅导排练。",
            n,
            3,
            rng.randint(100, 300),
            team="culture",
            theme=c.maybe(CULTURE, 0.4),
        )
    unit = c.unit()
    n = rng.randint(5, 9)
    add(
        c.near(c.spring, 15, -6),
        unit,
        V.CULTURE,
        f"{unit.name}书法志愿者写福字送春联",
        f"书法志愿者为{c.residents(unit)}写春联、送福字，把新春祝福送到家门口。",
        n,
        4,
        rng.randint(150, 300),
        team="culture",
    )

    # Theory (理论宣讲) by volunteer lecturers.
    for _ in range(rng.randint(3, 4)):
        unit = c.unit()
        n = rng.randint(3, 8)
        what, summary = rng.choice(
            [
                (
                    f"{t}理论宣讲志愿者走进{unit.name}开展“微宣讲”",
                    "宣讲志愿者用方言和身边故事解读惠民政策，每场宣讲不超过20分钟。",
                ),
                (
                    f"{unit.name}党员志愿者入户宣讲惠民政策",
                    "党员志愿者走村入户，讲解医保参保、养老补贴等政策，解答群众疑问。",
                ),
                (
                    f"{unit.name}开展“田间课堂”政策宣讲",
                    "志愿者把宣讲课堂搬到田间地头，讲解耕地保护和农业补贴政策。",
                ),
            ]
        )
        add(
            c.day(),
            unit,
            V.THEORY,
            what,
            summary,
            n,
            2,
            rng.randint(40, 150),
            team="theory" if what.startswith(t) else "party",
            theme=c.maybe(THEORY, 0.5),
        )

    # Other: flood patrols, anti-fraud, International Volunteer Day.
    unit = c.unit()
    n = rng.randint(12, 25)
    add(
        c.day(months=[6, 7]),
        unit,
        V.OTHER,
        f"{unit.name}党员志愿者参与防汛巡查",
        "汛期党员志愿者分组巡查河塘堤坝、低洼地带，及时排查上报隐患点。",
        n,
        4,
        None,
        team="party",
    )
    unit = c.unit()
    n = rng.randint(6, 15)
    add(
        c.day(),
        unit,
        V.OTHER,
        f"{unit.name}开展反诈宣传志愿服务",
        "志愿者入户指导群众安装国家反诈中心APP，讲解常见诈骗套路。",
        n,
        2,
        rng.randint(80, 200),
    )
    n = rng.randint(60, 120)
    add(
        date(c.year, 12, 5),
        c.town,
        V.OTHER,
        f"{t}开展“国际志愿者日”志愿服务集中展示活动",
        f"全镇{rng.randint(12, 20)}支志愿服务队集中亮相，现场表彰年度优秀志愿者，{n}名志愿者参与服务。",
        n,
        3,
        rng.randint(400, 800),
        notable=True,
    )
    return plans


# Media placements (媒体刊发) ---------------------------------------------------------

L, C = MediaOutlet.Level, MediaOutlet.Channel
P = MediaPlacement.PieceType


@dataclass(frozen=True)
class _Outlet:
    name: str
    level: str
    channel: str
    slug: str  # for the demo URLs; briefings have none
    weight: float  # pieces a year, roughly


def _outlet_specs(town: OrgUnit) -> list[_Outlet]:
    """The outlets the town's pieces appear in, from the central media to its own briefing."""
    short = _short_name(town.name)
    return [
        _Outlet("人民网", L.CENTRAL, C.ONLINE, "people", 0.8),
        _Outlet("新华网", L.CENTRAL, C.ONLINE, "xinhuanet", 0.7),
        _Outlet("中央广播电视总台", L.CENTRAL, C.BROADCAST, "cctv", 0.3),
        _Outlet(f"学习强国{PROVINCE}学习平台", L.PROVINCIAL, C.XUEXI, "xuexi", 4),
        _Outlet(f"{PROVINCE}日报", L.PROVINCIAL, C.PRESS, "jcdaily", 1.5),
        _Outlet(f"{PROVINCE}卫视", L.PROVINCIAL, C.BROADCAST, "jctv", 0.8),
        _Outlet(f"{PROVINCE}新闻网", L.PROVINCIAL, C.ONLINE, "jcnews", 1.5),
        _Outlet(f"{CITY}日报", L.CITY, C.PRESS, "yzdaily", 3),
        _Outlet(f"{CITY}广播电视台", L.CITY, C.BROADCAST, "yztv", 1.5),
        _Outlet(f"{CITY}发布", L.CITY, C.NEW_MEDIA, "yzfabu", 3),
        _Outlet(f"今日{DISTRICT[:-1]}", L.DISTRICT, C.PRESS, "qjtoday", 5),
        _Outlet(f"{DISTRICT}融媒体中心", L.DISTRICT, C.NEW_MEDIA, "qjmedia", 7),
        _Outlet(f"{DISTRICT}宣传工作简报", L.DISTRICT, C.BRIEFING, "", 4),
        _Outlet(f"{town.name}工作简报", L.TOWN, C.BRIEFING, "", 11),
        _Outlet(f"{short}发布", L.TOWN, C.NEW_MEDIA, "town", 8),
    ]


PIECE_TYPES = {
    C.PRESS: ([P.NEWS, P.PHOTO, P.FEATURE, P.INFO], [60, 20, 10, 10]),
    C.BROADCAST: ([P.VIDEO, P.NEWS], [85, 15]),
    C.ONLINE: ([P.NEWS, P.INFO, P.PHOTO], [60, 25, 15]),
    C.NEW_MEDIA: ([P.NEWS, P.INFO, P.VIDEO, P.PHOTO], [40, 30, 15, 15]),
    C.XUEXI: ([P.NEWS, P.INFO, P.EXPERIENCE, P.VIDEO], [50, 20, 15, 15]),
    C.BRIEFING: ([P.INFO, P.EXPERIENCE], [70, 30]),
}
FRONT_PAGE = {C.PRESS: 0.25, C.NEW_MEDIA: 0.15, C.ONLINE: 0.08, C.BROADCAST: 0.1}

# Stories not tied to one logged activity: (months or None, title, what the piece tells).
MEDIA_TOPICS = [
    (None, "{t}：“小积分”兑出乡村治理“大文明”", "以积分制推动村民参与人居环境整治和文明创建的做法"),
    (None, "{t}多措并举推进人居环境整治提升", "开展村庄清洁、垃圾分类和河塘整治的情况"),
    (None, "{t}重点项目建设跑出“加速度”", "全镇重点项目建设进度和要素保障措施"),
    (None, "{t}打造“15分钟文明实践服务圈”", "新时代文明实践所站阵地建设和服务项目"),
    (None, "{t}以“网格+志愿”激活基层治理末梢", "网格员和志愿者共同参与基层治理的做法"),
    (None, "{t}优化营商环境 服务企业“零距离”", "镇村干部联系服务企业、帮助解决难题的做法"),
    (None, "{t}农文旅融合绘就乡村振兴新图景", "发展乡村旅游和特色农业的成效"),
    (None, "{t}“家门口”的宣讲让党的声音传得更远", "理论宣讲进村入户、小切口宣讲的做法"),
    ([1, 2], "{t}：新春走基层 暖心送到家", "春节前走访慰问困难群众和坚守一线人员的情况"),
    ([2, 3], "{t}召开宣传思想文化工作会议", "年度宣传思想文化工作会议的部署安排"),
    ([3, 4], "{t}春耕备耕有序推进", "组织农资供应、农技服务保障春耕生产的情况"),
    ([6, 7], "{t}全力做好防汛备汛工作", "汛前隐患排查、应急物资储备和值班值守情况"),
    ([9, 10], "秋收正当时 {t}稻谷飘香丰收忙", "秋粮收获和农机作业服务的情况"),
    ([11, 12], "{t}扎实开展冬季安全生产大检查", "岁末年初安全生产隐患排查整治的情况"),
    ([4, 5, 10, 11], "{v}：老旧小区改造让居民住得更舒心", "老旧小区改造后的新变化"),
    ([5, 6, 7, 8, 9], "{v}：小庭院激活大产业", "村民利用房前屋后发展庭院经济的做法"),
    (None, "{v}：村规民约“约”出文明新风", "修订村规民约、推进移风易俗的做法"),
    (None, "{t}“红色代办员”让群众办事少跑腿", "党员代办员帮助群众办理民生事项的做法"),
    (None, "{t}“银龄互助”托起幸福晚年", "开展老年人互助养老服务的做法"),
    (None, "{t}：新就业群体有了“暖心驿站”", "为快递员、外卖骑手建设服务驿站的情况"),
    ([5, 6, 7, 8, 9, 10], "{t}：乡村夜经济点亮消费新场景", "发展夜市、夜游等乡村夜间经济的做法"),
    ([3, 4, 5, 9, 10, 11], "{t}落实“田长制”守护良田沃土", "落实耕地保护责任、整治撂荒地的做法"),
    ([6, 7, 8], "{t}多举措护航学生暑期安全", "暑期防溺水和校外安全管理的做法"),
]


def _media_plans(c: _Year, activities: list[_Plan]) -> list[_Plan]:
    rng, t, plans = c.rng, c.t, []
    outlets = _outlet_specs(c.town)
    # One central TV appearance and one 人民网 piece a year; the rest by each outlet's weight.
    chosen = [o for o in outlets if o.level == L.CENTRAL and o.channel == C.BROADCAST][:1]
    chosen += [o for o in outlets if o.level == L.CENTRAL and o.channel == C.ONLINE][:1]
    chosen += rng.choices(outlets, [o.weight for o in outlets], k=rng.randint(48, 58) - len(chosen))
    # Outlets above the district report the bigger things; briefings report any work.
    big = [a for a in activities if a.notable] or activities
    newsworthy = [
        a for a in activities if a.notable or a.fields.get("study_type") != StudySession.Type.COLLECTIVE
    ]
    # Stories about the town's work in general, each told by one outlet or a few.
    stories, told = [], []
    for months, pattern, gist in rng.sample(MEDIA_TOPICS, len(MEDIA_TOPICS) * 3 // 4):
        place = c.unit(c.communities) if "小区" in pattern else c.unit(c.villages or None)
        stories.append((pattern, c.day(months=months), place, gist))
    for outlet in chosen:
        high = outlet.level in (L.CENTRAL, L.PROVINCIAL)
        covers = None
        if activities and rng.random() < (0.45 if outlet.channel in (C.BRIEFING, C.XUEXI) else 0.35):
            if high or rng.random() < 0.3:
                covers = rng.choice(big)
            else:
                covers = rng.choice(activities if outlet.level in (L.TOWN, L.DISTRICT) else newsworthy)
        if outlet.level == L.CENTRAL and outlet.channel == C.BROADCAST:
            covers = next((a for a in activities if "丰收节" in a.title or "新春" in a.title), covers)
        piece = rng.choices(*PIECE_TYPES[outlet.channel])[0]
        if covers:
            lag = {C.BRIEFING: (3, 15), C.XUEXI: (2, 12), C.PRESS: (1, 5)}.get(outlet.channel, (0, 2))
            day = covers.day + timedelta(days=rng.randint(*lag))
            title, gist = _covered_title(c, covers, outlet), f"报道了{covers.title}的情况"
            unit = covers.unit if not c.is_town_level(covers.unit) and rng.random() < 0.5 else c.office
        else:
            if stories:
                story = stories.pop()
                told.append(story)
            else:
                story = rng.choice(told)
            pattern, first_day, place, gist = story
            title = pattern.format(t=t, v=f"{t}{place.name}")
            if outlet.channel == C.BRIEFING:
                title = title.replace(f"{t}：", t)
            day = first_day + timedelta(days=rng.randint(0, 6))  # the same story in several outlets
            unit = place if "{v}" in pattern and rng.random() < 0.5 else c.office
            gist = f"介绍了{t}{gist}"
        front = rng.random() < FRONT_PAGE.get(outlet.channel, 0)
        plans.append(
            _Plan(
                "media",
                day,
                unit,
                title[:200],
                _media_summary(outlet, piece, gist, front, rng),
                covers=covers,
                theme_of_covered=covers is not None and rng.random() < 0.45,
                notable=front or outlet.level == L.CENTRAL or (high and outlet.channel == C.BROADCAST),
                fields={
                    "outlet_name": outlet.name,
                    "piece_type": piece,
                    "url": _url(outlet.slug, day, rng),
                    "authors": _authors(outlet, rng, c),
                    "is_front_page": front,
                },
            )
        )
    return plans


def _covered_title(c: _Year, activity: _Plan, outlet: _Outlet) -> str:
    """How an outlet headlines a logged activity."""
    rng, t = c.rng, c.t
    title = activity.title
    if outlet.channel == C.BRIEFING:
        return title
    if not title.startswith(t):
        title = f"{t}{title}"
    if activity.headline and rng.random() < 0.6:
        headline = activity.headline
        return headline if headline.startswith(t) else f"{t}：{headline}"
    if outlet.level in (L.CENTRAL, L.PROVINCIAL, L.CITY) and not title.startswith(DISTRICT):
        return f"{DISTRICT}{title}"
    return title


def _media_summary(outlet: _Outlet, piece: str, gist: str, front: bool, rng: random.Random) -> str:
    verb = {
        P.NEWS: "刊发新闻报道",
        P.INFO: "录用信息稿件",
        P.PHOTO: "刊发图片新闻",
        P.VIDEO: f"播发时长约{rng.randint(1, 4)}分钟的视频新闻",
        P.FEATURE: "推出专题报道",
        P.EXPERIENCE: "刊发经验交流材料",
    }[piece]
    extra = ""
    if front:
        extra = "稿件刊于头版。" if outlet.channel == C.PRESS else "稿件作为当日头条推送。"
    elif outlet.channel == C.XUEXI:
        extra = "稿件获平台首页推荐。" if rng.random() < 0.2 else ""
    return f"{outlet.name}{verb}，{gist}。{extra}"


def _url(slug: str, day: date, rng: random.Random) -> str:
    if not slug:
        return ""  # briefings are printed documents
    return f"https://example.cn/{slug}/{day:%Y%m/%d}/c{rng.randrange(10**7, 10**8)}.html"


def _authors(outlet: _Outlet, rng: random.Random, c: _Year) -> str:
    staff = rng.sample(STAFF_WRITERS, rng.randint(1, 2))
    if outlet.channel == C.BRIEFING:
        return " ".join(staff)
    if outlet.channel in (C.PRESS, C.BROADCAST, C.ONLINE) and rng.random() < 0.7:
        return f"记者 {c.person()} 通讯员 {' '.join(staff)}"
    return " ".join(staff)


def _outlets(town: OrgUnit) -> list[MediaOutlet]:
    """The town's outlets, created where missing (an outlet of the same name is kept as it is)."""
    outlets = []
    for spec in _outlet_specs(town):
        outlet, _ = MediaOutlet.objects.get_or_create(
            town=town, name=spec.name, defaults={"level": spec.level, "channel": spec.channel}
        )
        outlets.append(outlet)
    return outlets


# Photos ------------------------------------------------------------------------------

PHOTO_SIZE = (800, 600)


def _scene_pool(rng: random.Random) -> dict[str, list[Image.Image]]:
    """A few distinct scenes per kind, drawn once and reused with a date stamp."""
    pool: dict[str, list[Image.Image]] = {"study": [], "event": [], "volunteer": []}
    for index in range(12):
        kind = ("study", "event", "volunteer")[index % 3]
        pool[kind].append(_scene(kind, rng))
    return pool


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top, bottom) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        f = (y - y0) / max(1, y1 - y0 - 1)
        draw.line(
            [(x0, y), (x1, y)], fill=tuple(int(a + (b - a) * f) for a, b in zip(top, bottom, strict=True))
        )


def _people(draw, rng, *, y, rows, colours, scale=1.0) -> None:
    width = PHOTO_SIZE[0]
    for row in range(rows):
        size = scale * (1 + row * 0.18)
        step = int(46 * size)
        base = y + int(row * 42 * size)
        for x in range(rng.randint(-20, 10), width + step, step):
            x += rng.randint(-8, 8)
            head = int(11 * size)
            skin = rng.choice([(233, 196, 160), (222, 178, 140), (204, 160, 120)])
            body = rng.choice(colours)
            draw.rounded_rectangle(
                [x - int(17 * size), base, x + int(17 * size), base + int(60 * size)],
                radius=int(8 * size),
                fill=body,
            )
            draw.ellipse([x - head, base - 2 * head - 2, x + head, base - 2], fill=skin)
            draw.ellipse([x - head, base - 2 * head - 4, x + head, base - head - 2], fill=(35, 30, 30))


def _banner(draw, rng, box, colour=(196, 30, 40)) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=colour)
    inner = (255, 230, 120) if colour[0] > 150 else (255, 255, 255)
    line_y = (y0 + y1) // 2 - 4
    x = x0 + 30
    while x < x1 - 40:  # blocks standing in for characters
        w = rng.randint(18, 24)
        draw.rectangle([x, line_y - 8, x + w, line_y + 12], fill=inner)
        x += w + 8


def _scene(kind: str, rng: random.Random) -> Image.Image:
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    w, h = PHOTO_SIZE
    if kind == "study":  # a meeting room: wall, banner, screen, rows of seated people
        wall = rng.choice([(236, 228, 212), (225, 230, 236), (240, 236, 226)])
        _gradient(draw, (0, 0, w, int(h * 0.62)), wall, tuple(c - 25 for c in wall))
        _gradient(draw, (0, int(h * 0.62), w, h), (150, 110, 80), (110, 78, 55))
        _banner(draw, rng, (60, 30, w - 60, 90))
        draw.rectangle([w // 2 - 170, 110, w // 2 + 170, 300], fill=(20, 60, 140))
        draw.rectangle([w // 2 - 150, 130, w // 2 + 150, 280], fill=(40, 100, 190))
        draw.rectangle([0, int(h * 0.62), w, int(h * 0.62) + 26], fill=(120, 40, 35))
        _people(
            draw,
            rng,
            y=int(h * 0.66),
            rows=3,
            colours=[(30, 35, 50), (60, 60, 70), (230, 230, 235), (40, 50, 80)],
        )
    elif kind == "event":  # a square with a stage, a banner and an audience
        sky = rng.choice([(110, 170, 230), (140, 190, 235), (95, 150, 215)])
        _gradient(draw, (0, 0, w, int(h * 0.5)), sky, (220, 235, 250))
        _gradient(draw, (0, int(h * 0.5), w, h), (170, 170, 165), (120, 120, 118))
        stage_x = rng.randint(80, 200)
        draw.rectangle([stage_x, 150, w - stage_x, 330], fill=(170, 20, 30))
        _banner(draw, rng, (stage_x + 20, 165, w - stage_x - 20, 215), colour=(200, 35, 40))
        for x in range(stage_x + 60, w - stage_x - 40, 70):  # performers
            colour = rng.choice([(250, 200, 30), (240, 80, 140), (255, 255, 255), (60, 170, 90)])
            draw.rounded_rectangle([x, 250, x + 26, 320], radius=8, fill=colour)
            draw.ellipse([x + 3, 226, x + 23, 248], fill=(233, 196, 160))
        _people(
            draw,
            rng,
            y=int(h * 0.68),
            rows=3,
            colours=[(200, 60, 60), (60, 90, 160), (240, 240, 240), (80, 80, 80)],
        )
    else:  # volunteers in red vests outdoors, with trees and a flag
        sky = rng.choice([(120, 180, 235), (160, 200, 240), (105, 160, 220)])
        _gradient(draw, (0, 0, w, int(h * 0.55)), sky, (225, 238, 250))
        _gradient(draw, (0, int(h * 0.55), w, h), (110, 160, 80), (70, 120, 55))
        for _ in range(rng.randint(3, 6)):
            x = rng.randint(0, w)
            draw.rectangle([x - 6, 200, x + 6, 330], fill=(95, 70, 45))
            draw.ellipse(
                [x - 60, 120, x + 60, 240], fill=rng.choice([(60, 130, 60), (80, 150, 70), (50, 115, 55)])
            )
        draw.line([(w - 120, 120), (w - 120, 330)], fill=(90, 90, 90), width=4)
        draw.rectangle([w - 116, 120, w - 40, 165], fill=(210, 30, 40))
        _banner(draw, rng, (40, 250, 420, 300))
        _people(
            draw,
            rng,
            y=int(h * 0.63),
            rows=2,
            colours=[(215, 35, 40), (225, 45, 45), (205, 30, 35), (40, 60, 110)],
        )
    return image


def _photo_upload(scene: Image.Image, taken: datetime, name: str, font) -> SimpleUploadedFile:
    """A camera-like JPEG of the scene: date stamp in the corner, EXIF time, maybe mirrored."""
    image = ImageOps.mirror(scene) if taken.minute % 2 else scene.copy()
    draw = ImageDraw.Draw(image)
    stamp = f"{taken:%Y-%m-%d %H:%M}"
    x, y = PHOTO_SIZE[0] - 250, PHOTO_SIZE[1] - 40
    draw.text((x + 1, y + 1), stamp, fill=(40, 20, 0), font=font)
    draw.text((x, y), stamp, fill=(255, 150, 30), font=font)
    exif = Image.Exif()
    exif[0x0132] = f"{taken:%Y:%m:%d %H:%M:%S}"  # DateTime; records/photos.py reads it as taken_at
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _font():
    try:
        return ImageFont.load_default(size=22)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


# Creating the records -----------------------------------------------------------------


def _aware(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def demo_records_create(
    *,
    town: OrgUnit,
    author_by_unit: dict[str, User],
    reviewer: User,
    years: list[int],
    photos: bool = True,
    seed: int = 2026,
) -> int:
    """Fill `town` with demo records for `years`; return how many were created.

    Nothing is created (and 0 returned) if the town already has records. A record's
    author is `author_by_unit[unit name]`, else `author_by_unit["*"]`, else the
    reviewer; approved and returned records name `reviewer` as their reviewer.
    Nothing is dated after today. The records are kept out of the audit log: nobody
    made them, and their backdated times would not match the log's.
    """
    if Record.objects.filter(in_subtree(town)).exists():
        return 0
    themes_ensure_defaults(town=town)
    themes = list(WorkTheme.objects.filter(town=town, is_active=True)) or list(
        WorkTheme.objects.filter(town=town)
    )
    by_name = {theme.name: theme for theme in themes}
    default = {
        kind: next((theme for theme in themes if kind in theme.default_for), themes[0])
        for kind in ("study", "event", "volunteer", "media")
    }
    units = list(OrgUnit.objects.filter(in_subtree(town, field=""), is_active=True).order_by("path"))
    if town not in units:
        units.insert(0, town)
    today, now = timezone.localdate(), timezone.now()
    rng = random.Random(seed)

    plans: list[_Plan] = []
    for year in sorted(set(years)):
        c = _Year(town=town, units=units, year=year, rng=random.Random(seed * 10_000 + year))
        activities = [
            plan
            for plan in _study_plans(c) + _event_plans(c) + _volunteer_plans(c)
            if plan.day.year == year and plan.day <= today
        ]
        media = _media_plans(c, activities)
        plans += activities + [plan for plan in media if plan.day.year == year and plan.day <= today]
    if not plans:
        return 0
    # Activities before the pieces that cover them (a piece is never dated before them).
    plans.sort(key=lambda plan: (plan.day, plan.kind == "media"))
    _statuses_choose(plans, rng=rng, today=today)
    _highlights_choose(plans, rng=rng)

    models = {
        "study": StudySession,
        "event": PublicityEvent,
        "volunteer": VolunteerActivity,
        "media": MediaPlacement,
    }
    reviewed_states = (Record.Status.APPROVED, Record.Status.RETURNED)
    with transaction.atomic(), disable_auditlog():
        outlets = {outlet.name: outlet for outlet in _outlets(town)}
        stamps = []
        for plan in plans:
            created = min(
                _aware(plan.day, rng.randint(9, 19), rng.randint(0, 59))
                + timedelta(hours=rng.choice([0, 1, 3, 20, 26, 50])),
                now,
            )
            submitted = min(created + timedelta(minutes=rng.randint(5, 600)), now)
            reviewed = min(submitted + timedelta(minutes=rng.randint(30, 3000)), now)
            fields = dict(plan.fields)
            theme = by_name.get(plan.theme or "") or default[plan.kind]
            if plan.kind == "media":
                fields["outlet"] = outlets[fields.pop("outlet_name")]
                if plan.covers is not None:
                    fields["covers"] = plan.covers.record
                    if plan.theme_of_covered:
                        theme = plan.covers.record.theme
            plan.record = models[plan.kind].objects.create(
                title=plan.title,
                date=plan.day,
                place=plan.place,
                unit=plan.unit,
                theme=theme,
                summary=plan.summary,
                participants=plan.participants,
                is_highlight=plan.highlight,
                is_practical_project=plan.practical,
                status=plan.status,
                return_reason=plan.return_reason,
                author=author_by_unit.get(plan.unit.name) or author_by_unit.get("*") or reviewer,
                submitted_at=None if plan.status == Record.Status.DRAFT else submitted,
                reviewed_by=reviewer if plan.status in reviewed_states else None,
                reviewed_at=reviewed if plan.status in reviewed_states else None,
                **fields,
            )
            plan.created = created
            if plan.status in reviewed_states:
                last = reviewed
            else:
                last = submitted if plan.status == Record.Status.SUBMITTED else created
            stamps.append(Record(pk=plan.record.pk, created_at=created, updated_at=last))
        # auto_now_add/auto_now stamp "now" on create; backdate them to when the work was logged.
        Record.objects.bulk_update(stamps, ["created_at", "updated_at"], batch_size=500)
        if photos:
            _photos_add([plan for plan in plans if plan.kind != "media"], rng=rng, now=now)
    return len(plans)


def _statuses_choose(plans: list[_Plan], *, rng: random.Random, today: date) -> None:
    """All approved, except this year's latest: ~10 pending review, ~5 drafts, ~3 returned."""
    current = [plan for plan in plans if plan.day.year == today.year]
    recent = [plan for plan in current if (today - plan.day).days <= 45]
    if len(recent) < 30:
        recent = current[-30:]
    for index, plan in enumerate(rng.sample(recent, min(18, len(recent)))):
        if index < 10:
            plan.status = Record.Status.SUBMITTED
        elif index < 15:
            plan.status = Record.Status.DRAFT
        else:
            plan.status = Record.Status.RETURNED
            if plan.kind == "study" and plan.fields.get("study_type") == StudySession.Type.CENTRAL_GROUP:
                plan.return_reason = "请补充研讨发言要点和缺席人员原因。"
            elif plan.kind == "media" or rng.random() < 0.6:
                plan.return_reason = RETURN_REASON_OF_KIND[plan.kind]
            else:
                plan.return_reason = rng.choice(RETURN_REASONS)


def _highlights_choose(plans: list[_Plan], *, rng: random.Random) -> None:
    """About 8% of the records are highlights (亮点), mostly among the notable ones."""
    wanted = round(len(plans) * 0.08)
    notable = [plan for plan in plans if plan.notable]
    others = [plan for plan in plans if not plan.notable]
    chosen = rng.sample(notable, min(len(notable), round(wanted * 0.75)))
    chosen += rng.sample(others, min(len(others), wanted - len(chosen)))
    for plan in chosen:
        plan.highlight = True


def _photos_add(plans: list[_Plan], *, rng: random.Random, now: datetime) -> None:
    """1-3 photos on about a quarter of the activities, through the upload checks."""
    chosen = [
        plan
        for plan in plans
        if rng.random() < 0.25
        and not (plan.status == Record.Status.RETURNED and "照片" in plan.return_reason)
    ]
    if not chosen:
        return
    pool = _scene_pool(random.Random(rng.random()))
    font = _font()
    stamps = []
    for plan in chosen:
        start = _aware(plan.day, rng.randint(8, 16), rng.randint(0, 59))
        for index in range(rng.choices([1, 2, 3], [45, 35, 20])[0]):
            taken = min(
                start + timedelta(minutes=index * rng.randint(3, 25), seconds=rng.randint(0, 59)), now
            )
            taken = taken.replace(microsecond=0)
            name = f"IMG_{timezone.localtime(taken):%Y%m%d_%H%M%S}.jpg"
            processed = image_process(
                _photo_upload(rng.choice(pool[plan.kind]), timezone.localtime(taken), name, font)
            )
            photo = Photo.objects.create(
                record=plan.record,
                image=processed.image,
                thumbnail=processed.thumbnail,
                taken_at=processed.taken_at or taken,
                original_name=processed.original_name,
                uploaded_by=plan.record.author,
            )
            stamps.append(Photo(pk=photo.pk, uploaded_at=max(plan.created, taken)))
    Photo.objects.bulk_update(stamps, ["uploaded_at"], batch_size=500)
