"""The demo town's 新闻宣传考核: its rules since last January, the copies of one piece
linked as a reviewer would confirm them, and a 通报 issued for every month that has
ended but the last (left for the demo secretary to issue)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from media_outreach.models import MediaOutlet, MediaPlacement
from portal.models import OrgUnit, User
from scoring.models import Bulletin, Rules
from scoring.scores import default_cells
from scoring.services import bulletin_issue, links_suggested, pieces_link, rules_save

# Titles this close are the demo's own copies of one story in two outlets.
SAME_PIECE = 0.8


def demo_scoring_create(*, town: OrgUnit, reviewer: User, secretary: User, years: list[int]) -> int:
    """The rules, the links and the bulletins; nothing if the town has rules already."""
    if Rules.objects.filter(town=town).exists():
        return 0
    first = date(years[0], 1, 1)
    cells = default_cells()
    for piece in MediaPlacement.PieceType.values:  # a feature or an experience piece weighs more
        if piece in (MediaPlacement.PieceType.FEATURE, MediaPlacement.PieceType.EXPERIENCE):
            for level in MediaOutlet.Level.values:
                cells[(level, piece)] = cells[(level, piece)] * 2
    rules_save(
        rules=Rules(town=town, effective_from=first, issuer=f"中共{town.name}委宣传办公室"),
        cells=cells,
        by=reviewer,
    )
    today = timezone.localdate()
    for score, original, copy in links_suggested(town, since=first, until=today, limit=500):
        if score >= SAME_PIECE:
            pieces_link(copy=copy, original=original, by=reviewer)
    last_ended = today.replace(day=1) - timedelta(days=1)
    issued = 0
    for year in years:
        for month in range(1, 13):
            if (year, month) >= (last_ended.year, last_ended.month):
                break
            if not Bulletin.objects.filter(town=town, year=year, month=month).exists():
                bulletin_issue(town=town, year=year, month=month, by=secretary, today=today)
                issued += 1
    return issued
