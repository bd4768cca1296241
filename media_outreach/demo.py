"""A year of media placements for the demo town: its pieces, from central media to its own briefing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from media_outreach.models import MediaOutlet, MediaPlacement
from portal.models import OrgUnit
from records.demo import CITY, DISTRICT, PROVINCE, DemoPlan, DemoYear, short_name

STAFF_WRITERS = ["王芳", "刘洋", "沈丽", "张晓雯", "陈晨", "许婷"]

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
    short = short_name(town.name)
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


def media_plans(c: DemoYear, others: list[DemoPlan]) -> list[DemoPlan]:
    """About fifty pieces a year, a third of them about the activities in `others`."""
    rng, t, plans = c.rng, c.t, []
    activities = [plan for plan in others if plan.kind != "media"]
    outlets = _outlet_specs(c.town)
    outlets_made = {outlet.name: outlet for outlet in _outlets(c.town)}
    # One central TV appearance and one 人民网 piece a year; the rest by each outlet's weight.
    chosen = [o for o in outlets if o.level == L.CENTRAL and o.channel == C.BROADCAST][:1]
    chosen += [o for o in outlets if o.level == L.CENTRAL and o.channel == C.ONLINE][:1]
    chosen += rng.choices(outlets, [o.weight for o in outlets], k=rng.randint(48, 58) - len(chosen))
    # The town's own account posts most weeks, mostly on the town's own work.
    chosen += [o for o in outlets if o.level == L.TOWN and o.channel == C.NEW_MEDIA] * rng.randint(30, 40)
    # Outlets above the district report the bigger things; briefings report any work.
    big = [a for a in activities if a.notable] or activities
    newsworthy = [a for a in activities if a.notable or not a.routine]
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
            DemoPlan(
                "media",
                day,
                unit,
                title[:200],
                _media_summary(outlet, piece, gist, front, rng),
                links={"covers": covers} if covers else {},
                theme_from=covers if covers is not None and rng.random() < 0.45 else None,
                notable=front or outlet.level == L.CENTRAL or (high and outlet.channel == C.BROADCAST),
                fields={
                    "outlet": outlets_made[outlet.name],
                    "piece_type": piece,
                    "url": _url(outlet.slug, day, rng),
                    "authors": _authors(outlet, rng, c),
                    "is_front_page": front,
                },
            )
        )
    for plan in plans:
        plan.return_hint = "请补充稿件链接或剪报图片，便于核对刊发情况。"
        _marks(plan)
    return plans


COLUMNS = {C.BROADCAST: ("新闻联播", "朝闻天下", "新闻直播间"), C.PRESS: ("要闻", "基层", "综合新闻")}


def _marks(plan: DemoPlan) -> None:
    """头版 is a newspaper's, 头条 anyone's top slot; broadcasts and papers name their column."""
    outlet = plan.fields["outlet"]
    if plan.fields.get("is_front_page") and outlet.channel != C.PRESS:
        plan.fields["is_front_page"], plan.fields["is_headline"] = False, True
    columns = COLUMNS.get(outlet.channel)
    if columns and outlet.level in (L.CENTRAL, L.PROVINCIAL):
        digest = int.from_bytes(plan.title.encode("utf-8")[:4].ljust(4, b"\0"), "big")
        plan.fields["column"] = columns[digest % len(columns)]


def _covered_title(c: DemoYear, activity: DemoPlan, outlet: _Outlet) -> str:
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


def _authors(outlet: _Outlet, rng: random.Random, c: DemoYear) -> str:
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
