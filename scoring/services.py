"""The one way scoring changes: rules saved, pieces linked, verdicts given, 通报 issued."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import audit_write
from audit.models import Event
from media_outreach.models import MediaPlacement
from portal.models import OrgUnit, User, in_subtree
from records.models import Record
from scoring.models import Bulletin, Entry, Line, Points, Rules
from scoring.scores import Standing, YearScores, default_cells, month_last_day, month_of, year_scores


def rules_save(*, rules: Rules, cells: dict[tuple[str, str], Decimal], by: User) -> Rules:
    """Save a new version of the town's rules with its base points; a month takes one version."""
    if (
        Bulletin.objects.filter(
            town=rules.town,
            year__gte=rules.effective_from.year,
        )
        .exclude(year=rules.effective_from.year, month__lt=rules.effective_from.month)
        .exists()
    ):
        raise ValidationError(_("该月及以后已有印发的考核通报，新办法只能自下一个未通报的月份起施行。"))
    rules.created_by = by
    try:
        with transaction.atomic():
            rules.save()
            Points.objects.bulk_create(
                Points(rules=rules, level=level, piece_type=piece, points=points)
                for (level, piece), points in cells.items()
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(month)s起施行的考核办法已有一版。") % {"month": f"{rules.effective_from:%Y-%m}"}
        ) from error
    audit_write(Event.SETTINGS_CHANGE, user=by, obj=rules, town=rules.town)
    return rules


def pieces_link(*, copy: MediaPlacement, original: MediaPlacement, by: User) -> None:
    """Say that `copy` is the piece `original` placed again: the piece counts once."""
    root = original.original or original
    if copy.pk == root.pk:
        raise ValidationError(_("不能把稿件与自身合并。"))
    with transaction.atomic():
        MediaPlacement.objects.filter(pk=copy.pk).update(original=root)
        MediaPlacement.objects.filter(original=copy).update(original=root)  # its own copies follow it
    audit_write(
        Event.DATA_CHANGE, user=by, obj=copy, detail={"original": root.pk}, town=copy.unit.town or copy.unit
    )


def pieces_unlink(*, placement: MediaPlacement, by: User) -> None:
    MediaPlacement.objects.filter(pk=placement.pk).update(original=None)
    audit_write(
        Event.DATA_CHANGE,
        user=by,
        obj=placement,
        detail={"original": None},
        town=placement.unit.town or placement.unit,
    )


def verdict_set(*, placement: MediaPlacement, verdict: str, by: User) -> None:
    """The reviewer's finding on a piece: untrue, negative, or "" (none)."""
    MediaPlacement.objects.filter(pk=placement.pk).update(verdict=verdict)
    audit_write(
        Event.DATA_CHANGE,
        user=by,
        obj=placement,
        detail={"verdict": verdict},
        town=placement.unit.town or placement.unit,
    )


# Suggestions --------------------------------------------------------------------------

_NOISE = re.compile(r"[\s\W_]+|^(【[^】]*】|\[[^\]]*\])")
WINDOW = timedelta(days=31)
SIMILAR = 0.6


def _bigrams(title: str) -> set[str]:
    text = _NOISE.sub("", title)
    return {text[index : index + 2] for index in range(len(text) - 1)} or {text}


def links_suggested(town: OrgUnit, *, since: date, until: date, limit: int = 50) -> list[tuple]:
    """Pairs of placements that look like one piece in two outlets, not yet linked.

    Titles are compared by their character pairs (Jaccard ≥ 0.6), within a month of
    each other, in different outlets; each pair once, the closest first. An index of
    pairs keeps it to the placements that share one, not every pair of the period.
    """
    placements = list(
        MediaPlacement.objects.filter(
            in_subtree(town),
            date__gte=since,
            date__lte=until,
            status=Record.Status.APPROVED,
            original__isnull=True,
        )
        .exclude(outlet__level="town")
        .select_related("outlet", "unit")
        .only("pk", "title", "date", "outlet", "unit", "original")
        .order_by("date", "pk")
    )
    grams = [_bigrams(placement.title) for placement in placements]
    index: dict[str, list[int]] = defaultdict(list)
    for number, found in enumerate(grams):
        for gram in found:
            index[gram].append(number)
    linked_to = set(
        MediaPlacement.objects.filter(original__in=placements).values_list("original_id", flat=True)
    )
    pairs = []
    seen = set()
    for number, found in enumerate(grams):
        candidates = {other for gram in found for other in index[gram] if other > number}
        for other in candidates:
            first, second = placements[number], placements[other]
            if (number, other) in seen or first.outlet_id == second.outlet_id:
                continue
            seen.add((number, other))
            if abs((second.date - first.date).days) > WINDOW.days:
                continue
            score = len(found & grams[other]) / len(found | grams[other])
            if score >= SIMILAR and not (first.pk in linked_to and second.pk in linked_to):
                pairs.append((score, first, second))
    pairs.sort(key=lambda pair: (-pair[0], pair[1].date, pair[1].pk))
    return pairs[:limit]


# The 通报 -----------------------------------------------------------------------------


