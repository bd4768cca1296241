"""How honours read in the annual report: they close their theme's paragraph."""

from __future__ import annotations

from collections.abc import Sequence

from honours.models import Honour
from records.writing import Block, Item, Pen, Sentence, Writing

RANK = {value: index for index, value in enumerate(Honour.Level.values)}


def _quoted(title: str) -> str:
    return "“" + title.replace("“", "‘").replace("”", "’") + "”"


def compose(items: Sequence[Item], pen: Pen) -> list[Block]:
    """One closing sentence: the town's own honours as 我镇荣获“…”称号, the rest by recipient."""
    ordered = sorted(items, key=lambda item: (RANK.get(item.type, 9), item.day))
    town = [item for item in ordered if item.own.get("recipient") in ("", pen.town)]
    others = [item for item in ordered if item not in town]
    parts = []
    if town:
        names = "".join(_quoted(item.title) for item in town)
        parts.append(f"我镇荣获{names}称号")
    for item in others[:4]:
        recipient = item.own.get("recipient") or item.unit
        parts.append(f"{recipient}获评{_quoted(item.title)}")
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


HONOURS = Writing(compose=compose, noun="荣誉")
