"""Ledger workbooks (DESIGN §6): import with every error listed, all or nothing; export; template."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl.utils.datetime import to_excel

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from audit.models import AuditEvent, Event
from demo.records import demo_records_create
from ledger import reading
from ledger.cells import sheets
from ledger.services import ledger_export, ledger_import, ledger_read, ledger_template
from media_outreach.models import MediaOutlet, MediaPlacement
from portal.models import OrgUnit
from records.kinds import KINDS
from records.models import Record
from records.queries import records_for
from tests.factories import make_record, outlet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["calamine", "openpyxl"])
def reader(request, monkeypatch) -> str:
    """Each test reads its workbooks with each reader (ledger.workbooks): calamine, which
    has the usual workbook, and openpyxl, which has the rest."""
    if request.param == "openpyxl":
        original = reading.Workbook
        monkeypatch.setattr(
            reading, "Workbook", lambda file, *, whole, **rest: original(file, whole=False, **rest)
        )
    return request.param


HEADERS = {sheet.name: [column.header for column in sheet.columns] for sheet in sheets().values()}
GOOD = {
    "理论学习": {
        "日期": "2022-03-05",
        "标题": "党委理论学习中心组学习",
        "类型": "中心组学习",
        "所属单位": "镇宣传办",
    },
    "宣传活动": {"日期": "2022-03-05", "标题": "学雷锋主题宣传", "类型": "主题宣传", "所属单位": "石桥村"},
    "志愿服务": {"日期": "2022-03-05", "标题": "关爱留守儿童", "服务类别": "关爱帮扶", "所属单位": "柳塘村"},
    "媒体刊发": {
        "刊发日期": "2022-03-05",
        "标题": "青溪镇开展学雷锋活动",
        "媒体名称": "江川日报",
        "媒体级别": "市级",
        "媒体类型": "报刊",
        "所属单位": "镇宣传办",
    },
}


def book(sheets: dict[str, list[dict]], *, name: str = "台账.xlsx") -> io.BytesIO:
    """A workbook with a sheet per key, the DESIGN §6 headers (plus any others the rows use)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet, rows in sheets.items():
        headers = list(HEADERS.get(sheet, []))
        headers += [key for row in rows for key in row if key not in headers]
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(headers)
        for row in rows:
            worksheet.append([row.get(header) for header in headers])
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    stream.name = name
    return stream


def read(town, sheets: dict[str, list[dict]], **options):
    return ledger_read(book(sheets), town=town, **options)


def snapshot() -> dict[str, list[tuple]]:
    """Every record's values in the ledger's columns, kind by kind."""
    values = {}
    for kind, sheet in sheets().items():
        paths = [column.path for column in sheet.columns]
        rows = KINDS[kind].model.objects.values_list(*paths)
        values[kind] = sorted(rows, key=repr)
    return values


# The round trip -----------------------------------------------------------------------


def test_an_export_imports_back_unchanged(demo, town):
    demo_records_create(
        town=town,
        author_by_unit={"*": demo["reporter"]},
        reviewer=demo["reviewer"],
        years=[timezone.localdate().year - 1],
        photos=False,
    )
    make_record("volunteer", title="=cmd|' /C calc'!A0", service_hours=Decimal("2.5"), beneficiaries=None)
    make_record("media", title="-1", url="https://example.com/a", authors="张三、李四", is_highlight=True)
    make_record("study", title="@SUM(A1)", study_type="lecture", format="online", participants=None)
    before = snapshot()
    assert sum(map(len, before.values())) > 200
    exported = io.BytesIO()
    ledger_export(Record.objects.filter(status=Record.Status.APPROVED), exported)
    Record.objects.all().delete()

    exported.seek(0)
    plan = ledger_read(exported, town=town)
    assert (plan.errors, plan.warnings, plan.new_units, plan.new_rows) == ([], [], {}, {})
    ledger_import(plan, by=demo["reviewer"])
    assert snapshot() == before


def test_importing_the_same_workbook_twice_creates_nothing_the_second_time(demo, town):
    sheets = {name: [GOOD[name]] for name in GOOD}
    first = ledger_import(read(town, sheets), by=demo["reviewer"])
    again = read(town, sheets)
    assert (first.total, again.records, again.present) == (4, [], 4)
    assert ledger_import(again, by=demo["reviewer"]).total == 0
    assert Record.objects.count() == 4


