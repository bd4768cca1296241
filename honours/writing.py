"""How honours read in the annual report: they close their theme's paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence

from honours.models import Honour
from records.writing import Block, Item, Pen, Sentence, Writing

RANK = {value: index for index, value in enumerate(Honour.Level.values)}


_PLACE = re.compile(r"^(.{1,6}?(?:省|市|区|县))(?=.{2,})")


def honour_title(title: str) -> str:
    """An honour as a report writes it: the awarding place outside the quotes, the title
    within ("云州市“书香村居”"); a title that brings its own quotes is kept as it is."""
    title = title.strip()
    if "“" in title:
        return title
    match = _PLACE.match(title)
    place, rest = (match.group(1), title[match.end() :]) if match else ("", title)
    return f"{place}“{rest}”"


def compose(items: Sequence[Item], pen: Pen) -> list[Block]:
    """One closing sentence: the town's own honours as 我镇荣获“…”称号, the rest by recipient."""
    ordered = sorted(items, key=lambda item: (RANK.get(item.type, 9), item.day))
    town = [item for item in ordered if item.own.get("recipient") in ("", pen.town)]
    of_town = {item.pk for item in town}
    others = [item for item in ordered if item.pk not in of_town]
    parts = []
    if town:
        names = "、".join(honour_title(item.title) for item in town)
        parts.append(f"我镇荣获{names}称号")
    for item in others[:4]:
        parts.append(f"{_recipient(item)}获评{honour_title(item.title)}")
    if not parts:
        return []
    return [
        Block(
            lead="",
            sentences=[Sentence("；".join(parts), tuple(item.pk for item in [*town, *others[:4]]))],
            weight=0,
            key="honours",
            closing=True,
        )
    ]


def _recipient(item: Item) -> str:
    """Who was honoured: a collective by its name; a person with their village or community
    ("石桥村潘春生"), or as 同志 when they work for the town itself."""
    recipient = item.own.get("recipient") or item.unit
    if item.own.get("recipient_kind") != Honour.Recipient.INDIVIDUAL:
        return recipient
    if item.unit_kind in ("village", "community") and item.unit not in recipient:
        return f"{item.unit}{recipient}"
    return f"{recipient}同志"


HONOURS = Writing(compose=compose, noun="荣誉")
