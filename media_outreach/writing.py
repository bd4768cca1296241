"""How media placements read in the annual report: by level and channel, not by type.

A theme's placements make up to three blocks: what the outlets outside the town carried
(by level, 头版 and 头条, the pieces on central television by name), what the town's own
platforms published (kept apart: never part of "各级媒体刊发"), and the briefings by
level. Placements about another record are that record's coverage, named with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from media_outreach.models import MediaOutlet, MediaPlacement
from records.writing import Block, Coverage, Item, Pen, Sentence, Writing

Level, Channel = MediaOutlet.Level, MediaOutlet.Channel
RANK = {value: index for index, value in enumerate(Level.values)}  # central 0 … town 4
LEVEL_WORDS = {Level.CENTRAL: "中央级", Level.PROVINCIAL: "省级", Level.CITY: "市级", Level.DISTRICT: "区级"}


def outlet_name(name: str, channel: str) -> str:
    """How prose names an outlet: a paper or a briefing in 《》, a station or a site as it is."""
    if channel == Channel.XUEXI:
        return "“学习强国”平台"
    if "中央广播电视总台" in name:
        return "央视"
    if channel in (Channel.PRESS, Channel.BRIEFING):
        return f"《{name}》"
    return name


def carried(channel: str) -> str:
    return "播出" if channel == Channel.BROADCAST else "刊发"


def coverage(pks) -> dict[int, tuple[Coverage, ...]]:
    """The approved pieces that reported on each of these records (pks: ids or a queryset of them)."""
    found: dict[int, list[Coverage]] = {}
    rows = MediaPlacement.objects.filter(covers__in=pks, status=MediaPlacement.Status.APPROVED).values(
        "pk",
        "covers_id",
        "column",
        "outlet__name",
        "outlet__level",
        "outlet__channel",
        "outlet__is_own_platform",
    )
    for row in rows:
        own = row["outlet__is_own_platform"] or row["outlet__level"] == Level.TOWN
        found.setdefault(row["covers_id"], []).append(
            Coverage(
                piece=row["pk"],
                outlet=outlet_name(row["outlet__name"], row["outlet__channel"]),
                rank=RANK.get(row["outlet__level"], 9),
                own=own,
                column=row["column"],
            )
        )
    return {pk: tuple(pieces) for pk, pieces in found.items()}


def _outlet(item: Item) -> tuple[str, str, str, bool]:
    level, channel, name = item.own["outlet_level"], item.own["outlet_channel"], item.own["outlet_name"]
    own = bool(item.own["outlet_is_own_platform"]) or level == Level.TOWN
    return level, channel, name, own


def compose(items: Sequence[Item], pen: Pen) -> list[Block]:
    """The media blocks, in the media's own theme only, with the town's whole-year figures:
    a placement filed under another theme is its activity's coverage there."""
    if not pen.at_home("media"):
        return []
    outside = [item for item in items if not _outlet(item)[3]]
    own = [item for item in items if _outlet(item)[3]]
    blocks = []
    published = [item for item in outside if _outlet(item)[1] != Channel.BRIEFING]
    if published:
        blocks.append(_outside_block(published, pen))
    briefings = [item for item in outside if _outlet(item)[1] == Channel.BRIEFING]
    if briefings:
        blocks.append(_briefing_block(briefings, pen))
    if own:
        blocks.append(_own_block(own, pen))
    return blocks


