"""Figure sentences, placeholders and rounding of the annual report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from figures.models import Target
from reports.models import ReportDraft
from reports.services import (
    draft_compile,
    draft_regenerate,
    figure_format,
    kind_sentence,
    placeholders_check,
    plan_confirm,
    report_content,
    text_resolve,
)
from tests.factories import make_record, outlet

pytestmark = pytest.mark.django_db
EXACT, OFFICIAL = ReportDraft.Rounding.EXACT, ReportDraft.Rounding.OFFICIAL


@pytest.mark.parametrize(
    ("value", "exact", "official"),
    [
        (7, "7", "7"),
        (20, "20", "20"),
        (23, "23", "20余"),
        (215, "215", "200余"),
        (300, "300", "300"),
        (1234, "1234", "1200余"),
        (Decimal("72.5"), "72", "70余"),
    ],
)
def test_figures_are_written_exact_or_in_the_official_style(value, exact, official):
    assert figure_format(value, code="study.count", rounding=EXACT) == exact
    assert figure_format(value, code="study.count", rounding=OFFICIAL) == official


def test_a_rate_keeps_its_decimal_whatever_the_style():
    assert figure_format(94.87, code="study.central_group_rate", rounding=OFFICIAL) == "94.9"


def test_placeholders_resolve_and_unknown_ones_are_refused():
    values = {"media.count": 215, "media.city_and_above": 23}
    text = "全年刊发稿件{media.count}篇，其中市级及以上{media.city_and_above}篇。"
    assert (
        text_resolve(text, values=values, rounding=OFFICIAL) == "全年刊发稿件200余篇，其中市级及以上20余篇。"
    )
    placeholders_check(text)
    with pytest.raises(ValidationError, match=r"\{media.pieces\}"):
        placeholders_check("共{media.pieces}篇")


def test_a_kind_sentence_leaves_out_what_is_zero():
    values = {
        "media.count": 12,
        "media.city_and_above": 5,
        "media.level.provincial": 2,
        "media.channel.xuexi": 0,
    }
    sentence = kind_sentence("media", values)
    assert sentence == (
        "全年在各级媒体刊发稿件{media.count}篇，其中市级及以上媒体{media.city_and_above}篇"
        "（省级{media.level.provincial}篇）。"
    )
    assert kind_sentence("media", {"media.count": 0}) == ""


@pytest.fixture
def year_of_work(town):
    for day in (3, 4, 5):
        make_record(
            "study",
            study_type="central_group",
            participants=15,
            expected_attendance=16,
            absentees="某某（出差）",
            on=date(2026, 3, day),
            unit="青溪镇",
        )
    make_record(
        "volunteer",
        volunteers=20,
        service_hours=Decimal("60"),
        beneficiaries=80,
        on=date(2026, 4, 1),
        is_highlight=True,
        title="石桥村开展关爱老人志愿服务",
    )
    make_record(
        "media", outlet=outlet(town, "江川日报", "provincial", "press"), on=date(2026, 5, 1), unit="镇宣传办"
    )
    make_record("study", on=date(2026, 6, 1), status="returned")


def test_a_compiled_draft_states_the_years_figures_per_theme(year_of_work, town, demo):
    draft = draft_compile(town=town, year=2026, by=demo["secretary"])
    content, figures = report_content(draft)
    by_lead = {section.lead: section.text for section in content.sections}
    assert (
        "全年组织各类理论学习3次，其中镇党委理论学习中心组集中学习3次，中心组平均参学率93.8%"
        in by_lead["坚持用党的创新理论凝心铸魂，理论学习走深走实。"]
    )
    assert (
        "全年开展志愿服务活动1次，参与志愿者20人次，累计服务时长60小时，服务群众80人次。"
        in by_lead["深化新时代文明实践，文明乡风蔚然成风。"]
    )
    assert "石桥村开展关爱老人志愿服务" in by_lead["深化新时代文明实践，文明乡风蔚然成风。"]
    assert (
        "全年在各级媒体刊发稿件1篇，其中市级及以上媒体1篇（省级1篇）。"
        in by_lead["讲好本镇故事，对外宣传声量持续提升。"]
    )
    assert figures["study.count"] == "3"
    assert content.title == "青溪镇关于宣传思想文化2026年工作总结及2027年工作计划"


def test_figures_are_resolved_when_built_so_they_never_go_stale(year_of_work, town, demo):
    draft = draft_compile(town=town, year=2026, by=demo["secretary"])
    make_record("study", on=date(2026, 7, 1))
    content, _figures = report_content(draft)
    assert any("全年组织各类理论学习4次" in section.text for section in content.sections)


def test_regenerating_never_overwrites_what_the_secretary_wrote(year_of_work, town, demo):
    draft = draft_compile(town=town, year=2026, by=demo["secretary"])
    edited = draft.sections.first()
    edited.text = "我们自己写的一段话，全年理论学习{study.count}次。"
    edited.save()
    make_record(
        "volunteer",
        volunteers=5,
        service_hours=Decimal("10"),
        on=date(2026, 8, 1),
        is_highlight=True,
        title="新增的亮点活动",
    )
    assert draft_regenerate(draft=draft) == 1
    edited.refresh_from_db()
    assert edited.text == "我们自己写的一段话，全年理论学习{study.count}次。"
    volunteer = draft.sections.get(lead="深化新时代文明实践，文明乡风蔚然成风。")
    assert "新增的亮点活动" in volunteer.text


def test_confirming_the_plan_sets_next_years_targets(town, demo):
    draft = draft_compile(town=town, year=2026, by=demo["secretary"])
    item = draft.plan_items.first()
    item.targets = {"media.count": 80}
    item.save()
    assert plan_confirm(draft=draft, by=demo["secretary"]) == 1
    assert Target.objects.get(year=2027, figure="media.count").value == 80