def test_imported_rows_are_approved_records_with_their_fields(demo, town):
    cells = {
        "主讲人": "王书记",
        "地点": "镇会议室",
        "形式": "线上",
        "参加人数": "1,234",
        "工作板块": "意识形态",
        "亮点(是/否)": "是",
        "内容摘要": "学习全会精神",
    }
    plan = read(town, {"理论学习": [GOOD["理论学习"] | cells]})
    ledger_import(plan, by=demo["reviewer"])
    session = StudySession.objects.get()
    assert (session.status, session.author, session.reviewed_by) == (
        Record.Status.APPROVED,
        demo["reviewer"],
        demo["reviewer"],
    )
    assert (session.study_type, session.format, session.participants, session.theme.name) == (
        StudySession.Type.CENTRAL_GROUP,
        StudySession.Format.ONLINE,
        1234,
        "意识形态",
    )
    assert (session.speaker, session.place, session.is_highlight, session.kind) == (
        "王书记",
        "镇会议室",
        True,
        "study",
    )


def test_empty_optional_cells_take_the_kinds_defaults(demo, town):
    plan = read(town, {"志愿服务": [GOOD["志愿服务"]], "媒体刊发": [GOOD["媒体刊发"]]})
    ledger_import(plan, by=demo["reviewer"])
    activity, placement = VolunteerActivity.objects.get(), MediaPlacement.objects.get()
    assert (activity.volunteers, activity.service_hours, activity.beneficiaries) == (0, Decimal("0"), None)
    assert (activity.theme.name, placement.theme.name) == ("精神文明", "新闻舆论")
    assert (placement.piece_type, placement.is_highlight) == (MediaPlacement.PieceType.NEWS, False)


# Bad cells: each with its message -----------------------------------------------------

DATE_FORMS = "（可写作 2022-03-05、2022/3/5、2022.3.5 或 2022年3月5日）"
STUDY_TYPES = "（可选：中心组学习、集中学习、专题宣讲、党课、读书活动、实境课堂、其他）"
LATEST = (date.today() + timedelta(days=366)).isoformat()


@pytest.mark.parametrize(
    ("sheet", "cells", "message"),
    [
        (
            "理论学习",
            {"日期": "2022-13-45"},
            "理论学习 第2行 “日期”：“2022-13-45”不是有效日期" + DATE_FORMS,
        ),
        (
            "理论学习",
            {"日期": "1999-12-31"},
            f"理论学习 第2行 “日期”：“1999-12-31”不在 2000-01-01 到 {LATEST} 之间",
        ),
        ("理论学习", {"标题": "  "}, "理论学习 第2行 “标题”：不能为空"),
        ("理论学习", {"标题": "长" * 201}, "理论学习 第2行 “标题”：超过 200 个字"),
        (
            "理论学习",
            {"类型": "座谈会"},
            "理论学习 第2行 “类型”：“座谈会”不是可选项" + STUDY_TYPES,
        ),
        ("理论学习", {"工作板块": "体育"}, "理论学习 第2行 “工作板块”：“体育”不是青溪镇的工作板块"),
        ("宣传活动", {"所属单位": "东山村"}, "宣传活动 第2行 “所属单位”：“东山村”不是青溪镇的单位"),
        ("宣传活动", {"参与人数": "-3"}, "宣传活动 第2行 “参与人数”：“-3”不能是负数"),
        ("宣传活动", {"亮点": "也许"}, "宣传活动 第2行 “亮点”：“也许”应为“是”或“否”"),
        ("志愿服务", {"服务时长(小时)": "三小时"}, "志愿服务 第2行 “服务时长(小时)”：“三小时”不是数字"),
        ("志愿服务", {"志愿者人数": "12.5"}, "志愿服务 第2行 “志愿者人数”：“12.5”不是整数"),
        (
            "媒体刊发",
            {"媒体级别": "省级"},
            "媒体刊发 第2行 “媒体级别”：“省级”与“江川日报”已有的媒体级别“市级”不符",
        ),
        (
            "媒体刊发",
            {"媒体类型": "新媒体"},
            "媒体刊发 第2行 “媒体类型”：“新媒体”与“江川日报”已有的媒体类型“报刊”不符",
        ),
        ("媒体刊发", {"链接": "not a link"}, "媒体刊发 第2行 “链接”：“not a link”不是有效的链接"),
    ],
)
def test_a_bad_cell_is_reported_with_sheet_row_column_and_reason(town, sheet, cells, message):
    outlet(town)  # 江川日报, 市级 报刊
    plan = read(town, {sheet: [GOOD[sheet] | cells]})
    assert plan.errors == [message]
    assert plan.records == []


