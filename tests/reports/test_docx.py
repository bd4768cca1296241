"""The report .docx follows the body rules of GB/T 9704-2012.

The checklist is the one at the end of ../shared/reference/gongwen-format.md: the
file is read back with python-docx and lxml, and once through LibreOffice as PDF.
No database: reports.docx is a pure function.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from portal.gongwen import SCHEMA_ORDER, PlanItem, ReportContent, Section, report_docx, title_lines

REPO = Path(__file__).resolve().parents[2]
FONTS_CONF = Path(__file__).resolve().parents[3] / "shared" / "reference" / "fontconfig" / "fonts.conf"

ALLOWED_EAST_ASIAN = {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"}
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d"
ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

SECTIONS = [
    Section(
        "坚持理论武装，筑牢思想根基。",
        # ASCII marks on purpose: the builder must make them full-width.
        "全年开展理论学习46次,其中中心组专题研讨12次(含线上研讨4次)。组建百姓宣讲团,吸纳宣讲骨干38名,"
        "深入村居、企业、田间地头开展宣讲210场次,覆盖群众1.6万人次;推出线上课堂24期。",
    ),
    Section(
        "压实工作责任，守牢意识形态阵地。",
        "镇党委每季度专题研究意识形态工作，全年召开分析研判会4次，签订责任书52份。落实舆情日报告、"
        "周研判制度，妥善处置网络舆情9起，清查出版物经营场所17家次，全镇阵地管理规范有序。",
    ),
    Section(
        "讲好青溪故事，唱响发展强音。",
        "在市级及以上媒体刊发稿件186篇，其中省级以上媒体32篇，“学习强国”平台录用21篇。运营“青溪发布”"
        "公众号，全年推送信息680余条，关注人数突破2.3万，累计阅读量达1,200,000次。",
    ),
    Section(
        "培育文明乡风，涵养时代新风。",
        "建成新时代文明实践站15个，组建志愿服务队伍43支，注册志愿者3120人，全年开展志愿服务活动520余场次。"
        "选树身边好人22名、文明家庭30户，修订完善村规民约15部，移风易俗蔚然成风。",
    ),
    Section(
        "繁荣文化事业，丰富群众精神生活。",
        "新建农家书屋2家、文化广场3处，举办“村晚”“送戏下乡”等群众性文化活动85场次，惠及群众4.2万人次。"
        "青溪竹编技艺入选市级非遗名录，开设非遗传习课堂16期，传统文化焕发新的活力。",
    ),
]
PLAN_HEADINGS = [
    "持续深化理论武装",
    "坚决守牢意识形态阵地",
    "全力做好对外宣传",
    "深入推进文明创建",
    "大力繁荣乡村文化",
    "加强宣传队伍建设",
    "办好重大主题活动",
    "深化融媒体改革",
    "推进全民阅读",
    "擦亮文旅品牌",
    "做实网络文明",
    "健全考核机制。",  # the caller's own full stop is kept, not doubled
]


def make_content(*, signature: str = "青溪镇人民政府", date: datetime.date | None = None) -> ReportContent:
    return ReportContent(
        title="青溪镇关于宣传思想文化2026年工作总结及2027年工作计划",
        opening="2026年，青溪镇宣传思想文化工作在区委宣传部的指导下，紧扣全镇中心工作，守正创新、真抓实干，"
        "为建设宜居宜业和美乡镇凝聚了思想共识、提供了精神动力。",
        summary_heading="一、2026年工作总结",
        sections=SECTIONS,
        plan_heading="二、2027年工作计划",
        plan_opening="2027年，青溪镇将坚持以习近平新时代中国特色社会主义思想为指导，聚焦全镇发展大局。",
        plan_items=[
            PlanItem(heading, "完善工作机制,细化任务清单,全年开展相关活动不少于20场次,确保各项任务落地见效。")
            for heading in PLAN_HEADINGS
        ],
        signature=signature,
        date=date or datetime.date(2027, 1, 5),
    )


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return report_docx(make_content())


@pytest.fixture(scope="module")
def document(docx_bytes: bytes) -> DocxDocument:
    return Document(io.BytesIO(docx_bytes))


def text_paragraphs(document: DocxDocument) -> list[Paragraph]:
    return [p for p in document.paragraphs if p.text]


def body_paragraphs(document: DocxDocument) -> list[Paragraph]:
    """Everything with text but the title and the closing signature and date."""
    return text_paragraphs(document)[1:-2]


def style_by_id(document: DocxDocument, style_id: str | None):
    styles = document.styles.element
    if style_id is None:
        found = styles.xpath('w:style[@w:type="paragraph" and @w:default="1"]')
    else:
        found = styles.xpath(f'w:style[@w:styleId="{style_id}"]')
    return found[0] if found else None


def style_chain(document: DocxDocument, style_id: str | None) -> list:
    chain, style = [], style_by_id(document, style_id)
    while style is not None:
        chain.append(style)
        based_on = style.find(qn("w:basedOn"))
        style = style_by_id(document, based_on.get(qn("w:val"))) if based_on is not None else None
    return chain


def resolved_font(document: DocxDocument, run, slot: str = "w:eastAsia") -> str | None:
    """The font a run ends up with: run → character style → paragraph style → defaults.

    A theme attribute met on the way is returned as "theme:…", which no test allows.
    """
    paragraph = run.getparent()
    candidates = [run.find(qn("w:rPr"))]
    run_style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
    if run_style is not None:
        candidates += [s.find(qn("w:rPr")) for s in style_chain(document, run_style.get(qn("w:val")))]
    p_style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    candidates += [
        s.find(qn("w:rPr"))
        for s in style_chain(document, p_style.get(qn("w:val")) if p_style is not None else None)
    ]
    candidates.append(
        document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    )
    theme = {"w:eastAsia": "w:eastAsiaTheme", "w:ascii": "w:asciiTheme", "w:hAnsi": "w:hAnsiTheme"}[slot]
    for rpr in candidates:
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None:
            continue
        if fonts.get(qn(theme)) is not None:
            return f"theme:{fonts.get(qn(theme))}"
        if fonts.get(qn(slot)) is not None:
            return fonts.get(qn(slot))
    return None


def all_runs(document: DocxDocument) -> list:
    section = document.sections[0]
    parts = [document.element.body, section.footer._element, section.even_page_footer._element]
    return [run for part in parts for run in part.iter(qn("w:r"))]


def run_font(run) -> str | None:
    fonts = run._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def width(text: str) -> float:
    """Characters of the 16 pt grid: Chinese ones count 1, half-width digits 1/2."""
    return sum(1.0 if re.match(f"[{CJK}]", char) else 0.5 for char in text)


# --- page ----------------------------------------------------------------------------


def test_every_section_is_a4_with_the_standards_margins(document: DocxDocument) -> None:
    expected = (Mm(210), Mm(297), Mm(37), Mm(28), Mm(35), Mm(26))
    for section in document.sections:
        got = (section.page_width, section.page_height, section.top_margin)
        got += (section.left_margin, section.bottom_margin, section.right_margin)
        # Lengths are stored in whole twips: 1 twip is 0.018 mm.
        assert all(abs(g - e) <= Mm(0.02) for g, e in zip(got, expected, strict=True)), got


# --- styles --------------------------------------------------------------------------


def test_normal_is_fangsong_16pt_on_an_exact_28pt_line(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    fmt = normal.paragraph_format
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert (fmt.line_spacing_rule, fmt.line_spacing, fmt.space_before, fmt.space_after) == (
        WD_LINE_SPACING.EXACTLY,
        Pt(28),
        Pt(0),
        Pt(0),
    )


def test_defaults_and_normal_name_fonts_not_theme_fonts_and_say_zh_cn(document: DocxDocument) -> None:
    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    normal = document.styles["Normal"].element.rPr
    for rpr in (defaults, normal):
        fonts = rpr.find(qn("w:rFonts"))
        assert not [name for name in fonts.attrib if name.lower().endswith("theme")], fonts.attrib
        assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_normal_tightens_characters_so_28_fit_a_line(document: DocxDocument) -> None:
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"  # -0.25 pt: 28 x 15.75 pt fits 156 mm
    assert Mm(156).pt >= 28 * (16 - 0.25)


# --- paragraphs ----------------------------------------------------------------------


def test_title_is_22pt_xiaobiaosong_centred_not_bold(document: DocxDocument) -> None:
    title = document.paragraphs[0]
    assert title.text.replace("\n", "") == "青溪镇关于宣传思想文化2026年工作总结及2027年工作计划"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all((run_font(r), r.font.size, r.bold) == ("方正小标宋简体", Pt(22), False) for r in title.runs)


def test_title_has_its_own_exact_line_tall_enough_not_to_clip(document: DocxDocument) -> None:
    fmt = document.paragraphs[0].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    # CJK fonts are about 1.45 em tall; the body's 28 pt would cut the tops off.
    assert fmt.line_spacing >= Pt(22 * 1.45)


def test_an_empty_line_follows_the_title(document: DocxDocument) -> None:
    assert document.paragraphs[1].text == ""
    assert document.paragraphs[2].text.startswith("2026年，青溪镇")


def test_a_long_title_breaks_short_over_long_between_words(document: DocxDocument) -> None:
    """梯形: two lines, the upper not the longer, no word of the title split."""
    assert document.paragraphs[0].text.split("\n") == [
        "青溪镇关于宣传思想文化",
        "2026年工作总结及2027年工作计划",
    ]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("青溪镇宣传思想文化工作台账（2025年）", ["青溪镇宣传思想文化工作台账（2025年）"]),
        ("关于2025年度宣传思想文化工作情况的报告", ["关于2025年度宣传思想文化工作情况的报告"]),
        (
            "中共青溪镇委员会关于2025年度宣传思想文化工作情况暨2026年度工作计划的报告",
            ["中共青溪镇委员会关于", "2025年度宣传思想文化工作情况暨", "2026年度工作计划的报告"],
        ),
    ],
)
def test_titles_fit_the_type_area_in_a_trapezoid_or_a_diamond(title: str, lines: list[str]) -> None:
    assert title_lines(title) == lines


def test_a_newline_in_the_title_breaks_it_there() -> None:
    content = dataclasses.replace(make_content(), title="青溪镇关于宣传思想文化\n2026年工作总结")
    title = Document(io.BytesIO(report_docx(content))).paragraphs[0]
    assert len(title._p.findall(f".//{qn('w:br')}")) == 1
    assert title.text == "青溪镇关于宣传思想文化\n2026年工作总结"


def test_level_one_headings_are_heiti_digits_too_with_an_outline_level(document: DocxDocument) -> None:
    headings = [p for p in text_paragraphs(document) if re.match("^[一二三四五六七八九十]+、", p.text)]
    assert [p.text for p in headings] == ["一、2026年工作总结", "二、2027年工作计划"]
    assert {run_font(r) for p in headings for r in p.runs} == {"黑体"}
    assert {r._r.rPr.rFonts.get(qn("w:ascii")) for p in headings for r in p.runs} == {"黑体"}
    levels = [p._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) for p in headings]
    assert levels == ["0", "0"]  # Word's level 1: the navigation pane lists them


def test_each_theme_is_one_paragraph_led_by_a_kaiti_run_in_heading(document: DocxDocument) -> None:
    texts = [p.text for p in document.paragraphs]
    summary = document.paragraphs[texts.index("一、2026年工作总结") + 1 : texts.index("二、2027年工作计划")]
    assert [p.runs[0].text for p in summary] == [s.lead for s in SECTIONS]
    assert {tuple(run_font(r) for r in p.runs) for p in summary} == {("楷体_GB2312", "仿宋_GB2312")}


def test_plan_items_are_numbered_yi_shi_er_shi_in_kaiti(document: DocxDocument) -> None:
    items = [p for p in body_paragraphs(document) if re.match("^[一二三四五六七八九十]+是", p.text)]
    leads = [p.runs[0].text for p in items]
    expected = [f"{n}是{h.rstrip('。')}。" for n, h in zip(ORDINALS, PLAN_HEADINGS, strict=True)]
    assert leads == expected
    assert {run_font(p.runs[0]) for p in items} == {"楷体_GB2312"}


def test_every_body_paragraph_is_indented_two_characters_both_ways(document: DocxDocument) -> None:
    for paragraph in body_paragraphs(document):
        ind = paragraph._p.pPr.find(qn("w:ind"))
        assert (ind.get(qn("w:firstLineChars")), ind.get(qn("w:firstLine"))) == ("200", "640"), paragraph.text
        assert paragraph.paragraph_format.line_spacing == Pt(28)


def test_every_run_resolves_to_an_allowed_east_asian_font(document: DocxDocument) -> None:
    runs = all_runs(document)
    assert len(runs) > 30
    assert {resolved_font(document, run) for run in runs} <= ALLOWED_EAST_ASIAN


def test_latin_text_is_times_new_roman_outside_headings_and_page_numbers(document: DocxDocument) -> None:
    runs = [
        run
        for paragraph in document.element.body.iter(qn("w:p"))
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is None
        for run in paragraph.iter(qn("w:r"))
    ]
    assert {resolved_font(document, run, "w:ascii") for run in runs} == {"Times New Roman"}
    assert {resolved_font(document, run, "w:hAnsi") for run in runs} == {"Times New Roman"}


def test_no_ascii_punctuation_stands_beside_chinese_text(document: DocxDocument) -> None:
    text = "\n".join(p.text for p in document.paragraphs)
    assert not re.findall(f"[{CJK}][,;:?!()]|[,;:?!()][{CJK}]", text)
    assert "46次，其中" in text and "（含线上研讨4次）" in text
    assert "1,200,000次" in text  # digits on both sides: a thousands separator, left alone


# --- closing -------------------------------------------------------------------------


def test_signature_and_date_close_the_document_after_an_empty_line(document: DocxDocument) -> None:
    *_, gap, name, date = document.paragraphs
    assert (gap.text, name.text, date.text) == ("", "青溪镇人民政府", "2027年1月5日")
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", date.text)
    assert name.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize(
    ("signature", "date", "name_indent"),
    [
        ("青溪镇人民政府", datetime.date(2027, 1, 5), 2),  # name wider than the date
        ("青溪镇党委宣传办公室", datetime.date(2027, 12, 31), 2),
        ("青溪镇", datetime.date(2027, 1, 5), None),  # date wider: the date goes 2 in
        ("青溪镇", datetime.date(2027, 12, 31), None),
    ],
)
def test_the_date_starts_two_characters_right_of_the_name(
    signature: str, date: datetime.date, name_indent: int | None
) -> None:
    *_, name, dated = Document(
        io.BytesIO(report_docx(make_content(signature=signature, date=date)))
    ).paragraphs

    def right_indent(paragraph: Paragraph) -> float:
        ind = paragraph._p.pPr.find(qn("w:ind"))
        chars = int(ind.get(qn("w:rightChars"))) / 100
        assert abs(int(ind.get(qn("w:right"))) - chars * 320) <= 1  # LibreOffice reads the twips
        return chars

    name_start = right_indent(name) + width(name.text)  # in characters from the right margin
    date_start = right_indent(dated) + width(dated.text)
    assert name_start - date_start == pytest.approx(2)
    assert right_indent(name if name_indent else dated) == pytest.approx(2)


# --- footers -------------------------------------------------------------------------


def test_odd_and_even_footers_are_switched_on(document: DocxDocument) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    references = document.sections[0]._sectPr.findall(qn("w:footerReference"))
    assert sorted(r.get(qn("w:type")) for r in references) == ["default", "even"]


@pytest.mark.parametrize("odd", [True, False])
def test_page_number_is_a_page_field_between_dashes_in_14pt_songti(document: DocxDocument, odd: bool) -> None:
    section = document.sections[0]
    paragraph = (section.footer if odd else section.even_page_footer).paragraphs[0]
    fields = [el.get(qn("w:fldCharType")) for el in paragraph._p.iter(qn("w:fldChar"))]
    instruction = "".join(el.text for el in paragraph._p.iter(qn("w:instrText")))
    assert (fields, instruction.strip()) == (["begin", "separate", "end"], "PAGE")
    assert re.fullmatch("— \\d+ —", paragraph.text)
    assert {(run_font(r), r.font.size) for r in paragraph.runs} == {("宋体", Pt(14))}


def test_odd_page_numbers_sit_right_and_even_ones_left_one_character_in(document: DocxDocument) -> None:
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, odd.paragraph_format.right_indent) == (WD_ALIGN_PARAGRAPH.RIGHT, Pt(14))
    assert (even.alignment, even.paragraph_format.left_indent) == (WD_ALIGN_PARAGRAPH.LEFT, Pt(14))


# --- the file as a whole -------------------------------------------------------------


def test_properties_follow_the_schemas_order_with_no_duplicates(document: DocxDocument) -> None:
    """Word reports a damaged file when w:rPr or w:pPr children are out of order."""
    section = document.sections[0]
    parts = [
        document.element,
        document.styles.element,
        section.footer._element,
        section.even_page_footer._element,
    ]
    checked = 0
    for part in parts:
        for parent in part.iter(*SCHEMA_ORDER):
            order = [qn(tag) for tag in SCHEMA_ORDER[parent.tag]]
            positions = [order.index(child.tag) for child in parent]
            assert positions == sorted(set(positions)), [child.tag for child in parent]
            checked += 1
    assert checked > 50


# --- the package ------------------------------------------------------------------------


def _part(docx_bytes: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(docx_bytes)).read(name).decode("utf-8")


def test_the_font_table_names_every_gongwen_font_with_its_fallback(docx_bytes: bytes) -> None:
    table = _part(docx_bytes, "word/fontTable.xml")
    for name, fallback in (
        ("仿宋_GB2312", "仿宋"),
        ("方正小标宋简体", "宋体"),
        ("楷体_GB2312", "楷体"),
        ("黑体", "SimHei"),
    ):
        assert f'<w:font w:name="{name}"><w:altName w:val="{fallback}"/>' in table


def test_word_opens_it_in_its_own_mode_not_compatibility_mode(document: DocxDocument) -> None:
    modes = [
        setting.get(qn("w:val"))
        for setting in document.settings.element.iter(qn("w:compatSetting"))
        if setting.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]


def test_the_properties_say_what_wrote_it_and_there_is_no_thumbnail(docx_bytes: bytes) -> None:
    app = _part(docx_bytes, "docProps/app.xml")
    assert "<Application>宣传思想文化工作平台</Application>" in app and "Macintosh" not in app
    pages = int(re.search(r"<Pages>(\d+)</Pages>", app).group(1))
    assert pages >= 2
    names = zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "thumbnail" not in _part(docx_bytes, "_rels/.rels")


def test_no_page_leaves_a_single_line_of_a_paragraph_behind(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    assert normal.paragraph_format.widow_control is True


def test_the_same_content_gives_the_same_file(docx_bytes: bytes) -> None:
    # The build keeps a checksum; a rebuild of unchanged content should match it.
    assert report_docx(make_content()) == docx_bytes


def test_importing_the_builder_needs_no_django() -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    # The module alone, not its package (portal's __init__ starts the Celery app).
    code = (
        "import importlib.util, sys; "
        "spec = importlib.util.spec_from_file_location('gongwen', 'portal/gongwen.py'); "
        "module = sys.modules['gongwen'] = importlib.util.module_from_spec(spec); "
        "spec.loader.exec_module(module); "
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, timeout=60).returncode == 0


# --- through LibreOffice -------------------------------------------------------------

TYPE_AREA_TOP, TYPE_AREA_BOTTOM = Mm(37).pt, Mm(297 - 35).pt
LEFT_EDGE, RIGHT_EDGE = Mm(28).pt, Mm(210 - 26).pt


@pytest.fixture(scope="module")
def pdf(docx_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report converted by LibreOffice, with the 公文 fonts aliased to free CJK fonts."""
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils")
    return office_pdf(docx_bytes, tmp_path_factory.mktemp("office"), name="report")


