"""The ledger binder read back: sections, photos, widths, fonts."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from portal.models import OrgUnit
from records.models import Record, WorkTheme
from reports.binder import BinderScope, binder_docx
from reports.models import WorkRule
from tests.factories import add_attachment, add_photo, make_record

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


def test_it_has_a_cover_contents_and_a_part_per_theme_present(binder):
    text = text_of(binder)
    assert "青溪镇宣传思想文化工作台账\n\n（2025年度）" in text and "编制单位：中共青溪镇委员会" in text
    assert "（一）理论武装（1条）" in text and "（二）精神文明（1条）" in text
    assert "群众文化" not in text  # only approved records of the year


def facts_of(document) -> list[dict[str, str]]:
    """Each facts table (two columns, 日期 first) as label → value."""
    tables = [table for table in document.tables if table.rows and table.rows[0].cells[0].text == "日期"]
    return [{row.cells[0].text: row.cells[1].text for row in table.rows} for table in tables]


def test_each_record_is_a_block_its_title_then_a_table_of_its_facts(binder):
    text = text_of(binder)
    assert "1．中心组三月学习" in text and "1．关爱老人" in text
    study, volunteer = facts_of(binder)
    assert (study["日期"], study["单位"], study["实到人数"]) == ("2025年3月5日", "石桥村", "15人")
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
    assert captions == [f"图{n}\u30002025年3月5日，中心组三月学习" for n in (1, 2, 3)]


def test_the_contents_point_at_their_sections_by_page(binder):
    body = binder.element.body.xml
    targets = re.findall(r"PAGEREF (\w+) \\h", body)
    marks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="(\w+)"', body))
    themes = {theme.name: theme.pk for theme in WorkTheme.objects.all()}
    study, volunteer = f"theme_{themes['理论武装']}", f"theme_{themes['精神文明']}"
    assert targets == [
        *("rules", "network", "plan", "summary", "records"),
        *(study, volunteer),  # the months are headings in the text, not lines of the contents
    ]
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


def pdf_pages(data: bytes, work) -> dict[int, str]:
    """The binder laid out by LibreOffice, each page's text without spaces."""
    import shutil

    from tests.reports.test_docx import office_pdf, pdf_words

    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")
    text_by_page: dict[int, str] = {}
    for word in pdf_words(office_pdf(data, work, name="binder")):
        text_by_page[word["page"]] = text_by_page.get(word["page"], "") + word["text"]
    return text_by_page


def test_in_the_pdf_the_parts_come_in_the_inspectors_order_each_where_the_contents_say(town, tmp_path):
    """LibreOffice lays the binder out and computes each PAGEREF: the page numbers are
    real, and the parts follow one another as inspectors go through a 台账."""
    for month in range(1, 13):
        for day in (3, 17):
            record = make_record("study", title=f"{month}月{day}日中心组学习", on=date(2025, month, day))
            add_photo(record)
    make_record("volunteer", title="关爱老人", on=date(2025, 4, 1), summary="为独居老人打扫卫生。" * 20)
    WorkRule.objects.create(town=town, title="中心组学习制度", text="第一条 每月集中学习一次。")
    pages = pdf_pages(binder_docx(BinderScope(town=town, year=2025, gaps=True)), tmp_path)
    contents = pages[2] + pages.get(3, "")
    headings = [
        "一、工作制度",
        "二、组织网络及分工",
        "三、年度计划",
        "四、年度总结",
        "五、活动记录",
        "（一）理论武装",
        "（二）精神文明",
        "附：台账缺项清单",
    ]
    found = []
    for heading in headings:
        listed = re.search(
            re.escape(heading) + r"(?:（\d+条）)?\.+(\d+?)(?=2025年|[一二三四五]、|（|附|—|$)", contents
        )
        assert listed, (heading, contents)
        page = int(listed.group(1))
        assert heading in pages[page], (heading, page, pages[page][:80])
        found.append(page)
    assert found == sorted(found) and found[0] > 2  # in order, after the cover and contents
    assert "中心组学习制度" in pages[found[0]] and "第一条每月集中学习一次" in pages[found[0]]


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


def part_text(document, start: str, end: str | None = None) -> str:
    """The binder's text from the heading `start` up to the heading `end`."""
    text = text_of(document)
    begin = text.index(start, text.index("五、活动记录") if start.startswith("（") else text.rindex(start))
    return text[begin : text.index(end, begin) if end else None]