def test_a_missing_required_column_is_an_error_and_an_unknown_one_a_warning(town):
    stream = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.title = "理论学习"
    workbook.active.append(["日期", "标题", "所属单位", "备注"])
    workbook.active.append(["2022-03-05", "学习会", "石桥村", 1])
    workbook.create_sheet("Sheet2")
    workbook.save(stream)
    plan = ledger_read(stream, town=town)
    assert plan.errors == ["理论学习 第1行 “类型”：缺少必填列"]
    assert plan.warnings == [
        "理论学习 第1行 “备注”：不认识的列，已忽略",
        "工作表“Sheet2”不是台账工作表，已忽略",
    ]


def test_every_bad_row_is_reported_not_just_the_first(town):
    plan = read(
        town,
        {
            "理论学习": [
                GOOD["理论学习"],
                GOOD["理论学习"] | {"日期": "去年", "类型": "开会"},
                GOOD["理论学习"],
            ],
            "志愿服务": [
                GOOD["志愿服务"],
                {},  # a blank row keeps its number
                GOOD["志愿服务"] | {"标题": "第二次"},
                GOOD["志愿服务"] | {"标题": "第三次"},
                GOOD["志愿服务"] | {"标题": "第四次"},
                GOOD["志愿服务"] | {"标题": "第五次", "服务时长(小时)": "三小时", "所属单位": "西村"},
            ],
        },
    )
    assert plan.errors == [
        "理论学习 第3行 “日期”：“去年”不是有效日期" + DATE_FORMS,
        "理论学习 第3行 “类型”：“开会”不是可选项" + STUDY_TYPES,
        "志愿服务 第7行 “服务时长(小时)”：“三小时”不是数字",
        "志愿服务 第7行 “所属单位”：“西村”不是青溪镇的单位",
    ]


def test_a_workbook_with_one_bad_row_imports_nothing(demo, town):
    rows = [GOOD["宣传活动"] | {"标题": f"活动{i}"} for i in range(20)]
    rows[13] |= {"类型": "联欢"}
    plan = read(town, {"宣传活动": rows, "媒体刊发": [GOOD["媒体刊发"] | {"媒体名称": "新媒体号"}]})
    with pytest.raises(ValidationError, match="1 处错误"):
        ledger_import(plan, by=demo["reviewer"])
    assert (Record.objects.count(), MediaOutlet.objects.count()) == (0, 0)


# Duplicates ---------------------------------------------------------------------------


def test_rows_already_present_and_repeated_rows_are_counted_and_skipped(demo, town):
    make_record("event", title="学雷锋主题宣传", unit="石桥村", on=date(2022, 3, 5))
    repeated = GOOD["宣传活动"] | {"标题": "文艺汇演", "内容摘要": "同一活动的第二行"}
    plan = read(town, {"宣传活动": [GOOD["宣传活动"], GOOD["宣传活动"] | {"标题": "文艺汇演"}, repeated]})
    summary = plan.sheets["event"]
    assert (summary.rows, summary.new, summary.present, summary.repeated) == (3, 1, 1, 1)
    result = ledger_import(plan, by=demo["reviewer"])
    assert (result.total, result.present, result.repeated) == (1, 1, 1)
    assert sorted(PublicityEvent.objects.values_list("title", flat=True)) == ["学雷锋主题宣传", "文艺汇演"]