def _outside_block(items: list[Item], pen: Pen) -> Block:
    pks = tuple(item.pk for item in items)
    sentences = []
    parts = [
        f"{words}{pen.total(f'media.level.{level}')}篇"
        for level, words in LEVEL_WORDS.items()
        if level != Level.DISTRICT and pen.total_value(f"media.level.{level}")
    ]
    text = f"全年在各级媒体刊发稿件{pen.total('media.published')}篇"
    if pen.total_value("media.city_and_above"):
        text += f"，其中市级及以上媒体{pen.total('media.city_and_above')}篇"
        if parts:
            text += "（" + "、".join(parts[:3]) + "）"
    if pen.total_value("media.channel.xuexi"):
        text += f"，“学习强国”平台录用{pen.total('media.channel.xuexi')}篇"
    marks = [
        f"{label}{pen.total(code)}篇"
        for code, label in (("media.front_page", "头版"), ("media.headline", "头条"))
        if pen.total_value(code)
    ]
    if marks:
        text += "，登上" + "、".join(marks)
    sentences.append(Sentence(text, pks))
    # The year's best pieces, whichever theme they are filed in (a piece about a gala is
    # filed with the gala), unless already cited with their activity.
    year = [
        item
        for item in pen.items_of("media")
        if not _outlet(item)[3] and _outlet(item)[1] != Channel.BRIEFING
    ]
    items = [item for item in year if f"piece:{item.pk}" not in pen.named]
    tv = _one_per_story(
        [
            item
            for item in items
            if _outlet(item)[0] == Level.CENTRAL and _outlet(item)[1] == Channel.BROADCAST
        ]
    )
    on_tv = {item.pk for item in tv}
    if tv:
        pieces = [
            f"《{_title(item)}》登上央视" + (f"《{item.own['column']}》" if item.own["column"] else "")
            for item in tv[:2]
        ]
        sentences.append(Sentence("，".join(pieces), tuple(item.pk for item in tv[:2])))
        pen.named.update(f"piece:{item.pk}" for item in tv[:2])
    best = _one_per_story(
        [
            item
            for item in items
            if item.pk not in on_tv and _outlet(item)[0] in (Level.CENTRAL, Level.PROVINCIAL, Level.CITY)
        ]
    )
    best.sort(key=lambda item: RANK.get(_outlet(item)[0], 9))  # central first, as the level list reads
    if best:
        by_outlet: dict[tuple[str, str], list[Item]] = {}
        for item in best[:5]:
            _level, channel, name, _own = _outlet(item)
            by_outlet.setdefault((name, channel), []).append(item)
        named = [
            "".join(f"《{_title(item)}》" for item in pieces)
            + f"在{outlet_name(name, channel)}{carried(channel)}"
            for (name, channel), pieces in by_outlet.items()
        ]
        sentences.append(Sentence("，".join(named), tuple(item.pk for item in best[:5])))
        pen.named.update(f"piece:{item.pk}" for item in best[:5])
    return Block(
        lead=pen.pick("media.outside.lead", ("加强对外宣传", "唱响主旋律、打好主动仗", "讲好我镇发展故事")),
        sentences=sentences,
        weight=3 + len(items) / 5,
        key="media.outside",
        measures=(
            "围绕重点项目建设、乡村振兴、基层治理等中心工作，策划推出一批有分量的新闻报道",
            "加强与各级主流媒体的沟通对接，争取更多稿件在市级及以上媒体刊发",
        ),
        target="media.city_and_above",
        target_text="全年在市级及以上媒体刊发稿件不少于{n}篇",
    )


def _title(item: Item) -> str:
    """The piece's headline for 《》: its own 《》 (a song's name) as 〈〉."""
    title = item.title.strip()
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1]
    return title.replace("《", "〈").replace("》", "〉")


def _one_per_story(items: list[Item]) -> list[Item]:
    """One piece per activity covered (and per title): the same story twice is named once."""
    seen, kept = set(), []
    for item in items:
        story = item.own.get("covers_id") or item.title
        if story not in seen:
            seen.add(story)
            kept.append(item)
    return kept


def _briefing_block(items: list[Item], pen: Pen) -> Block:
    parts = [
        f"{words}简报录用{pen.total(f'media.briefing.{level}')}篇"
        for level, words in LEVEL_WORDS.items()
        if pen.total_value(f"media.briefing.{level}")
    ]
    text = "全年报送的工作信息中，" + "，".join(parts) if parts else ""
    return Block(
        lead=pen.pick("media.briefing.lead", ("做好信息报送", "积极报送工作信息")),
        sentences=[Sentence(text, tuple(item.pk for item in items))] if text else [],
        weight=2 + len(items) / 4,
        key="media.briefing",
        measures=("及时报送工作动态和经验做法，提升工作信息的采用率",),
    )


def _own_block(items: list[Item], pen: Pen) -> Block:
    names = []
    for item in items:
        _level, channel, name, _own = _outlet(item)
        if channel != Channel.BRIEFING and name not in names:
            names.append(name)
    text = ""
    if pen.total_value("media.own"):
        platforms = "、".join(f"“{name}”" for name in names[:2])
        text = f"通过{platforms}等自有平台发布信息{pen.total('media.own')}条"
    if pen.total_value("media.own_briefing"):
        text += ("，" if text else "") + f"编发本镇工作简报{pen.total('media.own_briefing')}期"
    return Block(
        lead=pen.pick("media.own.lead", ("用好自有宣传平台", "发挥本镇平台作用")),
        sentences=[Sentence(text, tuple(item.pk for item in items))] if text else [],
        weight=1.5 + len(items) / 10,
        key="media.own",
        measures=("办好本镇自有宣传平台，及时发布全镇重点工作和群众关心的信息",),
    )


PLACEMENTS = Writing(
    compose=compose,
    keep=Q(outlet__level__in=[Level.CENTRAL, Level.PROVINCIAL, Level.CITY]),
    coverage=coverage,
    noun="稿件",
    extra={
        "outlet_name": "outlet__name",
        "outlet_level": "outlet__level",
        "outlet_channel": "outlet__channel",
        "outlet_is_own_platform": "outlet__is_own_platform",
    },
)