def test_the_rules_in_force_come_first_with_their_dates(town):
    WorkRule.objects.create(
        town=town, title="中心组学习制度", text="第一条 每月学习。\n第二条 有签到表。", order=1
    )
    WorkRule.objects.create(
        town=town,
        title="意识形态工作责任制",
        text="一、党委负主体责任。",
        issued_on=date(2023, 4, 6),
        order=2,
    )
    WorkRule.objects.create(town=town, title="已废止的制度", text="旧的。", is_active=False)
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    rules = part_text(document, "一、工作制度", "二、组织网络及分工")
    # (a space between Chinese characters goes, as everywhere in the portal's documents)
    assert (
        rules.index("（一）中心组学习制度") < rules.index("第二条有签到表。") < rules.index("（二）意识形态")
    )
    assert "（2023年4月6日印发）" in rules and "已废止" not in rules


def test_the_network_names_the_people_by_their_work_and_every_unit_with_its_liaisons(town, demo):
    demo["reporter"].phone = "13800000001"
    demo["reporter"].save()
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    tables = {table.rows[0].cells[0].text: table for table in document.tables if table.rows}
    staff = [[cell.text for cell in row.cells] for row in tables["姓名"].rows[1:]]
    assert [row[1] for row in staff] == ["领导", "文字综合", "宣传办审核员"]  # the admins are not in it
    units = {row.cells[0].text: row.cells[2].text for row in tables["单位"].rows[1:]}
    assert units["石桥村"] == f"{demo['reporter'].name}（13800000001）"
    assert set(units) == set(OrgUnit.objects.filter(is_active=True).values_list("name", flat=True))


def test_the_plan_is_last_years_reports_and_the_summary_this_years(town, demo):
    from reports.services import draft_compile

    make_record("study", title="二〇二四年的学习", on=date(2024, 3, 5))
    make_record("study", title="二〇二五年的学习", on=date(2025, 3, 5))
    last, this = (draft_compile(town=town, year=year, by=demo["secretary"]) for year in (2024, 2025))
    last.plan_items.filter(order=1).update(heading="持续深化理论武装")
    this.sections.update(lead="强化理论武装，筑牢思想根基。")
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    plan = part_text(document, "三、年度计划", "四、年度总结")
    summary = part_text(document, "四、年度总结", "五、活动记录")
    assert "青溪镇关于宣传思想文化2024年工作总结及2025年工作计划（2025年工作计划部分）" in plan
    assert "（一）持续深化理论武装" in plan
    assert "（一）强化理论武装，筑牢思想根基。" in summary and "{" not in summary  # figures filled in


def test_the_offices_own_plan_and_network_documents_come_first(town):
    WorkRule.objects.create(
        town=town, part="plan", year=2025, title="青溪镇2025年宣传思想文化工作要点", text="一、抓实理论武装。"
    )
    WorkRule.objects.create(town=town, part="plan", year=2024, title="上一年的要点", text="旧的。")
    WorkRule.objects.create(
        town=town, part="network", title="关于调整宣传思想文化工作领导小组的通知", text="组　长：陈志强"
    )
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    plan = part_text(document, "三、年度计划", "四、年度总结")
    assert "青溪镇2025年宣传思想文化工作要点\n一、抓实理论武装。" in plan and "上一年" not in plan
    network = part_text(document, "二、组织网络及分工", "三、年度计划")
    assert "（一）关于调整宣传思想文化工作领导小组的通知" in network and "组　长：陈志强" in network
    assert "（二）各单位及信息员" in network and "工作机构" not in network  # the accounts' roles left out


def test_media_placements_and_honours_are_tables_not_blocks(town):
    add_photo(make_record("media", title="青溪镇开展理论宣讲", on=date(2025, 3, 5), authors="王强"))
    make_record("honours", title="区级文明村", on=date(2025, 6, 1), awarded_by="区文明委")
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    text = text_of(document)
    assert "（一）媒体刊发一览（1篇）" in text and "（二）荣誉表彰一览（1项）" in text
    tables = {table.rows[0].cells[-1].text: table for table in document.tables if len(table.columns) > 2}
    media = [cell.text for cell in tables["作者"].rows[1].cells]
    assert media[0] == "3月5日" and media[1] == "青溪镇开展理论宣讲" and media[-1] == "王强"
    assert not [facts for facts in facts_of(document) if "单位" in facts]  # no block of facts for either
    assert len(document.inline_shapes) == 1  # the placement's screenshot, after its table
    captions = [p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert "图1\u30002025年3月5日，青溪镇开展理论宣讲" in captions


def test_without_a_report_the_parts_say_so_rather_than_stay_blank(town):
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    plan = part_text(document, "三、年度计划", "四、年度总结")
    assert "（2025年度工作要点未录入平台，2024年度总结及工作计划亦未在平台编制。）" in plan
    assert "（2025年度工作总结尚未在平台编制。）" in part_text(document, "四、年度总结", "五、活动记录")
    assert "（本镇工作制度未录入平台。）" in part_text(document, "一、工作制度", "二、组织网络及分工")


def test_a_villages_binder_is_its_own_summary_people_and_records(town, demo):
    from reports.models import Material, MaterialCall

    shiqiao = OrgUnit.objects.get(name="石桥村")
    call = MaterialCall.objects.create(
        town=town, year=2025, deadline=date(2025, 12, 20), opened_by=demo["secretary"]
    )
    for sort, text, status in (
        ("summary", "石桥村全年开展理论宣讲十二场。", "accepted"),
        ("highlight", "“石桥夜话”宣讲品牌获评优秀。", "accepted"),
        ("summary", "未采用的小结。", "submitted"),
    ):
        Material.objects.create(
            call=call, unit=shiqiao, sort=sort, text=text, status=status, submitted_by=demo["reporter"]
        )
    make_record("study", title="石桥的学习", on=date(2025, 3, 5))
    make_record("study", title="柳塘的学习", on=date(2025, 3, 6), unit="柳塘村")
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025, unit=shiqiao))))
    text = text_of(document)
    assert text.startswith("\n" * 5 + "石桥村宣传思想文化工作台账\n\n（2025年度）")
    summary = part_text(document, "四、年度总结", "五、活动记录")
    assert "石桥村全年开展理论宣讲十二场。" in summary and "“石桥夜话”" in summary and "未采用" not in summary
    units = [
        row.cells[0].text
        for table in document.tables
        if table.rows[0].cells[0].text == "单位"
        for row in table.rows[1:]
    ]
    assert units == ["石桥村"]
    assert "石桥的学习" in text and "柳塘的学习" not in text