def test_same_title_and_date_in_another_unit_or_kind_is_not_a_duplicate(town):
    make_record("event", title="学雷锋主题宣传", unit="石桥村", on=date(2022, 3, 5))
    other_unit = GOOD["宣传活动"] | {"所属单位": "柳塘村"}
    other_kind = GOOD["志愿服务"] | {"标题": "学雷锋主题宣传", "所属单位": "石桥村"}
    plan = read(town, {"宣传活动": [other_unit], "志愿服务": [other_kind]})
    assert (len(plan.records), plan.present) == (2, 0)


def test_the_same_story_in_two_outlets_or_as_two_piece_types_is_two_placements(demo, town):
    outlet(town)
    first = GOOD["媒体刊发"]
    other_outlet = first | {"媒体名称": "今日清江", "媒体级别": "区级"}
    other_piece = first | {"稿件类型": "图片"}
    plan = read(town, {"媒体刊发": [first, other_outlet, other_piece, first]})
    assert (len(plan.records), plan.repeated) == (3, 1)
    ledger_import(plan, by=demo["reviewer"])
    assert read(town, {"媒体刊发": [first, other_outlet, other_piece]}).present == 3


def test_a_plan_imported_twice_creates_its_records_once(demo, town):
    plan = read(town, {"宣传活动": [GOOD["宣传活动"]]}, create_units=True)
    ledger_import(plan, by=demo["reviewer"])
    again = ledger_import(plan, by=demo["reviewer"])  # a second confirm of the same preview
    assert (again.total, again.present, PublicityEvent.objects.count()) == (0, 1, 1)


# Cells in every form offices write them ----------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        datetime(2022, 3, 5),
        date(2022, 3, 5),
        to_excel(date(2022, 3, 5)),  # a date cell that lost its format: the serial number
        "2022-03-05",
        "2022/3/5",
        "2022.3.5",
        "2022年3月5日",
        "２０２２年３月５日",
        " 2022-3-5\u3000",
        "20220305",
    ],
)
def test_dates_are_read_as_excel_dates_or_text(town, cell):
    plan = read(town, {"理论学习": [GOOD["理论学习"] | {"日期": cell}]})
    assert [record.fields["date"] for record in plan.records] == [date(2022, 3, 5)]


@pytest.mark.parametrize(
    ("volunteers", "hours", "beneficiaries", "expected"),
    [
        ("1,234", "2,345.5", "１２", (1234, Decimal("2345.5"), 12)),
        ("１，２３４", "３.５", "12人", (1234, Decimal("3.5"), 12)),
        (30, 2.25, 12.0, (30, Decimal("2.3"), 12)),
        (" 30 ", "90小时", None, (30, Decimal("90.0"), None)),
    ],
)
def test_numbers_with_separators_full_width_digits_and_units(
    town, volunteers, hours, beneficiaries, expected
):
    cells = {"志愿者人数": volunteers, "服务时长(小时)": hours, "受益人数": beneficiaries}
    plan = read(town, {"志愿服务": [GOOD["志愿服务"] | cells]})
    fields = plan.records[0].fields
    assert (fields["volunteers"], fields["service_hours"], fields["beneficiaries"]) == expected


@pytest.mark.parametrize("hours", [1e308, 10**30, "99999999.96"])
def test_hours_too_large_to_round_or_to_store_are_an_error_of_the_cell(town, hours):
    plan = read(town, {"志愿服务": [GOOD["志愿服务"] | {"服务时长(小时)": hours}]})
    assert not plan.records
    assert len(plan.errors) == 1
    assert plan.errors[0].startswith("志愿服务 第2行 “服务时长(小时)”：") and plan.errors[0].endswith(
        "超出范围"
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        (1, True),
        ("0", False),
        (None, False),
        (True, True),
    ],
)
def test_flags_read_yes_and_no_in_several_spellings(town, cell, expected):
    plan = read(town, {"宣传活动": [GOOD["宣传活动"] | {"亮点": cell}]})
    assert plan.records[0].fields["is_highlight"] is expected


