"""A year of the demo town's ideology work: quarterly analysis meetings, campaigns, opinion handled."""

from __future__ import annotations

from datetime import date

from ideology.models import IdeologyWork
from records.demo import DemoPlan, DemoYear

T = IdeologyWork.Type
QUARTERS = ["一", "二", "三", "四"]
# Each quarter's analysis meeting: what was on the table.
ANALYSIS_TOPICS = [
    ["岁末年初网络舆情态势", "春节期间重点人员和重点场所管控", "全年意识形态工作任务分解"],
    ["春耕和清明期间社情民意", "涉农政策宣传中的群众关切", "网络谣言苗头性问题"],
    ["汛期和暑期安全舆情风险", "重点项目征迁中的群众诉求", "校外培训和暑期活动阵地管理"],
    ["年终考核和冬季安全生产舆情", "宗教活动场所规范管理", "来年意识形态工作思路"],
]
OPINIONS = [
    (
        "回应群众关于村道施工扰民的网络留言",
        "会同施工单位调整夜间作业时间，在“{s}发布”公开施工进度，留言群众表示认可。",
    ),
    ("处置一起涉及农产品质量的不实网络信息", "联系市场监管部门抽检并发布检测结果，原帖作者删除不实内容。"),
    ("回应居民对老旧小区改造进度的关切", "组织社区召开居民恳谈会，公布改造时间表，相关话题热度迅速回落。"),
    ("处置一起关于防汛转移安置的网络求助", "当日联系求助群众落实安置，并在镇级平台发布转移安置情况。"),
    ("回应家长对学校周边交通安全的集中反映", "协调交警和学校增设护学岗，发布情况说明，群众反响良好。"),
]
CAMPAIGNS = [
    ("开展“清朗”网络生态治理专项行动", "排查镇村两级微信群、公众号{n}个，督促整改不规范账号3个。"),
    ("开展维护意识形态安全专项行动", "对辖区宣传栏、电子屏、文化阵地开展拉网式排查，发现并整改问题{n}处。"),
    ("开展防范化解宗教领域风险隐患专项行动", "走访排查宗教活动场所和重点人员，建立问题台账并逐一销号。"),
    ("开展反邪教警示宣传专项行动", "组织进村入户宣传，发放宣传资料{n}余份，营造崇尚科学的氛围。"),
]


def ideology_plans(c: DemoYear, others: list[DemoPlan]) -> list[DemoPlan]:
    rng, t, s, plans = c.rng, c.t, c.s, []

    def add(day: date, unit, work_type, title, summary, people=None, *, topics="", outcome="", **extra):
        plans.append(
            DemoPlan(
                "ideology",
                day,
                unit,
                title,
                summary,
                place=extra.pop("place", None) or c.place(unit),
                participants=people,
                fields={"work_type": work_type, "topics": topics, "outcome": outcome},
                scene="meeting",
                return_hint="请补充议题和处置结果。",
                **extra,
            )
        )

    for quarter in range(4):
        month = quarter * 3 + rng.randint(1, 3)
        people = rng.randint(16, 24)
        topics = ANALYSIS_TOPICS[quarter]
        add(
            c.workday(c.day(month, 5, 25)),
            c.town,
            T.ANALYSIS,
            f"{t}召开第{QUARTERS[quarter]}季度意识形态领域情况分析研判会",
            f"镇党委书记主持会议，宣传、政法、信访等条线通报本季度意识形态领域情况，{people}人参加。"
            f"会议逐项研判{topics[0]}等{len(topics)}个方面的情况，明确责任单位和处置时限。",
            people,
            topics="\n".join(topics),
            outcome="形成研判报告报区委宣传部；对苗头性问题明确责任人，按月跟踪销号。",
            place="镇政府三楼会议室",
            notable=quarter == 0,
        )
    for month, subject in ((1, "年度意识形态工作要点和责任清单"), (7, "上半年意识形态工作责任制落实情况")):
        add(
            c.workday(c.day(month, 10, 25)),
            c.town,
            T.STUDY,
            f"镇党委会专题研究{subject}",
            f"镇党委会听取宣传委员汇报，专题研究{subject}，对下一阶段工作作出部署。",
            rng.randint(9, 12),
            topics=subject,
            outcome="明确班子成员“一岗双责”和各村（社区）、站所的具体任务。",
            place="镇政府三楼会议室",
        )
    for title, result in rng.sample(CAMPAIGNS, 3):
        n = rng.randint(20, 60)
        add(
            c.day(),
            c.office,
            T.CAMPAIGN,
            f"{t}{title}",
            result.format(n=n if "资料" not in result else n * 10),
            rng.randint(20, 60),
            outcome=result.format(n=n if "资料" not in result else n * 10),
        )
    for title, outcome in rng.sample(OPINIONS, rng.randint(2, 3)):
        outcome = outcome.format(s=s)
        add(
            c.day(),
            c.office,
            T.OPINION,
            title,
            f"镇网信工作人员监测发现后及时上报，{outcome}",
            outcome=outcome,
        )
    add(
        c.day(months=[3, 4, 5, 9, 10]),
        c.office,
        T.COMMENTARY,
        f"组织网评员围绕{rng.choice(['乡村振兴', '重点项目建设', '文明城市创建'])}开展正面引导",
        f"{rng.randint(12, 25)}名网评员在各网络平台转发评论正面稿件，营造积极向上的舆论氛围。",
        rng.randint(12, 25),
    )
    for unit in rng.sample(c.grassroots, min(2, len(c.grassroots))):
        add(
            c.day(months=[4, 5, 10, 11]),
            unit,
            T.INSPECTION,
            f"对{unit.name}宣传栏、文化礼堂等意识形态阵地开展检查",
            "检查宣传内容审核、阵地管理台账和责任人落实情况，现场反馈问题并督促整改。",
            rng.randint(4, 8),
            outcome="现场整改过期宣传内容，完善阵地管理台账。",
        )
    add(
        c.day(months=[5, 6]),
        c.station,
        T.ANTI_PORN,
        "开展“扫黄打非·护苗”专项行动进校园",
        f"联合派出所、市场监管所检查校园周边文具店、书店{rng.randint(8, 15)}家，向学生发放“护苗”宣传资料。",
        rng.randint(150, 400),
        outcome="未发现非法出版物，督促经营户规范进货台账。",
    )
    return plans
