"""The ledger sheets of study sessions, publicity events and volunteer activities (DESIGN §6)."""

from __future__ import annotations

from decimal import Decimal

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.sheets import (
    Cell,
    Column,
    Sheet,
    date_column,
    highlight_column,
    length,
    participants_column,
    place_column,
    summary_column,
    theme_column,
    title_column,
    unit_column,
)

STUDY = Sheet(
    "理论学习",
    (
        date_column(),
        title_column(),
        Column("类型", "study_type", Cell.CHOICE, required=True, choices=StudySession.Type),
        Column("主讲人", "speaker", max_length=length(StudySession, "speaker")),
        place_column(),
        Column(
            "形式", "format", Cell.CHOICE, choices=StudySession.Format, default=StudySession.Format.OFFLINE
        ),
        Column("主持人", "host", max_length=length(StudySession, "host")),
        Column("应到人数", "expected_attendance", Cell.INT),
        participants_column("参加人数", aliases=("参与人数", "实到人数")),
        Column("缺席人员及原因", "absentees", hint="每行一人，例如：张三（出差）"),
        Column("研讨要点", "discussion_points", aliases=("研讨发言要点",)),
        unit_column(),
        theme_column(),
        highlight_column("亮点(是/否)"),
        summary_column(),
    ),
)

EVENT = Sheet(
    "宣传活动",
    (
        date_column(),
        title_column(),
        Column("类型", "event_type", Cell.CHOICE, required=True, choices=PublicityEvent.Type),
        place_column(),
        participants_column(),
        unit_column(),
        theme_column(),
        highlight_column(),
        summary_column(),
    ),
)

VOLUNTEER = Sheet(
    "志愿服务",
    (
        date_column(),
        title_column(),
        Column("服务类别", "service_type", Cell.CHOICE, required=True, choices=VolunteerActivity.Type),
        Column("志愿服务队", "team", max_length=length(VolunteerActivity, "team")),
        # The model needs both figures; DESIGN §6 does not, so an empty cell counts 0.
        Column("志愿者人数", "volunteers", Cell.INT, default=0),
        Column("服务时长(小时)", "service_hours", Cell.DECIMAL, default=Decimal("0"), aliases=("服务时长",)),
        Column("受益人数", "beneficiaries", Cell.INT),
        place_column(),
        unit_column(),
        theme_column(),
        highlight_column(),
        summary_column(),
    ),
)