def test_stray_spaces_and_blank_rows_are_ignored(town):
    stream = io.BytesIO()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = " 宣传活动 "
    sheet.append([" 日期", "标题 ", "\u3000类型", "所属单位", "亮点（是/否）"])
    sheet.append([None, None, None, None, None])
    sheet.append(["2022-03-05 ", "\u3000学雷锋主题宣传 ", " 主 题 宣 传 ", "\xa0石桥村\u3000", " 是"])
    sheet.append(["", "  ", None, "\u3000", None])
    workbook.save(stream)
    plan = ledger_read(stream, town=town)
    assert (plan.errors, plan.warnings, plan.sheets["event"].rows) == ([], [], 1)
    record = plan.records[0]
    assert (record.row, record.unit, record.fields["title"], record.fields["event_type"]) == (
        3,
        "石桥村",
        "学雷锋主题宣传",
        PublicityEvent.Type.THEMED,
    )


# Units and outlets the workbook names ------------------------------------------------


def test_unknown_units_are_created_with_create_units_by_their_names_suffix(demo, town):
    rows = [GOOD["宣传活动"] | {"所属单位": name} for name in ("东山村", "新区社区", "镇综治办")]
    plan = read(town, {"宣传活动": rows}, create_units=True)
    assert plan.new_units == {"东山村": "village", "新区社区": "community", "镇综治办": "department"}
    ledger_import(plan, by=demo["reviewer"])
    created = OrgUnit.objects.filter(name__in=plan.new_units)
    assert {(unit.name, unit.kind, OrgUnit.objects.get_parent(unit)) for unit in created} == {
        ("东山村", "village", town),
        ("新区社区", "community", town),
        ("镇综治办", "department", town),
    }
    assert set(PublicityEvent.objects.values_list("unit__name", flat=True)) == set(plan.new_units)


def test_an_unknown_outlet_is_created_from_its_level_and_channel(demo, town):
    rows = [
        GOOD["媒体刊发"]
        | {"媒体名称": "云州发布", "媒体级别": "市级", "媒体类型": "新媒体", "标题": f"稿{i}"}
        for i in (1, 2)
    ]
    plan = read(town, {"媒体刊发": rows})
    assert plan.planned("outlet") == {"云州发布": {"level": "city", "channel": "new_media"}}
    ledger_import(plan, by=demo["reviewer"])
    created = MediaOutlet.objects.get(name="云州发布")
    assert (created.town, created.level, created.channel, created.placements.count()) == (
        town,
        "city",
        "new_media",
        2,
    )


def test_a_row_contradicting_an_outlet_planned_by_an_earlier_row_is_an_error(town):
    first = GOOD["媒体刊发"] | {"媒体名称": "云州发布", "媒体级别": "市级", "媒体类型": "新媒体"}
    plan = read(town, {"媒体刊发": [first, first | {"标题": "又一篇", "媒体级别": "区级"}]})
    assert plan.errors == ["媒体刊发 第3行 “媒体级别”：“区级”与“云州发布”已有的媒体级别“市级”不符"]


def test_the_import_is_one_entry_in_the_security_log(demo, town):
    plan = read(town, {name: [GOOD[name]] for name in ("理论学习", "宣传活动")})
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    ledger_import(plan, by=demo["reviewer"])
    written = list(AuditEvent.objects.filter(seq__gt=last))
    assert [(entry.event, entry.user, entry.town, entry.object_repr) for entry in written] == [
        (Event.IMPORT, demo["reviewer"], town, "台账.xlsx")
    ]
    assert written[0].detail["imported"] == 2


# The export ---------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A2)", "'=already guarded", "\t=tab"]


def test_exported_text_that_looks_like_a_formula_is_text(demo, town):
    for title in FORMULAS:
        make_record("event", title=title, on=date(2022, 3, 5), place='=HYPERLINK("x")')
    exported = io.BytesIO()
    ledger_export(Record.objects.all(), exported)

    sheet = openpyxl.load_workbook(exported)["宣传活动"]
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} <= {"s", "n", "d"}
    titles = [row[2].value for row in sheet.iter_rows(min_row=3)]
    assert sorted(titles) == sorted(f"'{title}" for title in FORMULAS)


def test_exported_formula_like_titles_come_back_unchanged(demo, town):
    for title in FORMULAS:
        make_record("event", title=title, on=date(2022, 3, 5))
    exported = io.BytesIO()
    ledger_export(Record.objects.all(), exported)
    exported.seek(0)
    plan = ledger_read(exported, town=town)
    assert (plan.errors, plan.present, plan.records) == ([], len(FORMULAS), [])


