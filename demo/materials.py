"""The demo town's year-end material (素材征集): last year's call closed with what was
accepted, this year's open with a few units' pieces waiting. Each unit's pieces are its
own records told in a line or two, as a liaison would send them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from figures.metrics import Period, figures_compute
from portal.models import OrgUnit, User, in_subtree
from records.models import Record
from reports.models import Material, MaterialCall

NOTE = "请各单位报送本年度工作亮点（最多5条，每条不超过300字）、所获荣誉和工作小结。"


def demo_materials_create(
    *, town: OrgUnit, author_by_unit: dict[str, User], reviewer: User, years: list[int]
) -> int:
    """The calls of `years` with each unit's pieces; nothing if the town has calls already."""
    if MaterialCall.objects.filter(town=town).exists():
        return 0
    today = timezone.localdate()
    made = 0
    for year in years:
        current = year == today.year
        call = MaterialCall.objects.create(
            town=town,
            year=year,
            deadline=date(year, 12, 20) if current else date(year, 12, 15),
            note=NOTE,
            opened_by=reviewer,
            closed_at=None if current else timezone.now(),
        )
        units = OrgUnit.objects.filter(in_subtree(town, field="")).exclude(pk=town.pk).order_by("path")
        for index, unit in enumerate(units):
            if current and index % 2:  # this year, half the units have sent theirs so far
                continue
            author = author_by_unit.get(unit.name) or author_by_unit.get("*") or reviewer
            made += _unit_pieces(call, unit, author, reviewer, accepted=not current)
    return made


def _unit_pieces(call: MaterialCall, unit: OrgUnit, author: User, reviewer: User, *, accepted: bool) -> int:
    records = list(
        Record.objects.filter(unit=unit, status=Record.Status.APPROVED, date__year=call.year)
        .select_related("theme")
        .order_by("-is_highlight", "-participants", "date")[:2]
    )
    status = Material.Status.ACCEPTED if accepted else Material.Status.SUBMITTED
    pieces = []
    for record in records:
        first = record.summary.split("。")[0]
        text = f"{record.title}。{first}。" if first else f"{record.title}。"
        pieces.append((Material.Sort.HIGHLIGHT, text[: Material.HIGHLIGHT_LENGTH], record.theme, [record]))
    values = figures_compute(
        unit=unit, period=Period.year(call.year), codes=["records.total", "records.highlights"]
    )
    if values["records.total"]:
        summary = (
            f"{call.year}年，{unit.name}登记各类宣传思想文化工作记录{values['records.total']}条，"
            f"其中亮点工作{values['records.highlights']}项。"
        )
        pieces.append((Material.Sort.SUMMARY, summary, None, []))
    for sort, text, theme, linked in pieces:
        material = Material.objects.create(
            call=call,
            unit=unit,
            sort=sort,
            theme=theme,
            text=text,
            status=status,
            submitted_by=author,
            reviewed_by=reviewer if accepted else None,
            reviewed_at=timezone.now() if accepted else None,
        )
        material.records.set(linked)
    return len(pieces)