def office_pdf(data: bytes, work: Path, *, name: str) -> Path:
    """`data` (a .docx) converted by LibreOffice in `work`, with the 公文 fonts aliased."""
    source = work / f"{name}.docx"
    source.write_bytes(data)
    env = dict(os.environ)
    if FONTS_CONF.exists():
        (work / "config" / "fontconfig").mkdir(parents=True)
        shutil.copy(FONTS_CONF, work / "config" / "fontconfig" / "fonts.conf")
        env["XDG_CONFIG_HOME"] = str(work / "config")
    # A profile of its own: a shared one fails silently when two conversions overlap.
    profile = (work / "profile").as_uri()
    command = ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(work), str(source)], env=env, timeout=180, check=True)
    return work / f"{name}.pdf"


def pdf_words(pdf: Path) -> list[dict]:
    """Every word with its page and box in points, from pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for box, text in re.findall(r"<word ([^>]*)>([^<]*)</word>", page):
            coordinates = {k: float(v) for k, v in re.findall(r'(\w+)="([\d.]+)"', box)}
            words.append({"page": number, "text": text, **coordinates})
    return words


def test_pdf_pages_are_a4(pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) >= 2
    assert all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in sizes)


def test_pdf_embeds_a_cjk_font(pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = [line.split()[0] for line in listing.splitlines()[2:] if " yes " in line]
    assert any(re.search("CJK|Song|Hei|Kai|Fang|Ming|GB2312|WenQuanYi|Fallback", name) for name in embedded)


def test_pdf_full_page_holds_22_lines(pdf: Path) -> None:
    """22 lines, or 21 where a paragraph's last line went over with the line before it."""
    line_pitch = Pt(28).pt
    lines: dict[int, set[int]] = {}
    for word in pdf_words(pdf):
        if TYPE_AREA_TOP <= word["yMin"] < TYPE_AREA_BOTTOM:
            lines.setdefault(word["page"], set()).add(int((word["yMin"] - TYPE_AREA_TOP) // line_pitch))
    assert max(len(rows) for rows in lines.values()) in (21, 22)


def test_pdf_lines_hold_28_characters(pdf: Path) -> None:
    rows: dict[tuple[int, int], str] = {}
    for word in pdf_words(pdf):
        if TYPE_AREA_TOP <= word["yMin"] < TYPE_AREA_BOTTOM:
            key = (word["page"], round(word["yMin"]))
            rows[key] = rows.get(key, "") + word["text"]
    # Lines of Chinese alone, so half-width digits do not blur the count.
    chinese = [text for text in rows.values() if re.fullmatch(f"[{CJK}]+", text)]
    assert max(len(text) for text in chinese) in (28, 29)  # 29: a last mark hung in the margin


def test_pdf_page_numbers_sit_outside_7mm_below_the_type_area(pdf: Path) -> None:
    numbers = [w for w in pdf_words(pdf) if w["yMin"] > TYPE_AREA_BOTTOM]
    pages = sorted({w["page"] for w in numbers})
    assert len(pages) >= 2
    for page in pages:
        words = [w for w in numbers if w["page"] == page]
        if page % 2:  # odd: right, 1 character (14 pt) in
            assert max(w["xMax"] for w in words) == pytest.approx(RIGHT_EDGE - 14, abs=3)
        else:
            assert min(w["xMin"] for w in words) == pytest.approx(LEFT_EDGE + 14, abs=3)
        middle = sum((w["yMin"] + w["yMax"]) / 2 for w in words) / len(words)
        assert Mm(5).pt <= middle - TYPE_AREA_BOTTOM <= Mm(9).pt