def test_the_export_has_a_sheet_per_kind_present_with_real_dates_and_labels(demo, town):
    make_record(
        "study",
        on=date(2022, 3, 5),
        study_type="central_group",
        is_highlight=True,
        host="张书记",
        expected_attendance=16,
        participants=15,
        absentees="李四（出差）",
        discussion_points="围绕乡村振兴研讨",
    )
    make_record(
        "media", on=date(2022, 4, 1), unit="镇宣传办", outlet=outlet(town, "云州电视台", "city", "broadcast")
    )
    exported = io.BytesIO()
    ledger_export(Record.objects.all(), exported, title="青溪镇")
    workbook = openpyxl.load_workbook(exported)
    assert workbook.sheetnames == ["理论学习", "媒体刊发"]
    study, media = workbook["理论学习"], workbook["媒体刊发"]
    assert study["A1"].value == "青溪镇 · 理论学习台账"
    info = ["参学率", "状态", "填报人", "审核人", "照片数"]
    assert [cell.value for cell in study[2]] == ["序号", *HEADERS["理论学习"], *info]
    row = dict(zip([cell.value for cell in study[2]], [cell.value for cell in study[3]], strict=True))
    assert (study["B3"].value, study["B3"].number_format) == (datetime(2022, 3, 5), "yyyy-mm-dd")
    assert (row["序号"], row["类型"], row["亮点(是/否)"], row["主持人"], row["应到人数"]) == (
        1,
        "中心组学习",
        "是",
        "张书记",
        16,
    )
    assert (row["参学率"], row["状态"], row["填报人"], row["照片数"]) == ("94%", "已通过", "李明", 0)
    assert row["缺席人员及原因"] == "李四（出差）" and row["研讨要点"] == "围绕乡村振兴研讨"
    assert [cell.value for cell in media[3]][3:7] == ["云州电视台", "市级", "广播电视", "新闻报道"]
    assert [cell.value for cell in media[2]][-4:] == info[1:]  # no 参学率 where there is no 应到
    setup = study.page_setup
    # fitToWidth left out means 1, its default in OOXML (XlsxWriter leaves defaults out)
    assert (setup.orientation, setup.fitToWidth or 1, setup.fitToHeight, study.print_title_rows) == (
        "landscape",
        1,
        0,
        "$1:$2",
    )
    assert study.sheet_properties.pageSetUpPr.fitToPage


def test_the_columns_a_reader_wants_are_the_ones_an_import_passes_over():
    from ledger.cells import INFO_HEADERS
    from ledger.writing import INFO, RATE

    assert {header for header, _path in INFO} | {"序号", RATE} == INFO_HEADERS


def test_a_list_a_kinds_queryset_or_a_lists_queryset_export_alike(demo, town):
    make_record("study", title="二", on=date(2022, 3, 6))
    make_record("study", title="一", on=date(2022, 3, 5))
    sources = [list(Record.objects.all()), StudySession.objects.all(), records_for(demo["reviewer"])]
    titles = []
    for source in sources:
        stream = io.BytesIO()
        ledger_export(source, stream)
        rows = openpyxl.load_workbook(stream)["理论学习"].iter_rows(min_row=3, values_only=True)
        titles.append([row[2] for row in rows])
    assert titles == [["一", "二"]] * 3


# The template -------------------------------------------------------------------------


def test_the_template_has_every_kinds_sheet_with_drop_down_lists(town):
    stream = io.BytesIO()
    ledger_template(stream)
    workbook = openpyxl.load_workbook(stream)
    assert workbook.sheetnames == ["说明", *HEADERS]
    assert workbook.sheetnames[1:5] == ["理论学习", "宣传活动", "志愿服务", "媒体刊发"]
    assert [[cell.value for cell in workbook[name][1]] for name in HEADERS] == list(HEADERS.values())
    lists = {
        name: {str(v.sqref).split(":")[0]: v.formula1 for v in workbook[name].data_validations.dataValidation}
        for name in HEADERS
    }
    assert lists["理论学习"] == {
        "C2": '"中心组学习,集中学习,专题宣讲,党课,读书活动,实境课堂,其他"',
        "F2": '"线下,线上"',
        "N2": '"是,否"',
    }
    assert lists["媒体刊发"] == {
        "D2": '"中央级,省级,市级,区级,镇级"',
        "E2": '"报刊,广播电视,网络媒体,新媒体,学习强国,工作简报"',
        "F2": '"新闻报道,信息,图片,视频,专题,经验交流"',
        "K2": '"是,否"',
        "L2": '"是,否"',
    }
    assert set(lists["宣传活动"]) == {"C2", "H2"} and set(lists["志愿服务"]) == {"C2", "K2"}


