"""The ledger binder read back: sections, photos, widths, fonts."""

from __future__ import annotations

import io
import re
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


def facts_of(document) -> list[dict[str, str]]:
    """Each facts table (two columns, 日期 first) as label → value."""
    tables = [table for table in document.tables if table.rows and table.rows[0].cells[0].text == "日期"]
    return [{row.cells[0].text: row.cells[1].text for row in table.rows} for table in tables]


def test_each_record_is_a_block_its_title_then_a_table_of_its_facts(binder):
    text = text_of(binder)
    assert "1．中心组三月学习" in text and "1．关爱老人" in text
    study, volunteer = facts_of(binder)
    assert (study["日期"], study["单位"], study["参与人数"]) == ("2025年3月5日", "石桥村", "15人")
    assert volunteer["内容"] == "为独居老人打扫卫生。"
    assert "石桥村，" not in text  # the unit is in the table, not repeated before the title
    assert "未通过的活动" not in text and "去年的活动" not in text


def test_each_photo_has_a_caption(binder):
    captions = [
        paragraph.text
        for table in binder.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        if paragraph.text.startswith("图")
    ]
    assert captions == ["图1 中心组三月学习", "图2 中心组三月学习", "图3 中心组三月学习"]


def test_the_contents_point_at_their_sections_by_page(binder):
    body = binder.element.body.xml
    targets = re.findall(r"PAGEREF (\w+) \\h", body)
    marks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="(\w+)"', body))
    assert targets == ["kind_study", "kind_study_3", "kind_volunteer", "kind_volunteer_4"]
    assert set(targets) <= marks


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
    with_pictures = [cell.paragraphs[0] for cell in cells if cell.paragraphs[0]._p.xpath(".//w:drawing")]
    assert with_pictures
    assert all(p.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE for p in with_pictures)


def test_in_the_pdf_each_contents_line_gives_the_page_its_section_starts_on(town, tmp_path):
    """LibreOffice lays the binder out and computes each PAGEREF: the page numbers are real."""
    import shutil

    from tests.reports.test_docx import office_pdf, pdf_words

    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")

    for month in range(1, 13):
        for day in (3, 17):
            record = make_record("study", title=f"{month}月{day}日中心组学习", on=date(2025, month, day))
            add_photo(record)
    make_record("volunteer", title="关爱老人", on=date(2025, 4, 1), summary="为独居老人打扫卫生。" * 20)
    pdf = office_pdf(binder_docx(BinderScope(town=town, year=2025)), tmp_path, name="binder")
    words = pdf_words(pdf)
    text_by_page: dict[int, str] = {}
    for word in words:
        text_by_page[word["page"]] = text_by_page.get(word["page"], "") + word["text"]
    contents = text_by_page[2]
    for heading in ("二、志愿服务", "2025年7月"):
        listed = re.search(re.escape(heading) + r"（\d+条）\.+(\d+?)(?=2025年|二、|—|$)", contents)
        assert listed, contents
        page = int(listed.group(1))
        assert heading.replace(" ", "") in text_by_page[page].replace(" ", ""), (heading, page)
        assert all(heading not in text_by_page[earlier] for earlier in range(3, page))


def test_photos_go_in_as_their_stored_renditions_unchanged_and_stored_not_deflated(town):
    """No photo is decoded or compressed again: each is its 1,000 px rendition, byte for
    byte, and every picture has its own part, relationship and shape id."""
    import zipfile

    from records.photos import DISPLAY_SIDE

    study = make_record("study", title="中心组学习", on=date(2025, 3, 5))
    photos = [add_photo(study) for _ in range(5)]
    old = photos[0]
    old.display.delete(save=True)  # stored before renditions: it gets one, once
    data = binder_docx(BinderScope(town=town, year=2025))
    package = zipfile.ZipFile(io.BytesIO(data))
    media = [entry for entry in package.infolist() if entry.filename.startswith("word/media/")]
    assert {entry.compress_type for entry in media} == {zipfile.ZIP_STORED}
    for photo in photos:
        photo.refresh_from_db()
    renditions = []
    for photo in photos:
        with photo.display.open("rb") as stored:
            renditions.append(stored.read())
    assert sorted(package.read(entry) for entry in media) == sorted(renditions)
    assert len({entry.filename for entry in media}) == 5
    document = Document(io.BytesIO(data))
    ids = [element.get("id") for element in document.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == len(set(ids)) == 5
    blips = [element.get(qn("r:embed")) for element in document.element.body.iter(qn("a:blip"))]
    assert len(set(blips)) == 5
    for shape in document.inline_shapes:
        assert shape.width == Mm(76)
        assert shape.height == round(Mm(76) * 480 / 640)  # the photo's own proportions
    assert DISPLAY_SIDE == 1000


def test_the_binder_job_writes_its_file_from_a_temporary_file(town, demo):
    """The job streams the binder to storage and records the file's checksum."""
    import hashlib

    from django.core.files.storage import default_storage

    from portal.models import Job
    from reports.services import binder_build_job

    study = make_record("study", title="中心组学习", on=date(2025, 3, 5))
    add_photo(study)
    job = Job.objects.create(
        kind="binder_build", params={"town": town.pk, "year": 2025}, created_by=demo["reviewer"]
    )
    result = binder_build_job(job)
    with default_storage.open(result["file"], "rb") as stored:
        data = stored.read()
    assert hashlib.sha256(data).hexdigest() == result["checksum"]
    assert "中心组学习" in text_of(Document(io.BytesIO(data)))


def test_a_photo_gone_before_the_file_is_written_costs_that_photo_not_the_binder():
    import io as _io

    from PIL import Image

    from portal.gongwen import _StoredPicture

    def gone():
        raise FileNotFoundError("deleted while the binder was being built")

    part = _StoredPicture.__new__(_StoredPicture)
    part._opener = gone
    assert Image.open(_io.BytesIO(part.blob)).format == "JPEG"
