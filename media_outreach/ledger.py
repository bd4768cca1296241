"""The ledger sheet of media placements (DESIGN §6): an outlet named by name, level and type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from media_outreach.models import MediaOutlet, MediaPlacement
from records.sheets import (
    Cell,
    Column,
    Lookup,
    Sheet,
    date_column,
    length,
    summary_column,
    theme_column,
    title_column,
    unit_column,
)

OUTLET_NAME, OUTLET_LEVEL, OUTLET_CHANNEL = "outlet_name", "outlet_level", "outlet_channel"

PLACEMENT = Sheet(
    "媒体刊发",
    (
        date_column("刊发日期", aliases=("日期",)),
        title_column(),
        Column(
            "媒体名称",
            OUTLET_NAME,
            required=True,
            source="outlet__name",
            max_length=length(MediaOutlet, "name"),
        ),
        Column(
            "媒体级别",
            OUTLET_LEVEL,
            Cell.CHOICE,
            required=True,
            choices=MediaOutlet.Level,
            source="outlet__level",
        ),
        Column(
            "媒体类型",
            OUTLET_CHANNEL,
            Cell.CHOICE,
            required=True,
            choices=MediaOutlet.Channel,
            source="outlet__channel",
        ),
        Column(
            "稿件类型",
            "piece_type",
            Cell.CHOICE,
            choices=MediaPlacement.PieceType,
            default=MediaPlacement.PieceType.NEWS,
        ),
        Column("链接", "url", Cell.URL, max_length=length(MediaPlacement, "url")),
        unit_column(),
        theme_column(),
        summary_column("备注"),
        Column("头版", "is_front_page", Cell.BOOL, hint="报纸刊于头版填“是”"),
        Column("头条", "is_headline", Cell.BOOL, hint="版面、节目或网站头条填“是”"),
        Column(
            "栏目", "column", max_length=length(MediaPlacement, "column"), hint="栏目或节目名称，如“新闻联播”"
        ),
        # The byline in order: the media scoring splits a piece's points between its authors.
        Column(
            "作者",
            "authors",
            max_length=length(MediaPlacement, "authors"),
            hint="按署名顺序，用顿号分隔，如“张三、李四”；无账号的可注明单位，如“王五（东风村）”",
        ),
    ),
    lookups=(
        Lookup(
            field="outlet",
            model=MediaOutlet,
            name=OUTLET_NAME,
            attributes=((OUTLET_LEVEL, "level"), (OUTLET_CHANNEL, "channel")),
            label=_("媒体"),
        ),
    ),
    # One story on one day in two outlets, or in one outlet as news and as a photo, is two
    # placements: the §6 rule alone dropped 6 of 58 demo placements in a round trip.
    key=(OUTLET_NAME, "piece_type", "url"),
)
