"""The demo town's campaign of each year (年度主线), and which of the year's work belongs to it.

A campaign's work is found by what its records say: a sub-task takes the records whose
title or summary names one of its words; a piece about such a record belongs to the same
task. The campaigns follow the years' real themes; the town and its work are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from records.demo import DemoPlan


@dataclass(frozen=True)
class DemoCampaign:
    name: str
    lead: str
    framing: str
    tasks: tuple[tuple[str, tuple[str, ...]], ...]  # (sub-task, words its records say)
    months: tuple[int, int] = (1, 12)  # when it ran: work before or after is not its own


CAMPAIGNS = {
    2025: DemoCampaign(
        "深入贯彻中央八项规定精神学习教育",
        "突出主线主题，扎实开展学习教育。",
        "按照上级部署，坚持学查改一体推进，把学习教育同推进全镇重点工作结合起来，推动作风建设走深走实。",
        (
            ("抓实学习研讨", ("八项规定", "党纪", "纪律处分条例", "作风")),
            ("强化警示教育", ("警示教育", "廉政", "廉洁", "清廉")),
            (
                "办好为民实事",
                ("幸福食堂", "暖心驿站", "完成提档升级", "健身广场", "老年活动中心", "关爱服务站"),
            ),
        ),
        months=(3, 7),
    ),
    2026: DemoCampaign(
        "学习宣传贯彻党的二十届四中全会精神",
        "突出学习宣传，推动全会精神落地生根。",
        "把学习宣传贯彻全会精神作为全年首要政治任务，推动全会精神进机关、进村社、进企业。",
        (
            ("深化学习领会", ("四中全会", "党的创新理论")),
            ("推动宣讲覆盖", ("专题宣讲", "微课堂", "宣讲")),
            (
                "办好为民实事",
                ("幸福食堂", "暖心驿站", "完成提档升级", "健身广场", "老年活动中心", "关爱服务站"),
            ),
        ),
    ),
}


def campaign_tag(plans: list[DemoPlan], campaign: DemoCampaign) -> dict[int, str]:
    """Plan index → the campaign task its work belongs to (pieces follow the work they cover)."""
    tagged: dict[int, str] = {}
    for index, plan in enumerate(plans):
        if not campaign.months[0] <= plan.day.month <= campaign.months[1]:
            continue
        if not plan.links:  # a piece about other work follows that work, below
            text = plan.title + plan.summary
            for task, words in campaign.tasks:
                if any(word in text for word in words):
                    tagged[index] = task
                    break
    position = {id(plan): index for index, plan in enumerate(plans)}
    for index, plan in enumerate(plans):
        for linked in plan.links.values():
            task = tagged.get(position.get(id(linked), -1))
            if task:
                tagged[index] = task
    return tagged