def test_the_blank_template_reads_without_errors_or_warnings(town):
    stream = io.BytesIO()
    ledger_template(stream)
    stream.seek(0)
    plan = ledger_read(stream, town=town)
    assert (plan.errors, plan.warnings, plan.rows) == ([], [], 0)


def test_a_sheet_left_empty_is_skipped_quietly(town):
    stream = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.title = "理论学习"
    good = workbook.create_sheet("宣传活动")
    good.append(HEADERS["宣传活动"])
    good.append([GOOD["宣传活动"].get(header) for header in HEADERS["宣传活动"]])
    workbook.save(stream)
    plan = ledger_read(stream, town=town)
    assert (plan.errors, plan.warnings, len(plan.records)) == ([], [], 1)


def test_a_file_that_is_not_a_workbook_is_an_error_not_a_crash(town):
    stream = io.BytesIO(b"PK\x03\x04 not really a zip")
    stream.name = "假的.xlsx"
    assert ledger_read(stream, town=town).errors == ["无法读取“假的.xlsx”：不是有效的 Excel 工作簿（.xlsx）"]


# The commands -------------------------------------------------------------------------


def save(tmp_path, sheets: dict[str, list[dict]]) -> str:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(book(sheets).getvalue())
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_import_command_imports_and_prints_the_counts(demo, tmp_path):
    path = save(tmp_path, {name: [GOOD[name]] for name in GOOD})
    out, _err = run("import_records", path, "--org", "青溪镇")
    assert "理论学习：1 行，新增 1，已有 0，文件内重复 0" in out
    assert "已导入 4 条记录" in out
    assert set(Record.objects.values_list("author__username", flat=True)) == {"reviewer"}


def test_dry_run_writes_nothing(demo, tmp_path):
    rows = [GOOD["媒体刊发"] | {"媒体名称": "云州发布", "所属单位": "东山村"}]
    path = save(tmp_path, {"媒体刊发": rows, "宣传活动": [GOOD["宣传活动"]]})
    counts = lambda: [model.objects.count() for model in (Record, OrgUnit, MediaOutlet, LogEntry)]  # noqa: E731
    before = counts()
    out, _err = run("import_records", path, "--org", "青溪镇", "--create-units", "--dry-run")
    assert "将新建单位（1）：东山村（村）" in out and "将新建媒体（1）：云州发布" in out
    assert "试运行" in out
    assert counts() == before


def test_the_import_command_exits_1_listing_every_error(demo, tmp_path):
    rows = [
        GOOD["宣传活动"],
        GOOD["宣传活动"] | {"标题": "二", "所属单位": "东山村"},
        GOOD["宣传活动"] | {"日期": "某天"},
    ]
    path = save(tmp_path, {"宣传活动": rows})
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 处错误，未导入任何记录") as raised:
        call_command("import_records", path, "--org", "青溪镇", stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert "宣传活动 第3行 “所属单位”：“东山村”不是青溪镇的单位" in err.getvalue()
    assert "宣传活动 第4行 “日期”：“某天”不是有效日期" in err.getvalue()
    assert "--create-units" in err.getvalue()
    assert not Record.objects.exists()


def test_the_export_command_writes_a_years_approved_records(demo, tmp_path):
    make_record("event", title="今年的", on=date(2022, 3, 5))
    make_record("event", title="待审的", on=date(2022, 3, 6), status=Record.Status.SUBMITTED)
    make_record("event", title="去年的", on=date(2021, 3, 5))
    output = tmp_path / "2022.xlsx"
    out, _err = run("export_records", "--org", "青溪镇", "--year", "2022", "--output", str(output))
    assert "1 条" in out
    sheet = openpyxl.load_workbook(output)["宣传活动"]
    assert [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["今年的"]
