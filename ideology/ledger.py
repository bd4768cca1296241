"""The ledger sheet of ideology work (DESIGN §6)."""

from __future__ import annotations

from ideology.models import IdeologyWork
from records.sheets import (
    Cell,
    Column,
    Sheet,
    date_column,
    highlight_column,
    participants_column,
    place_column,
    summary_column,
    theme_column,
    title_column,
    unit_column,
)

IDEOLOGY = Sheet(
    "意识形态",
    (
        date_column(),
        title_column(),
        Column("类型", "work_type", Cell.CHOICE, required=True, choices=IdeologyWork.Type),
        place_column(),
        participants_column("参加人数", aliases=("参与人数",)),
        unit_column(),
        theme_column(),
        highlight_column(),
        summary_column(),
        Column("议题", "topics"),
        Column("处置结果", "outcome"),
    ),
)
