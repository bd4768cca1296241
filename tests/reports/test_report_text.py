"""The report's text: figures as officials write them, and each accuracy rule of the writer."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from figures.metrics import FIGURES, Period, figures_compute
from figures.models import Target
from honours.writing import honour_title
from records.models import Brand, Record
from records.writing import Item
from reports.forms import DraftForm
from reports.models import ReportDraft
from reports.numbers import figure_format, placeholders_check, text_resolve
from reports.services import draft_compile, plan_confirm, plan_targets, report_content, signing_day
from reports.writer import _stop, activity_name, compose, proposed_target, year_context
from tests.factories import make_record, outlet

pytestmark = pytest.mark.django_db
EXACT, OFFICIAL = ReportDraft.Rounding.EXACT, ReportDraft.Rounding.OFFICIAL
YEAR = timezone.localdate().year - 1
DAY = date(YEAR, 5, 10)


# --- figures as officials write them ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "official"),
    [(7, "7"), (19, "19"), (20, "20"), (23, "20余"), (215, "200余"), (1234, "1200余"), (11234, "1.1万余")],
)
def test_the_official_style_rounds_only_from_twenty(value, official):
    assert figure_format(value, code="study.count", rounding=EXACT) == str(value)
    assert figure_format(value, code="study.count", rounding=OFFICIAL) == official


def test_decimals_stay_as_they_are(town):
    assert figure_format(Decimal("3456.5"), code="volunteer.hours", rounding=EXACT) == "3456.5"
    assert figure_format(Decimal("3456.5"), code="volunteer.hours", rounding=OFFICIAL) == "3456.5"
    make_record("volunteer", on=DAY, volunteers=100, service_hours=Decimal("3456.5"))
    value = figures_compute(unit=town, period=Period.year(YEAR), codes=["volunteer.hours"])["volunteer.hours"]
    assert figure_format(value, code="volunteer.hours", rounding=OFFICIAL) == "3456.5"


def test_a_rounded_total_is_never_below_the_sum_of_its_parts():
    text = "全年刊发稿件{media.published}篇，其中省级{media.level.provincial}篇、市级{media.level.city}篇。"
    close = {"media.published": 58, "media.level.provincial": 30, "media.level.city": 23}
    assert (
        text_resolve(text, values=close, rounding=OFFICIAL) == "全年刊发稿件58篇，其中省级30篇、市级20余篇。"
    )
    loose = {"media.published": 58, "media.level.provincial": 20, "media.level.city": 10}
    assert (
        text_resolve(text, values=loose, rounding=OFFICIAL) == "全年刊发稿件50余篇，其中省级20篇、市级10篇。"
    )


def test_each_figure_has_its_measure_word():
    units = {code: str(FIGURES[code].unit) for code in FIGURES}
    assert units["records.practical_projects"] == "项"
    assert (units["study.count"], units["event.count"], units["media.published"]) == ("次", "场", "篇")
    assert (units["media.own"], units["media.own_briefing"], units["volunteer.hours"]) == ("条", "期", "小时")
    assert units["volunteer.volunteers"] == "人次"


def test_unknown_and_malformed_placeholders_are_refused():
    placeholders_check("全年{study.type.lecture@theme:3}场，{records.total@brand:2}期。")
    for bad in ("{study.sessions}", "{study.count@theme:x}", "{records.total@type:lecture}"):
        with pytest.raises(ValidationError):
            placeholders_check(f"共{bad}次")


# --- media as the report counts it ------------------------------------------------------


@pytest.fixture
def outlets(town):
    return {
        "city": outlet(town, "云州日报", "city", "press"),
        "province": outlet(town, "江川日报", "provincial", "press"),
        "own": outlet(town, "青溪发布", "town", "new_media"),
        "marked": outlet(town, "青溪镇网站", "district", "online"),
        "own_briefing": outlet(town, "青溪镇工作简报", "town", "briefing"),
        "district_briefing": outlet(town, "清江区宣传工作简报", "district", "briefing"),
        "city_briefing": outlet(town, "云州宣传", "city", "briefing"),
        "tv": outlet(town, "云州广播电视台", "city", "broadcast"),
        "new_media": outlet(town, "云州发布", "city", "new_media"),
    }


def _media(outlet, **fields):
    return make_record("media", outlet=outlet, on=DAY, **fields)


def _figures(town, *codes):
    return figures_compute(unit=town, period=Period.year(YEAR), codes=list(codes))


def test_the_towns_own_platforms_are_never_in_the_levels_published(town, outlets):
    outlets["marked"].is_own_platform = True
    outlets["marked"].save()
    for key in ("city", "own", "marked", "own", "own_briefing"):
        _media(outlets[key])
    values = _figures(town, "media.published", "media.own", "media.own_briefing", "media.level.district")
    assert values == {
        "media.published": 1,
        "media.own": 3,
        "media.own_briefing": 1,
        "media.level.district": 0,
    }


def test_briefings_are_counted_by_level_and_the_towns_own_is_not_among_them(town, outlets):
    for key in ("own_briefing", "district_briefing", "district_briefing", "city_briefing"):
        _media(outlets[key])
    values = _figures(town, "media.briefing.district", "media.briefing.city", "media.published")
    assert values == {"media.briefing.district": 2, "media.briefing.city": 1, "media.published": 0}


def test_front_page_and_headline_are_apart_and_count_from_city_level_up(town, outlets):
    _media(outlets["city"], is_front_page=True)
    _media(outlets["tv"], is_headline=True)
    _media(outlets["new_media"], is_headline=True)
    _media(outlets["own"], is_headline=True)  # the town's own push is no 头条
    _media(outlet(town, "今日清江", "district", "press"), is_front_page=True)  # district papers do not count
    assert _figures(town, "media.front_page", "media.headline") == {
        "media.front_page": 1,
        "media.headline": 2,
    }


# --- the writer -------------------------------------------------------------------------


@pytest.fixture
def year_of_work(town, outlets):
    """A small year: central group sessions, lectures, a brand, ideology work, an honour."""
    brand = Brand.objects.create(town=town, name="青溪夜学讲堂", description="班子成员轮流领学")
    for month in range(1, 7):
        make_record(
            "study",
            title=f"青溪镇党委理论学习中心组专题学习第{month}项重要精神",
            study_type="central_group",
            on=date(YEAR, month, 9),
            unit="青溪镇",
            participants=15,
            brand=brand,
        )
    make_record(
        "study", title="石桥村开展“理论进万家”惠民政策专题宣讲", study_type="lecture", on=DAY, participants=90
    )
    make_record(
        "study",
        title="柳塘村开展“理论进万家”法治专题宣讲",
        study_type="lecture",
        on=DAY,
        participants=60,
        is_highlight=True,
    )
    make_record(
        "ideology",
        title="青溪镇召开第一季度意识形态领域情况分析研判会",
        on=DAY,
        unit="青溪镇",
        topics="网络舆情态势",
    )
    make_record("honours", title="云州市文明村", level="city", recipient="石桥村", on=DAY, unit="石桥村")
    make_record(
        "event", title="南湖社区开展“浓情端午”包粽子活动", event_type="festival", on=DAY, unit="南湖社区"
    )
    make_record(
        "event",
        title="南湖社区“幸福食堂”正式开餐",
        event_type="other",
        on=DAY,
        unit="南湖社区",
        is_practical_project=True,
    )
    _media(outlets["province"], title="青溪镇：理论宣讲走进田间地头")
    _media(outlets["own"], title="青溪镇发布一条信息")
    return brand


def _body(draft) -> str:
    content, _values = report_content(draft)
    return "".join([content.opening, *(s.lead + s.text for s in content.sections), content.plan_opening])


def test_a_theme_with_records_is_always_written_with_its_sub_leads(town, year_of_work):
    composition = compose(town=town, year=YEAR)
    leads = [section.lead for section in composition.sections]
    assert "压实工作责任，守牢意识形态阵地。" in leads  # ideology work under its own theme
    theory = next(section for section in composition.sections if section.lead.startswith("强化理论武装"))
    assert len([block for block in theory.blocks if block.lead]) >= 2


def test_the_heavier_cluster_leads_and_the_lighter_ones_are_named_after(town, year_of_work):
    theory = next(s for s in compose(town=town, year=YEAR).sections if s.lead.startswith("强化理论武装"))
    assert [block.key for block in theory.blocks if block.lead][:2] == [
        "study.central_group",
        "study.lecture",
    ]


def test_the_town_says_wo_zhen_and_names_itself_only_in_title_and_signature(town, demo, year_of_work):
    draft = draft_compile(town=town, year=YEAR, by=demo["secretary"])
    body = re.sub(r"《[^》]*》|“[^”]*”", "", _body(draft))  # names of pieces and works stay as written
    assert "我镇" in body
    assert "青溪镇" not in body
    assert draft.title.startswith("青溪镇") and draft.signature == "中共青溪镇委员会"


def test_a_brand_is_named_with_its_count_in_periods_unless_it_is_the_blocks_whole_work(
    town, demo, year_of_work
):
    series = Brand.objects.create(town=town, name="理论进万家")
    Record.objects.filter(title__contains="理论进万家").update(brand=series)
    make_record("study", title="桃源村开展“理论进万家”政策宣讲", study_type="lecture", on=DAY, brand=series)
    make_record("study", title="青溪社区开展法治专题宣讲", study_type="lecture", on=DAY, unit="青溪社区")
    text = _body(draft_compile(town=town, year=YEAR, by=demo["secretary"]))
    assert re.search(r"“理论进万家”(为)?品牌，全年(开展|组织)3期", text)  # any of the phrasings
    # The central group's evening classes are all of its sessions: the carrier, not counted twice.
    assert "“青溪夜学讲堂”" in text and not re.search(r"“青溪夜学讲堂”[^。]*6期", text)


def test_practical_projects_are_named_and_counted_in_xiang(town, demo, year_of_work):
    text = _body(draft_compile(town=town, year=YEAR, by=demo["secretary"]))
    assert re.search(r"南湖社区“幸福食堂”等(民生)?实事项目1项", text)


def test_nothing_is_invented_every_quoted_name_is_a_records_a_brands_or_an_outlets(town, demo, year_of_work):
    from tests.reports.test_report_demo import quoted_names_unknown

    draft = draft_compile(town=town, year=YEAR, by=demo["secretary"])
    assert quoted_names_unknown(draft) == []


def test_the_plan_states_next_years_targets_and_confirming_sets_only_the_ticked(town, demo, year_of_work):
    draft = draft_compile(town=town, year=YEAR, by=demo["secretary"])
    plan_text = "".join(item.text for item in draft.plan_items.all())
    assert "全年组织镇党委理论学习中心组集中学习不少于12次" in plan_text
    Target.objects.create(unit=town, year=YEAR + 1, figure="study.type.lecture", value=Decimal("3"))
    rows = {row["code"]: row for row in plan_targets(draft)}
    # Two lectures this year: next year about a fifth more, in an even number above it.
    assert (rows["study.type.lecture"]["old"], rows["study.type.lecture"]["new"]) == (
        Decimal("3"),
        Decimal("4"),
    )
    assert plan_confirm(draft=draft, by=demo["secretary"], codes=["study.type.central_group"]) == 1
    targets = dict(Target.objects.filter(unit=town, year=YEAR + 1).values_list("figure", "value"))
    assert targets == {"study.type.lecture": Decimal("3"), "study.type.central_group": Decimal("12")}


def test_the_signing_date_is_the_build_day_unless_the_secretary_set_an_earlier_one(town, demo):
    draft = draft_compile(town=town, year=YEAR, by=demo["secretary"])
    december = date(YEAR, 12, 20)
    assert draft.signed_on is None and signing_day(draft, today=december) == december
    # A past year's report rebuilt later is dated when such a report goes up, not today.
    assert signing_day(draft, today=date(YEAR + 1, 6, 1)) == date(YEAR + 1, 1, 31)
    today = timezone.localdate()
    draft.signed_on = today - timedelta(days=3)
    assert signing_day(draft) == today - timedelta(days=3)
    draft.signed_on = today + timedelta(days=30)  # set before a clock went back: never after the build
    assert signing_day(draft) == today
    form = DraftForm(
        {"draft-signed_on": (today + timedelta(days=1)).isoformat()}, instance=draft, prefix="draft"
    )
    form.is_valid()
    assert "signed_on" in form.errors


@pytest.mark.parametrize(
    ("year", "said"),
    [
        (2026, "2026年是“十五五”规划开局之年，也是中国共产党成立105周年。"),
        (2025, "2025年是“十四五”规划收官之年，也是中国人民抗日战争暨世界反法西斯战争胜利80周年。"),
        (2024, "2024年是中华人民共和国成立75周年。"),
        (2028, ""),
    ],
)
def test_the_plan_opening_says_what_the_calendar_makes_of_next_year(year, said):
    assert year_context(year) == said


@pytest.mark.parametrize(
    ("value", "rhythm", "target"),
    [
        (7, 0, 8),
        (2, 0, 4),
        (10, 0, 12),
        (19, 0, 22),
        (35, 0, 40),
        (9, 12, 12),
        (14, 12, 14),
        (4, 4, 4),
        (0, 0, 0),
    ],
)
def test_next_years_target_grows_on_this_years_or_keeps_a_meetings_rhythm(value, rhythm, target):
    assert proposed_target(value, rhythm=rhythm) == target


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("云州市书香村居", "云州市“书香村居”"),
        ("江川省“最美志愿者”", "江川省“最美志愿者”"),
        ("全国文明村镇", "“全国文明村镇”"),
    ],
)
def test_an_honour_is_written_with_its_place_outside_the_quotes(title, written):
    assert honour_title(title) == written


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("桃源村巾帼志愿者开展“学雷锋”环境清洁行动", "“学雷锋”环境清洁行动"),
        ("柳塘村组织党员开展警示教育", "警示教育"),
        ("青溪镇第9届“青溪杯”村（社区）篮球联赛开赛", "第9届“青溪杯”村（社区）篮球联赛"),
        ("南湖社区开展“浓情端午”包粽子活动", "“浓情端午”包粽子活动"),
    ],
)
def test_a_record_is_named_by_its_work_without_who_went_or_how_it_began(title, name):
    item = Item(
        pk=1,
        kind="event",
        type="",
        title=title,
        summary="",
        unit="",
        unit_kind="village",
        day=DAY,
        participants=None,
        highlight=False,
        practical=False,
    )
    assert activity_name(item, unit_names={"桃源村", "柳塘村", "南湖社区"}, town="青溪镇") == name


def test_a_list_does_not_close_with_the_noun_its_last_name_ends_in():
    assert _stop("举办A、猜灯谜闹元宵活动等活动") == "举办A、猜灯谜闹元宵活动等。"
    assert (
        _stop("还开展了“最美家庭”表彰会、象棋比赛活动等工作") == "还开展了“最美家庭”表彰会、象棋比赛活动等。"
    )


def test_a_big_year_is_read_in_part_but_counted_whole_and_its_projects_named(town, demo, monkeypatch):
    """Past READ_PER_TYPE records of a theme and type the writer reads only the first by
    rank, and every record it names for what it is (a practical project ranked last here);
    the figures still count them all."""
    monkeypatch.setattr("reports.writer.READ_PER_TYPE", 2)
    for day in range(1, 7):
        make_record(
            "study",
            title=f"石桥村开展第{day}期政策专题宣讲",
            study_type="lecture",
            on=date(YEAR, 3, day),
            participants=80,
        )
    make_record(
        "study",
        title="柳塘村“田埂课堂”建成投用",
        study_type="lecture",
        on=date(YEAR, 4, 1),
        participants=None,
        is_practical_project=True,
    )
    text = _body(draft_compile(town=town, year=YEAR, by=demo["secretary"]))
    assert "全年开展专题宣讲7场" in text and "“田埂课堂”" in text
