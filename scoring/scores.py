"""The scores of a town's media placements, computed by the database (DESIGN §9).

A placement's points are one SQL expression: the base points of its outlet's level and
its type, times the factors it earns (头版/头条, 领导批示, 转载, a long piece), nothing
for a piece found untrue or negative; the rules are the version in force in the
placement's month (each version becomes one branch of a CASE on the date). A piece
placed in several outlets (linked by `original`) counts once, at its highest-scoring
placement: a window ranks the placements of each piece over the whole year. Units' and
correspondents' scores are then one GROUP BY each over that ranked set, by month, for
the year, whatever the number of placements: the queries are the same for 100 or
100,000 (tests/scoring pin them). Python only sorts, ranks and applies the quotas.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Case, DecimalField, F, IntegerField, Max, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, ExtractMonth, RowNumber
from django.utils.translation import gettext

from media_outreach.models import Credit, MediaOutlet, MediaPlacement, Verdict
from portal.models import OrgUnit, in_subtree
from records.models import Record
from scoring.models import Bulletin, Line, Points, Rules

Level, PieceType = MediaOutlet.Level, MediaPlacement.PieceType
# The defaults where a town has set no rules: 中央级 20, 省级 6, 市级 4, 区级 2 (the
# levels' points in published 考核办法), the town's own level nothing.
DEFAULT_POINTS = {
    Level.CENTRAL: Decimal(20),
    Level.PROVINCIAL: Decimal(6),
    Level.CITY: Decimal(4),
    Level.DISTRICT: Decimal(2),
    Level.TOWN: Decimal(0),
}
CENT = Decimal("0.01")
# The town's own platforms: their posts are not placements in outside media, and not scored.
OWN_PLATFORM = Q(outlet__is_own_platform=True) | Q(outlet__level=Level.TOWN)
LEVELS = [value for value in Level.values if value != Level.TOWN]
_POINTS = DecimalField(max_digits=12, decimal_places=4)


def default_cells() -> dict[tuple[str, str], Decimal]:
    return {(level, piece): DEFAULT_POINTS[level] for level in Level.values for piece in PieceType.values}


def rules_default(town: OrgUnit) -> Rules:
    """The rules a town scores by until it sets its own (unsaved)."""
    rules = Rules(town=town, effective_from=date(1900, 1, 1), issuer=f"中共{town.name}委宣传办公室")
    rules.cells = default_cells()
    return rules


def rules_versions(town: OrgUnit) -> list[Rules]:
    """Every version of the town's rules from the oldest, the defaults first (two queries)."""
    versions = [rules_default(town)]
    saved = list(Rules.objects.filter(town=town).order_by("effective_from"))
    # The points in a query of their own, always: a prefetch would skip it for a town
    # without rules, and the count of queries would depend on the data.
    points = Points.objects.filter(rules__town=town).values_list("rules_id", "level", "piece_type", "points")
    cells_of: dict[int, dict] = {rules.pk: default_cells() for rules in saved}
    for rules_pk, level, piece, value in points:
        cells_of[rules_pk][(level, piece)] = value
    for rules in saved:
        rules.cells = cells_of[rules.pk]
        versions.append(rules)
    return versions


def rules_in_force(versions: list[Rules], day: date) -> Rules:
    return [rules for rules in versions if rules.effective_from <= day][-1]


def _spans(versions: list[Rules], year: int) -> list[tuple[Rules, date, date]]:
    """The versions in force during `year`, each with the days it covers [start, end)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    spans = []
    for index, rules in enumerate(versions):
        until = versions[index + 1].effective_from if index + 1 < len(versions) else end
        first, last = max(rules.effective_from, start), min(until, end)
        if first < last:
            spans.append((rules, first, last))
    return spans


def _points(rules: Rules):
    """One version's points of a placement, as an SQL expression."""
    base = Case(
        *(
            When(Q(outlet__level=level, piece_type=piece), then=Value(points))
            for (level, piece), points in rules.cells.items()
            if points
        ),
        default=Value(Decimal(0)),
        output_field=_POINTS,
    )

    def factor(condition: Q, value: Decimal):
        return Case(When(condition, then=Value(value)), default=Value(Decimal(1)), output_field=_POINTS)

    product = base
    for condition, value in (
        (Q(is_front_page=True) | Q(is_headline=True), rules.front_page_factor),
        (Q(has_instruction=True), rules.instruction_factor),
        (Q(is_repost=True), rules.repost_factor),
        (Q(characters__gte=rules.long_characters), rules.long_factor),
    ):
        if value != 1:
            product = product * factor(condition, value)
    return Case(When(verdict="", then=product), default=Value(Decimal(0)), output_field=_POINTS)


