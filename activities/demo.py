"""A year of study sessions, publicity events and volunteer activities for the demo town.

They fall over the year the way a township office's work really does: festivals on
their dates, the Party committee's central group about once a month, 学雷锋 in March,
more work from spring to autumn than in winter.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.demo import CIVILITY, CULTURE, IDEOLOGY, MONTH_CN, THEORY, DemoPlan, DemoYear

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
# What a year of the real calendar asked of every township: the Party's plenum to study and
# carry to the villages (its month), and the anniversary to mark (its month).
MOMENTS = {
    2024: {"plenum": ("党的二十届三中全会精神", 7), "anniversary": ("庆祝中华人民共和国成立75周年", 10)},
    2025: {
        "plenum": ("党的二十届四中全会精神", 10),
        "anniversary": ("纪念中国人民抗日战争暨世界反法西斯战争胜利80周年", 9),
        # The year's 学习教育 (March to July): each branch studies, then a warning lesson.
        "campaign": (
            (
                4,
                6,
                "{unit}党组织开展中央八项规定精神专题学习",
                "{secretary}逐条领学中央八项规定及其实施细则精神，"
                "{n}名党员对照查摆作风方面的突出问题，列出整改清单。",
            ),
            (
                5,
                7,
                "{unit}组织党员开展警示教育",
                "组织党员观看警示教育片、通报身边典型案例，{n}名党员签订廉洁承诺书。",
            ),
        ),
    },
}

ABSENCE_REASONS = ["出差", "参加区里会议", "病假", "公务外出", "参加培训", "年休假", "下村督导防汛工作"]


PRODUCTS = ["蜜桃", "翠芽茶", "富硒大米", "杨梅", "莲藕", "葡萄"]
FIRMS = ["江川绿源食品有限公司", "云州恒达机械制造有限公司", "清江新材料科技有限公司", "云州宏远纺织有限公司"]
RED_SITES = ["云州市革命历史纪念馆", "清江区廉政教育馆", "江川省乡村振兴展示馆", "清江区党员教育实境课堂基地"]


def _brands(plans: list[DemoPlan], c: DemoYear) -> None:
    """The town's named series: its cadres' evening study, its lecture and stage brands."""
    for plan in plans:
        study_type = plan.fields.get("study_type")
        if study_type == StudySession.Type.CENTRAL_GROUP:
            plan.brand, plan.brand_note = f"{c.s}夜学讲堂", "班子成员轮流领学、交流研讨"
        elif "理论进万家" in plan.title:
            plan.brand = "理论进万家"
        elif f"书香{c.s}" in plan.title:
            plan.brand = f"书香{c.s}"
        elif f"{c.s}之夜" in plan.title:
            plan.brand, plan.brand_note = f"{c.s}之夜", "夏秋夜晚在镇村广场轮流举办的群众文艺晚会"
        elif "邻里守望" in str(plan.fields.get("team", "")):
            plan.brand = "邻里守望"


def study_plans(c: DemoYear, others: list[DemoPlan]) -> list[DemoPlan]:
    rng, t, plans = c.rng, c.t, []
    S = StudySession.Type

    # The central group about once a month; one month is sometimes merged into the next.
    skipped = rng.choice([None, None, None, 8])
    plenum = MOMENTS.get(c.year, {}).get("plenum")
    host_name, host_title = CENTRAL_GROUP[0]
    titles = dict(CENTRAL_GROUP)
    for month in range(1, 13):
        if month == skipped:
            continue
        topic, leader, theme = rng.choice(CENTRAL_TOPICS[month])
        if plenum and month == plenum[1] + 1:
            topic, leader, theme = plenum[0], "马俊", None
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
            DemoPlan(
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
                return_hint="请补充研讨发言要点和缺席人员原因。",
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
            DemoPlan(
                "study",
                c.workday(c.day(month)),
                unit,
                title,
                summary,
                place=c.place(unit),
                participants=members,
                routine=True,
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
            DemoPlan(
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

    # The plenum carried to the villages in the months after it.
    if plenum:
        for unit in rng.sample(c.grassroots, min(3, len(c.grassroots))):
            people = rng.randint(50, 120)
            month = min(12, plenum[1] + rng.randint(1, 2))
            plans.append(
                DemoPlan(
                    "study",
                    c.day(month),
                    unit,
                    f"{t}青年宣讲团走进{unit.name}宣讲{plenum[0]}",
                    f"镇青年宣讲员{c.person()}结合{c.here(unit)}发展实际，从全会提出的目标任务讲到群众身边的变化，"
                    f"{people}名党员群众参加。",
                    place=c.place(unit),
                    participants=people,
                    notable=True,
                    headline=f"{t}把{plenum[0]}送到群众身边",
                    fields={"study_type": S.LECTURE, "speaker": "镇青年宣讲团"},
                )
            )

    # The year's campaign work, in the units, in the campaign's months.
    for first, last, title, summary in MOMENTS.get(c.year, {}).get("campaign", ()):
        for unit in rng.sample(c.grassroots, min(3, len(c.grassroots))):
            members = rng.randint(22, 58)
            plans.append(
                DemoPlan(
                    "study",
                    c.workday(c.day(rng.randint(first, last))),
                    unit,
                    title.format(unit=unit.name),
                    summary.format(secretary=f"{c.secretary(unit)}{c.leader_of(unit)}", n=members),
                    place=c.place(unit),
                    participants=members,
                    fields={
                        "study_type": S.COLLECTIVE,
                        "speaker": f"{c.leader_of(unit)}（{c.secretary(unit)}）",
                    },
                )
            )

    # Party classes: the secretary's on 七一, a branch or two, a clean-government class.
    people = rng.randint(90, 160)
    plans.append(
        DemoPlan(
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
            DemoPlan(
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
        DemoPlan(
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
            DemoPlan(
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
            DemoPlan(
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
            DemoPlan(
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
    _brands(plans, c)
    for plan in plans:
        plan.scene = "meeting"
        plan.return_hint = plan.return_hint or "请补充学习照片和参加人数。"
    return plans


# Publicity events (宣传活动) ---------------------------------------------------------


def event_plans(c: DemoYear, others: list[DemoPlan]) -> list[DemoPlan]:
    rng, t, s, plans = c.rng, c.t, c.s, []
    E = PublicityEvent.Type

    def add(day, unit, event_type, title, summary, people, audience, **extra) -> None:
        outdoor = extra.pop("outdoor", event_type in (E.PERFORMANCE, E.SPORTS))
        if "theme" not in extra and "我们的节日" in title:  # often run as 文明实践 work
            extra["theme"] = c.maybe(CIVILITY, 0.3)
        plans.append(
            DemoPlan(
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
        f"活动设置农产品展销、农事趣味比赛和丰收文艺表演，吸引{people // 100 * 100}余名群众参与，"
        "现场销售农产品10余万元。",
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
    anniversary = MOMENTS.get(c.year, {}).get("anniversary")
    if anniversary:
        themed.append(
            (
                c.day(anniversary[1], 1, 10),
                f"{anniversary[0]}主题宣传教育活动",
                "通过主题展览、红色故事分享和升国旗仪式，引导党员群众铭记历史、缅怀先烈、珍爱和平。",
                None,
            )
        )
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
            notable=bool(anniversary) and anniversary[0] in what,
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
    plans += _practical_projects(c)
    _brands(plans, c)
    for plan in plans:
        plan.scene = "stage"
        plan.return_hint = plan.return_hint or "请补充活动照片和参与人数。"
    return plans


# The year's practical projects for the people (为群众办实事), each opening as an event.
PRACTICAL_PROJECTS = [
    ("{u}“幸福食堂”正式开餐", "为辖区70岁以上老人提供助餐服务，首批{n}名老人登记就餐。", "community"),
    (
        "{u}农家书屋完成提档升级",
        "新增图书1200余册和电子阅读设备，延长周末开放时间，方便群众就近阅读。",
        "village",
    ),
    ("{u}村民健身广场建成投用", "新建篮球场、健身路径和休闲步道，解决了村民“健身无处去”的问题。", "village"),
    (
        "{u}新就业群体暖心驿站揭牌启用",
        "为快递员、外卖骑手提供休息、饮水、充电等服务，已服务{n}人次。",
        "community",
    ),
    ("{u}老年活动中心改造完成", "改造后设有棋牌室、阅览室和康复理疗室，每天开放8小时。", "village"),
    (
        "{u}“一老一小”关爱服务站启用",
        "整合志愿服务力量，为老人和儿童提供托管、陪伴、健康咨询等服务。",
        "community",
    ),
]


def _practical_projects(c: DemoYear) -> list[DemoPlan]:
    """Three or four projects a year, drawn with a generator of their own, so that the
    year's other records stay what they were."""
    rng = random.Random(f"practical:{c.town.name}:{c.year}")
    made: list[DemoPlan] = []
    for title, summary, where in rng.sample(PRACTICAL_PROJECTS, rng.randint(3, 4)):
        pool = c.communities if where == "community" and c.communities else c.villages or c.grassroots
        unit = rng.choice(pool)
        n = rng.randint(40, 160)
        made.append(
            DemoPlan(
                "event",
                date(c.year, rng.randint(3, 11), rng.randint(1, 28)),
                unit,
                title.format(u=unit.name),
                summary.format(n=n),
                place=f"{unit.name}党群服务中心",
                participants=rng.randint(60, 200),
                fields={"event_type": PublicityEvent.Type.OTHER, "audience": c.residents(unit)},
                practical=True,
                notable=rng.random() < 0.5,
            )
        )
    return made


# Volunteer activities (志愿服务) -----------------------------------------------------


def volunteer_plans(c: DemoYear, others: list[DemoPlan]) -> list[DemoPlan]:
    rng, t, plans = c.rng, c.t, []
    V = VolunteerActivity.Type

    def add(day, unit, service_type, title, summary, volunteers, hours_each, beneficiaries, **extra) -> None:
        flavour = extra.pop("team", "")
        plans.append(
            DemoPlan(
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
    _brands(plans, c)
    for plan in plans:
        plan.scene = "outdoor"
        plan.return_hint = plan.return_hint or "请补充活动照片，并核实志愿者人数和服务时长。"
    return plans