def bulletin_issue(*, town: OrgUnit, year: int, month: int, by: User, today: date | None = None) -> Bulletin:
    """Issue a month's 通报: freeze its scores, and correct earlier issued months.

    The scores are kept line by line with the rules used. An earlier month of the year
    whose scores have changed since its 通报 (a verdict, a link, a late approval) gets
    correction lines in this one, the difference from what was issued and corrected
    before; nothing issued is ever changed.
    """
    today = today or timezone.localdate()
    if month_last_day(year, month) >= today:
        raise ValidationError(
            _("%(year)s年%(month)s月尚未结束，月底之后才能通报。") % {"year": year, "month": month}
        )
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=town.pk).values_list("pk").get()
        if Bulletin.objects.filter(town=town, year=year, month=month).exists():
            raise ValidationError(
                _("%(year)s年%(month)s月的考核通报已经印发。") % {"year": year, "month": month}
            )
        scores = year_scores(town, year)
        standing = month_of(town, year, month, scores, pieces=True)
        rules = standing.rules
        if rules.pk is None:  # scored by the defaults: keep them as the version used
            rules.issuer = rules.issuer or f"中共{town.name}委宣传办公室"
            rules, _created = Rules.objects.get_or_create(
                town=town,
                effective_from=date(1900, 1, 1),
                defaults={"issuer": rules.issuer, "created_by": by},
            )
            if _created:
                Points.objects.bulk_create(
                    Points(rules=rules, level=level, piece_type=piece, points=points)
                    for (level, piece), points in default_cells().items()
                )
        number = Bulletin.objects.filter(town=town, year=year).count() + 1
        bulletin = Bulletin.objects.create(
            town=town, year=year, month=month, number=number, rules=rules, issued_by=by, signed_on=today
        )
        Line.objects.bulk_create(_lines(bulletin, standing, month))
        Line.objects.bulk_create(_corrections(bulletin, town, year, month, scores))
        Entry.objects.bulk_create(
            Entry(
                bulletin=bulletin,
                placement=piece.placement,
                date=piece.placement.date,
                title=piece.placement.title[:200],
                outlet=piece.placement.outlet.name,
                level=piece.placement.outlet.get_level_display(),
                unit=piece.placement.unit.name,
                authors="、".join(credit.name for credit in piece.placement.credits.all())[:200],
                points=piece.points,
                note=piece.note,
            )
            for piece in standing.pieces
        )
        audit_write(Event.DATA_CREATE, user=by, obj=bulletin, town=town)
    return bulletin


def _lines(bulletin: Bulletin, standing: Standing, month: int) -> list[Line]:
    lines = [
        Line(
            bulletin=bulletin,
            subject=Line.Subject.UNIT,
            of_month=month,
            unit=score.unit,
            name=score.unit.name,
            rank=score.rank,
            pieces=score.pieces,
            points=score.points,
            penalty=score.penalty,
            levels=score.levels,
            quota=score.quota,
        )
        for score in standing.units
    ]
    lines += [
        Line(
            bulletin=bulletin,
            subject=Line.Subject.PERSON,
            of_month=month,
            unit=score.unit,
            person_id=score.person_id,
            name=score.name,
            rank=score.rank,
            pieces=score.pieces,
            points=score.points,
            quota=score.quota,
        )
        for score in standing.people
    ]
    return lines


def _corrections(bulletin: Bulletin, town: OrgUnit, year: int, month: int, scores: YearScores) -> list[Line]:
    """For each earlier issued month: what it scores now, less what was issued for it."""
    issued: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0), None])
    months = set()
    for line in Line.objects.filter(bulletin__town=town, bulletin__year=year, of_month__lt=month).exclude(
        bulletin=bulletin
    ):
        key = (
            line.subject,
            line.of_month,
            line.unit_id,
            line.person_id,
            line.name if line.subject == "person" else "",
        )
        known = issued[key]
        known[0] += line.pieces
        known[1] += line.points
        known[2] += line.penalty
        known[3] = line
        months.add(line.of_month)
    now: dict[tuple, tuple] = {}
    for (unit_pk, of_month), score in scores.units.items():
        if of_month in months:
            now[(Line.Subject.UNIT.value, of_month, unit_pk, None, "")] = (
                score.pieces,
                score.points,
                score.penalty,
                score.unit,
                score.unit.name,
            )
    for (_key, of_month), score in scores.people.items():
        if of_month in months:
            now[(Line.Subject.PERSON.value, of_month, score.unit.pk, score.person_id, score.name)] = (
                score.pieces,
                score.points,
                Decimal(0),
                score.unit,
                score.name,
            )
    corrections = []
    for key in sorted(set(issued) | set(now), key=str):
        subject, of_month, _unit, person_id, _name = key
        pieces, points, penalty, unit, label = now.get(key, (0, Decimal(0), Decimal(0), None, ""))
        before = issued.get(key, [0, Decimal(0), Decimal(0), None])
        delta = (pieces - before[0], points - before[1], penalty - before[2])
        if delta == (0, Decimal(0), Decimal(0)):
            continue
        if unit is None:
            line = before[3]
            unit, label = line.unit, line.name
        corrections.append(
            Line(
                bulletin=bulletin,
                subject=subject,
                of_month=of_month,
                unit=unit,
                person_id=person_id,
                name=label,
                pieces=delta[0],
                points=delta[1],
                penalty=delta[2],
            )
        )
    return corrections