def _by_version(spans, value_of, output_field):
    """A CASE choosing, by the placement's date, the value `value_of(rules)` of its version."""
    whens = [When(date__gte=first, date__lt=last, then=value_of(rules)) for rules, first, last in spans]
    return Case(*whens, default=Value(0), output_field=output_field)


def placements_scored(town: OrgUnit, year: int, versions: list[Rules]) -> QuerySet:
    """The year's scored placements of the town as rows: pk, unit, month, level, points, rank…

    Approved placements only, the town's own platforms left out (their posts are not
    placements in outside media). `s_rank` is 1 for the placement a piece counts at.
    """
    spans = _spans(versions, year)
    placements = MediaPlacement.objects.filter(
        in_subtree(town),
        status=Record.Status.APPROVED,
        date__gte=date(year, 1, 1),
        date__lt=date(year + 1, 1, 1),
    ).exclude(OWN_PLATFORM)
    points = _by_version(spans, _points, _POINTS)
    piece = _by_version(
        spans,
        lambda rules: Coalesce("original_id", "pk") if rules.highest_only else F("pk"),
        IntegerField(),
    )
    level_rank = Case(*(When(outlet__level=value, then=index) for index, value in enumerate(Level.values)))
    integer = IntegerField()
    return placements.values(
        s_pk=F("pk"),
        s_unit=F("unit_id"),
        s_month=ExtractMonth("date"),
        s_level=F("outlet__level"),
        s_verdict=F("verdict"),
        s_points=points,
        s_first=_by_version(spans, lambda rules: Value(rules.first_share), integer),
        s_second=_by_version(spans, lambda rules: Value(rules.second_share), integer),
        s_untrue=_by_version(spans, lambda rules: Value(rules.untrue_penalty), _POINTS),
        s_negative=_by_version(spans, lambda rules: Value(rules.negative_penalty), _POINTS),
        s_rank=Window(
            RowNumber(), partition_by=[piece], order_by=[points.desc(), level_rank.asc(), F("pk").asc()]
        ),
        # A verdict is on the piece: one copy found untrue or negative, and none counts.
        s_untrue_piece=Window(Max(_flag(Verdict.UNTRUE)), partition_by=[piece]),
        s_negative_piece=Window(Max(_flag(Verdict.NEGATIVE)), partition_by=[piece]),
    )


def scored_sql(town: OrgUnit, year: int, versions: list[Rules]) -> tuple[str, tuple]:
    """`placements_scored`'s SQL and parameters, built once per process for the same
    units, year and rules: building that query through the ORM was about half of a
    liaison's home page (some 20 ms of CPU), and its text is a function of these alone."""
    key = (tuple(town.subtree_ids), year, tuple(_signature(rules) for rules in versions))
    found = _SCORED_SQL.get(key)
    if found is None:
        found = placements_scored(town, year, versions).query.sql_with_params()
        if len(_SCORED_SQL) >= 256:  # a few towns times a few years; never grows unbounded
            _SCORED_SQL.clear()
        _SCORED_SQL[key] = found
    return found


_SCORED_SQL: dict[tuple, tuple[str, tuple]] = {}


def _signature(rules: Rules) -> tuple:
    """Everything of a version of the rules that its SQL is made of: every field and its points."""
    fields = tuple(getattr(rules, field.attname) for field in Rules._meta.concrete_fields)
    return fields, tuple(sorted(rules.cells.items()))


def _flag(verdict: str):
    return Case(When(verdict=verdict, then=Value(1)), default=Value(0), output_field=IntegerField())


# The points a ranked row brings: nothing for a piece with a verdict on any placement.
EARNED = "(CASE WHEN s_untrue_piece = 1 OR s_negative_piece = 1 THEN 0 ELSE s_points END)"