def test_each_record_names_its_attachments(town):
    study = make_record("study", title="中心组三月学习", on=date(2025, 3, 5))
    add_attachment(study)
    add_attachment(study, sort="minutes", name="会议记录.docx")
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    (facts,) = facts_of(document)
    assert facts["附件"] == "签到表《签到表.pdf》；会议记录《会议记录.docx》"


def test_the_gaps_appendix_lists_what_the_inspection_page_finds_if_asked(town):
    make_record("event", title="无照片的活动", on=date(2025, 3, 5))
    without = text_of(Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025)))))
    assert "附：台账缺项清单" not in without
    document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025, gaps=True))))
    appendix = text_of(document)[text_of(document).rindex("附：台账缺项清单") :]
    assert "全镇台账完整度" in appendix and "“无照片的活动”（03-05）没有照片" in appendix
    assert "3月没有中心组学习记录" in appendix


def test_a_one_kind_binder_is_its_records_only(town):
    make_record("study", title="石桥的学习", on=date(2025, 3, 5))
    text = text_of(Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025, kind="study")))))
    assert "工作制度" not in text and "一、活动记录" in text and "石桥的学习" in text


def test_the_binder_is_chinese_whatever_language_asked_for_it(town):
    from django.utils import translation

    add_attachment(make_record("study", title="中心组学习", on=date(2025, 3, 5)))
    with translation.override("en"):
        document = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025))))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"村", "签到表《签到表.pdf》"} <= cells
    assert "Village" not in cells and "（一）理论武装" in text_of(document)


def test_the_secretary_keeps_the_rules_and_asks_for_the_gaps_appendix(client_as, town):
    from portal.models import Job
    from portal.roles import Role

    client = client_as(Role.SECRETARY)
    response = client.post(
        reverse("reports:rule_create"),
        {"title": "中心组学习制度", "issued_on": "2023-02-20", "text": "第一条 每月学习。", "order": 1}
        | {"is_active": "on", "part": "rules"},
    )
    assert response.status_code == 302
    rule = WorkRule.objects.get()
    assert (rule.town, rule.issued_on) == (town, date(2023, 2, 20))
    assert "中心组学习制度" in client.get(reverse("reports:home")).content.decode()
    edit = reverse("reports:rule_edit", args=[rule.pk])
    client.post(
        edit, {"title": "中心组学习制度", "text": "改", "order": 1, "part": "rules"}
    )  # unticked: retired
    rule.refresh_from_db()
    assert (rule.text, rule.is_active) == ("改", False)
    assert client_as(Role.REPORTER).get(reverse("reports:rule_edit", args=[rule.pk])).status_code == 403
    client.post(reverse("reports:binder_build"), {"binder-year": 2025, "binder-gaps": "on"})
    assert Job.objects.get(kind="binder_build").params["gaps"] is True


def test_a_merged_villages_past_binder_and_the_town_chosen_as_its_own_unit(town):
    make_record("event", title="石桥的活动", on=date(2025, 3, 5))
    make_record("event", title="无照片", on=date(2025, 3, 6))
    shiqiao = OrgUnit.objects.get(name="石桥村")
    shiqiao.is_active = False
    shiqiao.save()
    text = text_of(Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025, unit=shiqiao)))))
    assert "石桥的活动" in text
    as_unit = Document(io.BytesIO(binder_docx(BinderScope(town=town, year=2025, unit=town, gaps=True))))
    assert "全镇台账完整度" in text_of(as_unit)  # the town's own binder, not a unit's
