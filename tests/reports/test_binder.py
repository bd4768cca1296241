"""The ledger binder read back: sections, photos, widths, fonts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from records.models import Record
from reports.binder import BinderScope, binder_docx
from tests.factories import add_photo, make_record

pytestmark = pytest.mark.django_db
ALLOWED_FONTS = {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"}


@pytest.fixture
def binder(town):
    study = make_record("study", title="中心组三月学习", on=date(2025, 3, 5), participants=15)
    add_photo(study)
    add_photo(study)
    add_photo(study)
    make_record("volunteer", title="关爱老人", on=date(2025, 4, 1), summary="为独居老人打扫卫生。")
    make_record("event", title="未通过的活动", on=date(2025, 5, 1), status=Record.Status.SUBMITTED)
    make_record("event", title="去年的活动", on=date(2024, 5, 1))
    return Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))


def text_of(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_it_has_a_cover_contents_and_a_section_per_kind_present(binder):
    text = text_of(binder)
    assert "青溪镇宣传思想文化工作台账（2025年）" in text
    assert "一、理论学习（1条）" in text and "二、志愿服务（1条）" in text
    assert "宣传活动" not in text  # only approved records of the year


def test_each_record_is_there_with_its_facts(binder):
    text = text_of(binder)
    assert "1．2025年3月5日，石桥村，中心组三月学习。参与人数15人。" in text
    assert "为独居老人打扫卫生。" in text
    assert "未通过的活动" not in text and "去年的活动" not in text


def test_photos_are_in_and_no_wider_than_the_type_area(binder):
    shapes = binder.inline_shapes
    assert len(shapes) == 3
    assert all(shape.width <= Mm(156) for shape in shapes)


def test_every_run_has_an_official_east_asian_font(binder):
    for paragraph in binder.paragraphs:
        for run in (run for run in paragraph.runs if run.text):
            fonts = run._r.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) in ALLOWED_FONTS


def test_one_kind_or_one_unit_only(town):
    from portal.models import OrgUnit

    make_record("study", title="石桥的学习", on=date(2025, 3, 5))
    make_record("study", title="柳塘的学习", on=date(2025, 3, 6), unit="柳塘村")
    make_record("event", title="石桥的活动", on=date(2025, 3, 7))
    scope = BinderScope(town=town, year=2025, kind="study", unit=OrgUnit.objects.get(name="石桥村"))
    text = text_of(Document(io.BytesIO(binder_docx(scope))))
    assert "石桥的学习" in text
    assert "柳塘的学习" not in text and "石桥的活动" not in text


def test_photo_lines_are_not_held_to_the_exact_body_spacing(binder):
    from docx.enum.text import WD_LINE_SPACING

    cells = [cell for table in binder.tables for row in table.rows for cell in row.cells]
    with_pictures = [cell.paragraphs[0] for cell in cells if cell.paragraphs[0].runs]
    assert with_pictures
    assert all(p.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE for p in with_pictures)
