"""The one way scoring changes: rules saved, pieces linked, verdicts given, 通报 issued."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.log import audit_write
from audit.models import Event
from figures.metrics import Period
from media_outreach.credits import credits_write
from media_outreach.models import MediaPlacement
from portal.models import OrgUnit, User, in_subtree
from records.models import Record
from scoring.models import Bulletin, Entry, Line, Points, Rules
from scoring.scores import (
    OWN_PLATFORM,
    Standing,
    YearScores,
    default_cells,
    month_of,
    year_scores,
)


def rules_save(*, rules: Rules, cells: dict[tuple[str, str], Decimal], by: User) -> Rules:
    """Save a new version of the town's rules with its base points; a month takes one version."""
    rules.created_by = by
    issued_since = Bulletin.objects.filter(town=rules.town, year__gte=rules.effective_from.year).exclude(
        year=rules.effective_from.year, month__lt=rules.effective_from.month
    )
    try:
        with transaction.atomic():
            # The town's lock, as issuing takes it: no 通报 is issued for the month meanwhile.
            OrgUnit.objects.select_for_update().filter(pk=rules.town_id).values_list("pk").get()
            if issued_since.exists():
                raise ValidationError(
                    _("该月及以后已有印发的考核通报，新办法只能自下一个未通报的月份起施行。")
                )
            rules.save()
            _points_write(rules, cells)
    except IntegrityError as error:
        raise ValidationError(
            _("%(month)s起施行的考核办法已有一版。") % {"month": f"{rules.effective_from:%Y-%m}"}
        ) from error
    audit_write(Event.SETTINGS_CHANGE, user=by, obj=rules, town=rules.town)
    return rules


def _points_write(rules: Rules, cells: dict[tuple[str, str], Decimal]) -> None:
    Points.objects.bulk_create(
        Points(rules=rules, level=level, piece_type=piece, points=points)
        for (level, piece), points in cells.items()
    )


def pieces_link(*, copy: MediaPlacement, original: MediaPlacement, by: User) -> None:
    """Say that `copy` is the piece `original` placed again: the piece counts once.

    Every placement of a piece points at its first (never a chain), so the rows are
    read again under a lock: two links made from one page of suggestions, or by two
    reviewers at once, still leave one root. A piece is scored within its year, so its
    placements must be of one year. A copy without a byline takes the piece's, and the
    other way round, so its authors score wherever the piece counts.
    """
    with transaction.atomic():
        rows = MediaPlacement.objects.select_for_update().filter(pk__in=[copy.pk, original.pk])
        found = {row.pk: row for row in rows}
        copy, original = found[copy.pk], found[original.pk]
        root = MediaPlacement.objects.select_for_update().get(pk=original.original_id or original.pk)
        if copy.pk == root.pk or copy.pk in (original.pk, root.original_id):
            raise ValidationError(_("不能把稿件与自身合并。"))
        if copy.date.year != root.date.year:
            raise ValidationError(_("同一稿件的各次刊发须在同一年度内，才能合并计分。"))
        MediaPlacement.objects.filter(pk=copy.pk).update(original=root)
        MediaPlacement.objects.filter(original=copy).update(original=root)  # its own copies follow it
        if not copy.authors.strip() and root.authors.strip():
            MediaPlacement.objects.filter(pk=copy.pk).update(authors=root.authors)
            credits_write([copy.pk])
        elif copy.authors.strip() and not root.authors.strip():
            MediaPlacement.objects.filter(pk=root.pk).update(authors=copy.authors)
            credits_write([root.pk])
        audit_write(Event.DATA_CHANGE, user=by, obj=copy, detail={"original": root.pk}, town=_town(copy))


def _town(placement: MediaPlacement) -> OrgUnit:
    return placement.unit.town or placement.unit


def pieces_unlink(*, placement: MediaPlacement, by: User) -> None:
    MediaPlacement.objects.filter(pk=placement.pk).update(original=None)
    audit_write(
        Event.DATA_CHANGE,
        user=by,
        obj=placement,
        detail={"original": None},
        town=_town(placement),
    )


def verdict_set(*, placement: MediaPlacement, verdict: str, by: User) -> None:
    """The reviewer's finding on a piece: untrue, negative, or "" (none)."""
    MediaPlacement.objects.filter(pk=placement.pk).update(verdict=verdict)
    audit_write(
        Event.DATA_CHANGE,
        user=by,
        obj=placement,
        detail={"verdict": verdict},
        town=_town(placement),
    )


# Suggestions --------------------------------------------------------------------------

# A column's tag before a title ("【基层】", "[图片]"), then what is not a letter or digit.
_TAG = re.compile(r"^\s*(【[^】]*】|\[[^\]]*\])")
_NOISE = re.compile(r"[\s\W_]+")
WINDOW = timedelta(days=31)
SIMILAR = 0.6
# Character pairs in more titles than this share of the period (and 20) ("开展", "村举") say nothing
# of two titles being one piece, and would make every pair of titles a candidate.
COMMON = 0.01


def _bigrams(title: str) -> frozenset[str]:
    text = _NOISE.sub("", _TAG.sub("", title))
    return frozenset(text[index : index + 2] for index in range(len(text) - 1)) or frozenset({text})


