"""The ledger sheet of honours received (DESIGN §6)."""

from __future__ import annotations

from honours.models import Honour
from records.sheets import (
    Cell,
    Column,
    Sheet,
    date_column,
    length,
    summary_column,
    theme_column,
    title_column,
    unit_column,
)

HONOURS = Sheet(
    "荣誉表彰",
    (
        date_column(),
        title_column("荣誉名称"),
        Column("级别", "level", Cell.CHOICE, required=True, choices=Honour.Level),
        Column("授予单位", "awarded_by", max_length=length(Honour, "awarded_by")),
        Column("获得者", "recipient", max_length=length(Honour, "recipient")),
        unit_column(),
        theme_column(),
        summary_column("备注"),
        # Beyond DESIGN §6's columns, so that an export re-imports unchanged.
        Column(
            "集体/个人",
            "recipient_kind",
            Cell.CHOICE,
            choices=Honour.Recipient,
            default=Honour.Recipient.COLLECTIVE,
        ),
    ),
)
