"""Each scoring rule against a month computed by hand (DESIGN §9, issue 15).

March 2025 in the demo town, by the default rules (市级 4, 省级 6, 中央级 20; 头版/头条
×2, 批示 ×2, 转载 ×0.5; 3:2 for two authors; 失实 −5; 负面 zeroes the month and −10):

  石桥村  P1 市级 头版 8 (张甲 3/5 = 4.8, 李乙 3.2) + P2 省级 6, the piece P3 also ran at
          市级 and counts once, at its highest: 14 points, 2 pieces, quota 2 met
  柳塘村  P4 市级 转载 2 + P5 市级 批示 8 (丙、丁、戊 a third each) + P6 失实 0: 10 − 5 = 5
  镇文化站 P7 中央级 负面 + P8 中央级 20: the month zeroed, −10
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from media_outreach.credits import byline_names, credits_write
from media_outreach.models import MediaPlacement, Verdict
from portal.models import OrgUnit
from portal.services import unit_create
from scoring.models import Bulletin, Line, Points, Rules
from scoring.scores import default_cells, month_standing, rules_versions, scored_sql, year_standing
from scoring.services import bulletin_issue, links_suggested, pieces_link, rules_save, verdict_set
from tests.factories import make_record, outlet

pytestmark = pytest.mark.django_db
MARCH = date(2025, 3, 10)


def placement(unit: str, level: str, *, on: date = MARCH, authors: str = "", **fields) -> MediaPlacement:
    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    record = make_record(
        "media", unit=unit, on=on, outlet=outlet(town, f"{level}报", level=level), authors=authors, **fields
    )
    credits_write([record.pk])
    return record


@pytest.fixture
def march(town):
    made = {
        "P1": placement("石桥村", "city", authors="张甲、李乙", is_front_page=True, title="石桥村头版稿"),
        "P3": placement("石桥村", "city", title="石桥村稿件（市级）"),
        "P2": placement("石桥村", "provincial", title="石桥村稿件（省级）"),
        "P4": placement("柳塘村", "city", is_repost=True, authors="丙"),
        "P5": placement("柳塘村", "city", has_instruction=True, authors="丙、丁、戊"),
        "P6": placement("柳塘村", "city", verdict=Verdict.UNTRUE),
        "P7": placement("镇文化站", "central", verdict=Verdict.NEGATIVE),
        "P8": placement("镇文化站", "central"),
    }
    MediaPlacement.objects.filter(pk=made["P2"].pk).update(original=made["P3"])
    return made


def by_name(standing):
    return {score.name: score for score in standing.units}


def test_each_rule_scores_as_computed_by_hand(march, town):
    units = by_name(month_standing(town, 2025, 3))
    shiqiao, liutang, wenhua = units["石桥村"], units["柳塘村"], units["镇文化站"]
    assert (shiqiao.points, shiqiao.pieces, shiqiao.penalty) == (Decimal(14), 2, 0)  # 头版 ×2; the piece once
    assert shiqiao.levels == {"central": 0, "provincial": 1, "city": 1, "district": 0}
    assert (liutang.points, liutang.pieces, liutang.penalty, liutang.total) == (Decimal(10), 2, 5, 5)
    assert (wenhua.points, wenhua.penalty, wenhua.total, wenhua.negative) == (0, 10, -10, True)
    assert shiqiao.met and liutang.met and units["桃源村"].met is False and units["桃源村"].short == 2
    assert [score.name for score in month_standing(town, 2025, 3).units][:2] == ["石桥村", "柳塘村"]


def test_authors_split_three_to_two_and_equally_beyond_two(march, town):
    people = {score.name: score.points for score in month_standing(town, 2025, 3).people}
    assert people["张甲"] == Decimal("4.80") and people["李乙"] == Decimal("3.20")
    assert people["丙"] == Decimal("2") + Decimal("2.67")  # alone on the 转载 piece, then a third of 8
    assert people["丁"] == people["戊"] == Decimal("2.67")


def test_the_pieces_list_says_which_copy_counts(march, town):
    pieces = {piece.placement.title: piece for piece in month_standing(town, 2025, 3).pieces}
    assert pieces["石桥村稿件（省级）"].counted and pieces["石桥村稿件（省级）"].points == 6
    assert not pieces["石桥村稿件（市级）"].counted and pieces["石桥村稿件（市级）"].points == 0
    assert "其他媒体" in pieces["石桥村稿件（市级）"].note


def test_the_rules_in_force_in_a_placements_month_score_it(march, town, demo):
    rules = Rules(town=town, effective_from=date(2025, 4, 1), issuer="宣传办", front_page_factor=3)
    cells = {
        (level, piece): Decimal(10 if level == "city" else 0)
        for level in ("central", "provincial", "city", "district", "town")
        for piece in MediaPlacement.PieceType.values
    }
    rules_save(rules=rules, cells=cells, by=demo["reviewer"])
    placement("石桥村", "city", on=date(2025, 4, 2), is_front_page=True)
    assert by_name(month_standing(town, 2025, 4))["石桥村"].points == 30  # 10 × 3, April's rules
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 14  # March keeps the defaults


def test_an_issued_month_is_frozen_and_a_later_correction_shows_in_the_next(march, town, demo):
    issued = bulletin_issue(town=town, year=2025, month=3, by=demo["secretary"], today=date(2025, 4, 5))
    frozen = {line.name: line.total for line in issued.lines.filter(subject=Line.Subject.UNIT)}
    assert frozen["石桥村"] == 14
    verdict_set(placement=march["P1"], verdict=Verdict.UNTRUE, by=demo["reviewer"])  # found untrue later
    assert by_name(month_standing(town, 2025, 3))["石桥村"].total == 1  # 6 − 5, live
    assert {line.name: line.total for line in issued.lines.filter(subject=Line.Subject.UNIT)} == frozen
    april = bulletin_issue(town=town, year=2025, month=4, by=demo["secretary"], today=date(2025, 5, 5))
    corrections = {(line.subject, line.name): line for line in april.lines.filter(of_month=3)}
    shiqiao = corrections[(Line.Subject.UNIT, "石桥村")]
    assert (shiqiao.pieces, shiqiao.points, shiqiao.penalty) == (-1, Decimal(-8), Decimal(5))
    assert corrections[(Line.Subject.PERSON, "张甲")].points == Decimal("-4.80")
    assert len(corrections) == 3  # 石桥村, 张甲, 李乙: nothing else changed
    # The year adds what was issued and corrected: 1 for 石桥村, as live.
    assert by_name(year_standing(town, 2025))["石桥村"].total == 1
    may = bulletin_issue(town=town, year=2025, month=5, by=demo["secretary"], today=date(2025, 6, 5))
    assert not may.lines.filter(of_month__lt=5).exists()  # corrected once, not again


def test_a_month_is_issued_once_and_only_after_it_ends(march, town, demo):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="尚未结束"):
        bulletin_issue(town=town, year=2025, month=3, by=demo["secretary"], today=date(2025, 3, 31))
    bulletin_issue(town=town, year=2025, month=3, by=demo["secretary"], today=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="已经印发"):
        bulletin_issue(town=town, year=2025, month=3, by=demo["secretary"], today=date(2025, 4, 2))
    assert Bulletin.objects.get().rules.points.count() == 30  # the defaults, kept as the version used
    with pytest.raises(ValidationError, match="已有印发"):  # rules cannot reach back into an issued month
        rules_save(
            rules=Rules(town=town, effective_from=date(2025, 3, 1), issuer="x"), cells={}, by=demo["reviewer"]
        )


def test_scoring_takes_the_same_queries_for_three_times_the_placements(march, town):
    with CaptureQueriesContext(connection) as few:
        month_standing(OrgUnit.objects.get(pk=town.pk), 2025, 3)
    for _ in range(2):
        for unit in ("石桥村", "柳塘村", "桃源村"):
            placement(unit, "city", authors="张甲、李乙")
    with CaptureQueriesContext(connection) as more:
        month_standing(OrgUnit.objects.get(pk=town.pk), 2025, 3)
    assert len(more) == len(few) == 10


def test_copies_of_one_piece_are_suggested_and_once_linked_count_once(town, demo):
    first = placement("石桥村", "city", title="石桥村：党建引领乡村振兴见实效")
    second = placement(
        "石桥村", "provincial", title="【基层】石桥村党建引领乡村振兴见实效", on=date(2025, 3, 12)
    )
    placement("柳塘村", "city", title="柳塘村举办文艺汇演")
    suggested = links_suggested(town, since=date(2025, 3, 1), until=date(2025, 3, 31))
    assert [(a.pk, b.pk) for _score, a, b in suggested] == [(first.pk, second.pk)]
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 10
    pieces_link(copy=second, original=first, by=demo["reviewer"])
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 6
    assert links_suggested(town, since=date(2025, 3, 1), until=date(2025, 3, 31)) == []


def test_a_byline_becomes_credits_tied_to_accounts_where_the_name_is_one(town, demo):
    assert byline_names("记者 王强 通讯员 张三、李四（石桥村）") == [("张三", ""), ("李四", "石桥村")]
    record = placement("柳塘村", "city", authors=f"{demo['reporter'].name}、无名氏（桃源村）、路人")
    credits = list(record.credits.order_by("position"))
    assert [(credit.position, credit.of) for credit in credits] == [(1, 3), (2, 3), (3, 3)]
    assert credits[0].person == demo["reporter"] and credits[0].unit == demo["reporter"].unit
    assert credits[1].person is None and credits[1].unit.name == "桃源村"
    assert credits[2].unit.name == "柳塘村"  # the placement's own unit


def test_own_platforms_and_unapproved_placements_do_not_score(town):
    placement("石桥村", "town")  # the town's own account
    placement("石桥村", "city", status="submitted")
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 0
    assert Points.objects.count() == 0


def test_a_byline_keeps_names_that_begin_like_a_role_and_leaves_out_the_outlets_staff():
    assert byline_names("文静、图强、编辑部小王") == [("文静", ""), ("图强", ""), ("编辑部小王", "")]
    assert byline_names("文/图 钱七 编辑：郑十") == [("钱七", "")]


def test_a_byline_naming_a_unit_ties_only_an_account_of_that_unit(town, demo):
    reporter = demo["reporter"]  # 李明 of 石桥村
    elsewhere = placement("柳塘村", "city", authors=f"{reporter.name}（桃源村）").credits.get()
    assert (elsewhere.person, elsewhere.unit.name) == (None, "桃源村")  # another 李明
    own = placement("柳塘村", "city", authors=f"{reporter.name}（石桥村）").credits.get()
    assert (own.person, own.unit.name) == (reporter, "石桥村")


def test_links_always_point_at_the_first_placement_and_stay_within_a_year(town, demo):
    from django.core.exceptions import ValidationError

    a = placement("石桥村", "city", title="一")
    b = placement("石桥村", "provincial", title="二")
    c = placement("石桥村", "central", title="三")
    pieces_link(copy=b, original=a, by=demo["reviewer"])
    pieces_link(copy=c, original=b, by=demo["reviewer"])  # b as it was read before its link
    assert set(MediaPlacement.objects.filter(original=a).values_list("pk", flat=True)) == {b.pk, c.pk}
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 20  # once, at 中央级
    with pytest.raises(ValidationError):
        pieces_link(copy=a, original=c, by=demo["reviewer"])  # a piece is not its own copy
    december = placement("石桥村", "city", on=date(2024, 12, 30), title="四")
    with pytest.raises(ValidationError, match="同一年度"):
        pieces_link(copy=december, original=a, by=demo["reviewer"])


def test_a_copy_without_a_byline_takes_the_pieces_so_its_authors_score(town, demo):
    original = placement("石桥村", "city", authors="张甲")
    copy = placement("石桥村", "provincial")  # entered without a byline
    pieces_link(copy=copy, original=original, by=demo["reviewer"])
    people = {score.name: score.points for score in month_standing(town, 2025, 3).people}
    assert people == {"张甲": Decimal(6)}  # at the provincial placement, where the piece counts


def test_a_verdict_on_one_placement_is_on_the_whole_piece_and_costs_once(town, demo):
    original = placement("石桥村", "city", verdict=Verdict.UNTRUE)
    copy = placement("石桥村", "provincial")
    third = placement("石桥村", "district", verdict=Verdict.UNTRUE)
    for placed in (copy, third):
        pieces_link(copy=placed, original=original, by=demo["reviewer"])
    shiqiao = by_name(month_standing(town, 2025, 3))["石桥村"]
    assert (shiqiao.points, shiqiao.pieces, shiqiao.penalty) == (0, 0, 5)


def test_a_change_to_last_december_after_its_bulletin_is_corrected_in_januarys(town, demo):
    december = placement("石桥村", "city", on=date(2024, 12, 10), authors="张甲")
    bulletin_issue(town=town, year=2024, month=12, by=demo["secretary"], today=date(2025, 1, 3))
    verdict_set(placement=december, verdict=Verdict.UNTRUE, by=demo["reviewer"])
    january = bulletin_issue(town=town, year=2025, month=1, by=demo["secretary"], today=date(2025, 2, 3))
    corrections = {(line.subject, line.name): line for line in january.lines.filter(of_year=2024)}
    unit = corrections[(Line.Subject.UNIT, "石桥村")]
    assert (unit.of_month, unit.pieces, unit.points, unit.penalty) == (12, -1, Decimal(-4), Decimal(5))
    assert corrections[(Line.Subject.PERSON, "张甲")].points == Decimal(-4)
    assert by_name(year_standing(town, 2024))["石桥村"].total == -5
    from scoring.documents import bulletin_content, month_of_line

    corrections = bulletin_content(january).corrections
    assert len(corrections) == 2 and {month_of_line(line, january) for line in corrections} == {"2024年12月"}


def test_common_title_pairs_do_not_make_every_placement_a_candidate(town):
    for number in range(60):  # "青溪镇" and "开展" in every title, as in a real town
        placement(
            "石桥村",
            "city",
            title=f"青溪镇开展第{number}次活动{chr(0x4E00 + number * 7)}{chr(0x4E00 + number * 11)}",
        )
    first = placement("柳塘村", "city", title="【基层】柳塘村党建引领乡村振兴见实效")
    second = placement("柳塘村", "provincial", title="柳塘村党建引领乡村振兴见实效", on=date(2025, 3, 12))
    suggested = links_suggested(town, since=date(2025, 3, 1), until=date(2025, 3, 31))
    assert [(a.pk, b.pk) for score, a, b in suggested if score == 1] == [
        (first.pk, second.pk)
    ]  # the tag dropped


def test_the_leaders_card_shows_last_month_until_this_one_has_a_score(march, town):
    from scoring.scores import standing_for_dashboard

    early = standing_for_dashboard(town, 2025, date(2025, 4, 2))
    assert early.month == 3 and early.units[0].name == "石桥村"
    placement("柳塘村", "central", on=date(2025, 4, 1))
    assert standing_for_dashboard(town, 2025, date(2025, 4, 2)).month == 4
    assert standing_for_dashboard(town, 2025, date(2026, 6, 1)).month == 12  # a past year: its December


def test_the_scores_sql_is_built_once_and_again_for_other_rules_or_units(march, town, demo):
    """scored_sql keeps the built query per process: the same units, year and rules give
    it back; a changed rule or a new unit builds another, and the scores follow."""
    versions = rules_versions(town)
    first = scored_sql(town, 2025, versions)
    assert scored_sql(town, 2025, rules_versions(town)) is first
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 14
    rules = Rules(town=town, effective_from=date(2025, 1, 1), issuer="宣传办", front_page_factor=3)
    rules_save(rules=rules, cells=default_cells(), by=demo["reviewer"])
    assert scored_sql(town, 2025, rules_versions(town)) is not first
    assert by_name(month_standing(town, 2025, 3))["石桥村"].points == 18  # 头版 ×3: 4 × 3 + 6
    town.__dict__.pop("subtree_ids", None)
    unit_create(parent=town, name="新设社区", kind=OrgUnit.Kind.COMMUNITY)
    town = OrgUnit.objects.get(pk=town.pk)
    assert scored_sql(town, 2025, rules_versions(town)) != first