def links_suggested(town: OrgUnit, *, since: date, until: date, limit: int = 50) -> list[tuple]:
    """Pairs of placements that look like one piece in two outlets, not yet linked.

    Titles are compared by their character pairs (Jaccard ≥ 0.6), within a month of
    each other, in different outlets; the closest first. Only placements sharing a pair
    that is not common in the period are compared, each with those after it within the
    month: a busy month of thousands is a few seconds at most, not every pair of titles.
    """
    placements = list(
        MediaPlacement.objects.filter(
            in_subtree(town),
            date__gte=since,
            date__lte=until,
            status=Record.Status.APPROVED,
            original__isnull=True,
        )
        .exclude(OWN_PLATFORM)
        .select_related("outlet", "unit")
        .only("pk", "title", "date", "outlet", "unit", "original")
        .order_by("date", "pk")
    )
    grams = [_bigrams(placement.title) for placement in placements]
    frequency = Counter(gram for found in grams for gram in found)
    common = max(20, COMMON * len(placements))
    index: dict[str, list[int]] = defaultdict(list)
    for number, found in enumerate(grams):
        for gram in found:
            if frequency[gram] <= common:
                index[gram].append(number)  # in date order, as the placements are
    days = [placement.date.toordinal() for placement in placements]
    pairs = []
    for number, found in enumerate(grams):
        last = bisect_right(days, days[number] + WINDOW.days) - 1  # the month after it
        shared: Counter[int] = Counter()
        for gram in found:
            positions = index.get(gram)
            if positions:
                start = bisect_right(positions, number)
                for other in positions[start : bisect_right(positions, last, lo=start)]:
                    shared[other] += 1
        first = placements[number]
        for other in shared:
            second = placements[other]
            if first.outlet_id == second.outlet_id:
                continue
            score = len(found & grams[other]) / len(found | grams[other])
            if score >= SIMILAR:
                pairs.append((score, first, second))
    pairs.sort(key=lambda pair: (-pair[0], pair[1].date, pair[1].pk))
    return pairs[:limit]


# The 通报 -----------------------------------------------------------------------------


def bulletin_issue(*, town: OrgUnit, year: int, month: int, by: User, today: date | None = None) -> Bulletin:
    """Issue a month's 通报: freeze its scores, and correct earlier issued months.

    The scores are kept line by line with the rules used. An earlier month of the year
    whose scores have changed since its 通报 (a verdict, a link, a late approval) gets
    correction lines in this one, the difference from what was issued and corrected
    before (last year's months too); nothing issued is ever changed.
    """
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):  # a 公文 is frozen in Chinese, whoever issues it
        return _bulletin_issue(town=town, year=year, month=month, by=by, today=today)


def _bulletin_issue(*, town: OrgUnit, year: int, month: int, by: User, today: date) -> Bulletin:
    if Period.month(year, month).end >= today:
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
                _points_write(rules, default_cells())
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
    """The month's own lines: each unit's, then each correspondent's, as they stand."""
    frozen = {"bulletin": bulletin, "of_year": bulletin.year, "of_month": month}
    lines = [
        Line(
            **frozen,
            subject=Line.Subject.UNIT,
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
    for score in standing.people:
        lines.append(
            Line(
                **frozen,
                subject=Line.Subject.PERSON,
                unit=score.unit,
                person_id=score.person_id,
                name=score.name,
                rank=score.rank,
                pieces=score.pieces,
                points=score.points,
                quota=score.quota,
            )
        )
    return lines


def _corrections(bulletin: Bulletin, town: OrgUnit, year: int, month: int, scores: YearScores) -> list[Line]:
    """For each month issued before this one (this year's and last year's): what it
    scores now, less everything issued for it so far."""
    issued: dict[tuple, list] = {}
    months: set[tuple[int, int]] = set()
    earlier = Line.objects.filter(bulletin__town=town, of_year__in=[year - 1, year]).exclude(
        bulletin=bulletin
    )
    for line in earlier.select_related("unit"):
        if (line.of_year, line.of_month) >= (year, month):
            continue
        name = line.name if line.subject == Line.Subject.PERSON else ""
        key = (line.subject, line.of_year, line.of_month, line.unit_id, line.person_id, name)
        known = issued.setdefault(key, [0, Decimal(0), Decimal(0), line])
        known[0] += line.pieces
        known[1] += line.points
        known[2] += line.penalty
        months.add((line.of_year, line.of_month))
    now: dict[tuple, tuple] = {}
    by_year = {year: scores}
    if any(of_year == year - 1 for of_year, _month in months):
        by_year[year - 1] = year_scores(town, year - 1, scores.versions)
    for of_year, year_scored in by_year.items():
        for (unit_pk, of_month), score in year_scored.units.items():
            if (of_year, of_month) in months:
                key = (Line.Subject.UNIT.value, of_year, of_month, unit_pk, None, "")
                now[key] = (score.pieces, score.points, score.penalty, score.unit, score.unit.name)
        for (_person, of_month), score in year_scored.people.items():
            if (of_year, of_month) in months:
                key = (
                    Line.Subject.PERSON.value,
                    of_year,
                    of_month,
                    score.unit.pk,
                    score.person_id,
                    score.name,
                )
                now[key] = (score.pieces, score.points, Decimal(0), score.unit, score.name)
    corrections = []
    for key in sorted(set(issued) | set(now), key=str):
        subject, of_year, of_month, _unit, person_id, _name = key
        before = issued.get(key)
        pieces, points, penalty, unit, label = now.get(key) or (
            0,
            Decimal(0),
            Decimal(0),
            before[3].unit,
            before[3].name,
        )
        if before is not None:
            pieces, points, penalty = pieces - before[0], points - before[1], penalty - before[2]
        if (pieces, points, penalty) == (0, 0, 0):
            continue
        corrections.append(
            Line(
                bulletin=bulletin,
                subject=subject,
                of_year=of_year,
                of_month=of_month,
                unit=unit,
                person_id=person_id,
                name=label,
                pieces=pieces,
                points=points,
                penalty=penalty,
            )
        )
    return corrections