def _unit_sql(scored_sql: str) -> str:
    """Units by month: pieces counted, points, the penalties (once a piece, where it
    counts), negative pieces, and the pieces counted at each level."""
    levels = "".join(
        f", SUM(CASE WHEN s_rank = 1 AND {EARNED} > 0 AND s_level = '{level}' THEN 1 ELSE 0 END)"
        for level in LEVELS
    )
    return (
        "SELECT s_unit, s_month,"
        f" SUM(CASE WHEN s_rank = 1 AND {EARNED} > 0 THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN s_rank = 1 THEN {EARNED} ELSE 0 END),"
        " SUM(CASE WHEN s_rank = 1 AND s_untrue_piece = 1 THEN s_untrue ELSE 0 END),"
        " SUM(CASE WHEN s_rank = 1 AND s_negative_piece = 1 THEN s_negative ELSE 0 END),"
        " SUM(CASE WHEN s_rank = 1 AND s_negative_piece = 1 THEN 1 ELSE 0 END)"
        f"{levels} FROM ({scored_sql}) scored GROUP BY s_unit, s_month"
    )


def _person_sql(scored_sql: str) -> str:
    credit = Credit._meta.db_table
    share = (
        "CASE WHEN c.of = 1 THEN 1.0"
        " WHEN c.of = 2 AND c.position = 1 THEN 1.0 * s_first / (s_first + s_second)"
        " WHEN c.of = 2 THEN 1.0 * s_second / (s_first + s_second)"
        " ELSE 1.0 / c.of END"
    )
    return (
        "SELECT c.person_id, c.name, c.unit_id, s_month,"
        f" SUM(CASE WHEN {EARNED} > 0 THEN 1 ELSE 0 END),"
        f" SUM({EARNED} * {share})"
        f" FROM {credit} c JOIN ({scored_sql}) scored ON scored.s_pk = c.placement_id"
        " WHERE s_rank = 1 GROUP BY c.person_id, c.name, c.unit_id, s_month"
    )


def _decimal(value) -> Decimal:
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class UnitScore:
    unit: OrgUnit
    pieces: int = 0
    points: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    levels: dict[str, int] = field(default_factory=dict)
    negative: bool = False
    quota: int | None = None
    rank: int | None = None

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def total(self) -> Decimal:
        return self.points - self.penalty

    @property
    def met(self) -> bool | None:
        return None if self.quota is None else self.pieces >= self.quota

    @property
    def short(self) -> int:
        return max((self.quota or 0) - self.pieces, 0)


@dataclass
class PersonScore:
    person_id: int | None
    name: str
    unit: OrgUnit
    pieces: int = 0
    points: Decimal = Decimal(0)
    year_pieces: int = 0
    quota: int | None = None
    rank: int | None = None

    @property
    def key(self) -> tuple:
        return (self.person_id, self.name, self.unit.pk)

    @property
    def total(self) -> Decimal:
        return self.points


@dataclass
class PieceScore:
    placement: MediaPlacement
    points: Decimal
    counted: bool
    note: str = ""


