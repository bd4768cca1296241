"""The demo town's 台账 beyond its records: three 工作制度, the 领导小组 通知 and each
year's 工作要点 as an office would have issued them, and the 签到表 of most 中心组
sessions (a few are left without, as offices leave them, so the 迎检 page has something
to find)."""

from __future__ import annotations

import io
import random
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from activities.models import StudySession
from portal.models import OrgUnit, User
from records.attachments import attachment_process
from records.models import Attachment
from records.services import record_files_add
from reports.models import WorkRule

RULES = [
    (
        "党委理论学习中心组学习制度",
        date(2023, 2, 20),
        [
            "第一条　为推进党委理论学习中心组学习规范化、制度化，结合本镇实际，制定本制度。",
            "第二条　中心组由镇党委书记任组长，党委副书记任副组长，党委委员及相关班子成员为成员；"
            "党政办公室（宣传办）负责学习的计划安排、通知、记录和归档。",
            "第三条　中心组原则上每月集中学习一次，全年不少于十二次，其中专题研讨不少于四次。",
            "第四条　每次学习确定主题和中心发言人，中心发言人不少于两名；"
            "成员因故不能参加的，应向组长请假并自学补课。",
            "第五条　每次学习应有签到表、会议记录和现场照片，"
            "记录写明时间、地点、主持人、参加和缺席人员、学习内容及研讨发言要点。",
            "第六条　学习情况每季度通报一次，年终纳入班子成员述职评议内容。",
        ],
    ),
    (
        "意识形态工作责任制实施细则",
        date(2023, 4, 6),
        [
            "一、镇党委对本镇意识形态工作负主体责任，党委书记为第一责任人，分管领导为直接责任人，"
            "班子其他成员对分管领域的意识形态工作负领导责任。",
            "二、镇党委每半年专题研究一次意识形态工作，每季度召开一次意识形态形势研判会议，形成研判记录。",
            "三、各村（社区）、镇属单位明确一名意识形态工作联络员，及时报告本单位思想动态和舆情信息。",
            "四、对讲座、论坛、宣传栏、微信公众号等阵地实行“谁主管谁负责、谁主办谁负责”，发布内容须经审核。",
            "五、意识形态工作落实情况纳入年度考核，对履职不力的按有关规定追究责任。",
        ],
    ),
    (
        "新闻宣传信息报送及审核制度",
        date(2024, 3, 1),
        [
            "一、各村（社区）、镇属单位信息员负责本单位工作信息的采集和报送，活动结束后三个工作日内在平台登记并上传照片。",
            "二、镇宣传办对报送信息进行审核，内容不实、照片不符或要素不全的，退回并说明理由。",
            "三、对外投稿和发布的稿件实行“一稿一审”，涉及重要数据和重大事项的，须经分管领导审定。",
            "四、各单位在各级媒体刊发的稿件按月统计，列入新闻宣传考核并予以通报。",
        ],
    ),
]

# The 组织网络 document and the year's 工作要点, as the office would have issued them.
NETWORK = (
    "关于调整宣传思想文化工作领导小组的通知",
    [
        "为加强对全镇宣传思想文化工作的领导，经镇党委研究，决定调整宣传思想文化工作领导小组，组成人员如下：",
        "组　长：陈志强（党委书记）",
        "副组长：沈丽（党委委员、宣传委员）",
        "成　员：刘洋（党政办公室）、王芳（宣传办）、何琳（文化站）及各村（社区）党组织书记",
        "领导小组下设办公室在镇宣传办，王芳同志兼任办公室主任，负责日常工作；"
        "各村（社区）、镇属单位各明确一名信息员，负责本单位工作信息的登记和报送。",
    ],
)
PLAN = [
    "坚持以习近平新时代中国特色社会主义思想为指导，围绕全镇中心工作，抓好以下五个方面：",
    "一、抓实理论武装。落实党委理论学习中心组每月集中学习制度，全年专题研讨不少于四次，"
    "组织宣讲团深入村（社区）开展理论宣讲。",
    "二、守牢意识形态阵地。每季度召开意识形态形势研判会议，加强宣传栏、公众号等阵地管理。",
    "三、做强新闻宣传。加强与各级媒体对接，全年在市级以上媒体刊发稿件不少于二十篇。",
    "四、深化文明实践。各新时代文明实践站每月开展活动不少于两次，全年举办道德讲堂不少于五场。",
    "五、繁荣群众文化。办好“我们的节日”系列活动，推动文化惠民演出进村入户。",
]

SIGNERS = ["张建华", "李明", "王芳", "刘洋", "陈志强", "赵丽", "孙伟", "周敏", "吴刚", "郑浩", "黄伟", "何琳"]
# About one session in five left without its sign-in sheet.
WITHOUT_SHEET = 0.2


def demo_ledger_create(*, town: OrgUnit, secretary: User, years: list[int]) -> int:
    """The rules and the sign-in sheets; nothing if the town has rules already."""
    if WorkRule.objects.filter(town=town).exists():
        return 0
    for order, (title, issued, lines) in enumerate(RULES, start=1):
        WorkRule.objects.create(
            town=town, title=f"{town.name}{title}", issued_on=issued, text="\n".join(lines), order=order
        )
    title, lines = NETWORK
    WorkRule.objects.create(
        town=town, part=WorkRule.Part.NETWORK, title=title, text="\n".join(lines), issued_on=date(2024, 2, 26)
    )
    for year in years:
        WorkRule.objects.create(
            town=town,
            part=WorkRule.Part.PLAN,
            year=year,
            title=f"{town.name}{year}年宣传思想文化工作要点",
            text="\n".join(PLAN),
            issued_on=date(year, 2, 18),
        )
    rng = random.Random(16)
    sessions = StudySession.objects.filter(
        unit__in=town.subtree_ids, study_type=StudySession.Type.CENTRAL_GROUP
    ).order_by("date", "pk")
    added = 0
    for session in sessions:
        if rng.random() < WITHOUT_SHEET:
            continue
        sheet = attachment_process(_sign_in_sheet(town, session, rng)).content
        record_files_add(record=session, by=session.author, attachments=[(Attachment.Sort.SIGN_IN, sheet)])
        added += 1
    return added


def _sign_in_sheet(town: OrgUnit, session: StudySession, rng: random.Random) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "签到表"
    sheet.append([f"{town.name}党委理论学习中心组学习签到表"])
    sheet.append([f"时间：{session.date:%Y年%m月%d日}", "", f"地点：{session.place or '镇政府会议室'}"])
    sheet.append([f"主题：{session.title}"])
    sheet.append(["序号", "姓名", "签到"])
    present = min(len(SIGNERS), session.participants or 10)
    for number, name in enumerate(rng.sample(SIGNERS, present), start=1):
        sheet.append([number, name, "✓"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(f"{session.date:%Y%m%d}中心组学习签到表.xlsx", buffer.getvalue())