@dataclass
class Standing:
    """A month's (or a year's) scores: units and correspondents ranked, and the pieces."""

    town: OrgUnit
    year: int
    month: int | None
    rules: Rules
    units: list[UnitScore]
    people: list[PersonScore]
    pieces: list[PieceScore] = field(default_factory=list)
    frozen: Bulletin | None = None

    @property
    def period_label(self) -> str:
        if self.month:
            return gettext("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}
        return gettext("%(year)s年") % {"year": self.year}

    @property
    def shortfalls(self) -> list[UnitScore]:
        return [score for score in self.units if score.met is False]

    @property
    def pieces_counted(self) -> int:
        return sum(score.pieces for score in self.units)

    @property
    def points_total(self) -> Decimal:
        return sum((score.total for score in self.units), Decimal(0))


@dataclass
class YearScores:
    """Every month's live scores of a year, as the two aggregates return them."""

    versions: list[Rules]
    town_units: list[OrgUnit]  # the town and every unit under it
    units: dict[tuple[int, int], UnitScore]  # (unit pk, month)
    people: dict[tuple[tuple, int], PersonScore]  # (person key, month)
    scored_sql: str
    params: tuple


def year_scores(town: OrgUnit, year: int, versions: list[Rules] | None = None) -> YearScores:
    """The two aggregates of a year: units by month, correspondents by month."""
    versions = versions if versions is not None else rules_versions(town)
    sql, params = scored_sql(town, year, versions)
    units_by_pk = {unit.pk: unit for unit in OrgUnit.objects.filter(in_subtree(town, field=""))}
    units: dict[tuple[int, int], UnitScore] = {}
    people: dict[tuple[tuple, int], PersonScore] = {}
    with connection.cursor() as cursor:
        cursor.execute(_unit_sql(sql), params)
        for unit_pk, month, pieces, points, untrue, negative_penalty, negatives, *levels in cursor.fetchall():
            month = int(month)  # EXTRACT is numeric on PostgreSQL
            rules = rules_in_force(versions, date(year, month, 1))
            negative = bool(negatives)
            units[(unit_pk, month)] = UnitScore(
                unit=units_by_pk[unit_pk],
                pieces=int(pieces or 0),
                points=Decimal(0) if negative and rules.negative_zeroes_month else _decimal(points),
                penalty=_decimal(untrue) + _decimal(negative_penalty),
                levels={level: int(count or 0) for level, count in zip(LEVELS, levels, strict=True)},
                negative=negative,
            )
        cursor.execute(_person_sql(sql), params)
        for person_id, name, unit_pk, month, pieces, points in cursor.fetchall():
            score = PersonScore(
                person_id=person_id,
                name=name,
                unit=units_by_pk[unit_pk],
                pieces=int(pieces),
                points=_decimal(points),
            )
            people[(score.key, int(month))] = score
    return YearScores(
        versions=versions,
        town_units=list(units_by_pk.values()),
        units=units,
        people=people,
        scored_sql=sql,
        params=params,
    )


def month_standing(town: OrgUnit, year: int, month: int, *, pieces: bool = True) -> Standing:
    """The live scores of a month (as a 通报 issued now would freeze them)."""
    scores = year_scores(town, year)
    return month_of(town, year, month, scores, pieces=pieces)


def month_of(town: OrgUnit, year: int, month: int, scores: YearScores, *, pieces: bool) -> Standing:
    rules = rules_in_force(scores.versions, date(year, month, 1))
    units = []
    for unit in _quota_units(scores.town_units):
        score = scores.units.get((unit.pk, month)) or UnitScore(unit=unit)
        units.append(score)
    listed = {score.unit.pk for score in units}
    units += [score for (unit_pk, m), score in scores.units.items() if m == month and unit_pk not in listed]
    for score in units:
        score.quota = rules.quota_for(score.unit.kind)
    people = [score for (_key, m), score in scores.people.items() if m == month]
    year_pieces: dict[tuple, int] = defaultdict(int)
    for (key, m), score in scores.people.items():
        if m <= month:
            year_pieces[key] += score.pieces
    for score in people:
        score.year_pieces = year_pieces[score.key]
        score.quota = rules.quota_person_year
    standing = Standing(
        town=town, year=year, month=month, rules=rules, units=_ranked(units), people=_ranked(people)
    )
    if pieces:
        standing.pieces = _pieces(scores, month)
    return standing


def _quota_units(units: list[OrgUnit]) -> list[OrgUnit]:
    """The units a monthly quota applies to: departments, villages, communities, by name."""
    kinds = (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY)
    return sorted(
        (unit for unit in units if unit.kind in kinds and unit.is_active), key=lambda unit: unit.name
    )


def _ranked(scores: list) -> list:
    scores.sort(key=lambda score: (-score.total, -score.pieces, score.name))
    previous, rank = None, 0
    for index, score in enumerate(scores, start=1):
        if (score.total, score.pieces) != previous:
            rank, previous = index, (score.total, score.pieces)
        score.rank = rank
    return scores


def _pieces(scores: YearScores, month: int) -> list[PieceScore]:
    """The month's placements with their points and whether they count (two queries)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s_pk, {EARNED}, s_rank, s_untrue_piece, s_negative_piece"
            f" FROM ({scores.scored_sql}) scored WHERE s_month = %s",
            [*scores.params, month],
        )
        found = {
            pk: (
                _decimal(points),
                rank == 1,
                Verdict.UNTRUE if untrue else Verdict.NEGATIVE if negative else "",
            )
            for pk, points, rank, untrue, negative in cursor.fetchall()
        }
    placements = (
        MediaPlacement.objects.filter(pk__in=list(found))
        .select_related("outlet", "unit", "original")
        .prefetch_related("credits")
        .order_by("date", "pk")
    )
    result = []
    for placement in placements:
        points, counted, verdict = found[placement.pk]
        if verdict:
            note = str(Verdict(verdict).label)
        elif not counted:
            note = gettext("同一稿件已在其他媒体计分")
        else:
            note = ""
        result.append(
            PieceScore(
                placement=placement, points=points if counted else Decimal(0), counted=counted, note=note
            )
        )
    return result


def year_standing(town: OrgUnit, year: int) -> Standing:
    """The year so far: each month as its 通报 froze it (with the corrections issued
    since), the months not yet issued as they stand now."""
    scores = year_scores(town, year)
    issued = list(Bulletin.objects.filter(town=town, year=year).values_list("month", flat=True))
    units: dict[int, UnitScore] = {}
    people: dict[tuple, PersonScore] = {}
    for (_unit, month), score in scores.units.items():
        if month not in issued:
            _add_unit(units, score.unit, score.pieces, score.points, score.penalty)
    for (key, month), score in scores.people.items():
        if month not in issued:
            _add_person(people, key, score.name, score.unit, score.pieces, score.points)
    for line in Line.objects.filter(bulletin__town=town, of_year=year).select_related("unit"):
        if line.subject == Line.Subject.UNIT:
            _add_unit(units, line.unit, line.pieces, line.points, line.penalty)
        else:
            _add_person(
                people,
                (line.person_id, line.name, line.unit_id),
                line.name,
                line.unit,
                line.pieces,
                line.points,
            )
    rules = rules_in_force(scores.versions, date(year, 12, 31))
    for score in people.values():
        score.year_pieces, score.quota = score.pieces, rules.quota_person_year
    return Standing(
        town=town,
        year=year,
        month=None,
        rules=rules,
        units=_ranked(list(units.values())),
        people=_ranked(list(people.values())),
    )


def _add_unit(units: dict, unit: OrgUnit, pieces: int, points: Decimal, penalty: Decimal) -> None:
    score = units.setdefault(unit.pk, UnitScore(unit=unit))
    score.pieces += pieces
    score.points += points
    score.penalty += penalty


def _add_person(people: dict, key: tuple, name: str, unit: OrgUnit, pieces: int, points: Decimal) -> None:
    score = people.setdefault(key, PersonScore(person_id=key[0], name=name, unit=unit))
    score.pieces += pieces
    score.points += points


def standing_for_dashboard(town: OrgUnit, year: int, today: date) -> Standing:
    """The leaders' card: this month's ranking if `year` is this year, else that December's.

    Early in a month nothing has scored yet, and a card of every unit short of its quota
    on the 2nd says nothing: until this month has a score, the card shows last month's.
    """
    scores = year_scores(town, year)
    month = today.month if year == today.year else 12
    standing = month_of(town, year, month, scores, pieces=False)
    if year == today.year and month > 1 and not any(score.total for score in standing.units):
        standing = month_of(town, year, month - 1, scores, pieces=False)
    return standing


@dataclass
class UnitMonth:
    """What a liaison's home says: the unit's month against its quota, and their own year."""

    unit: UnitScore | None
    own_pieces: int
    own_points: Decimal
    person_quota: int


def unit_month(user, today: date) -> UnitMonth | None:
    unit = user.unit
    town = unit.town if unit is not None else None
    if town is None:
        return None
    scores = year_scores(town, today.year)
    standing = month_of(town, today.year, today.month, scores, pieces=False)
    mine = next((score for score in standing.units if score.unit.pk == unit.pk), None)
    own = [score for (key, _month), score in scores.people.items() if key[0] == user.pk]
    return UnitMonth(
        unit=mine,
        own_pieces=sum(score.pieces for score in own),
        own_points=sum((score.points for score in own), Decimal(0)),
        person_quota=standing.rules.quota_person_year,
    )
