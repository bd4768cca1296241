"""Documents in 公文 format: .docx laid out to the body rules of GB/T 9704-2012.

The annual report (`report_docx`), the binder and the monthly 通报 are each built from
these parts: the title, headings, body paragraphs, tables, the signature and date. It
sits with the foundation so that every app that issues a document can use it. Each
document is a pure function of its content: no models, no database, no settings, so the builder
service, a management command or a test can call it alike. The layout choices and
the python-docx pitfalls they avoid are in ../shared/reference/gongwen-format.md.

Text written into the document is lightly normalised (see ``_clean``): control
characters are dropped, line breaks and runs of spaces collapse, spaces between
Chinese characters go, and the ASCII marks , ; : ? ! ( ) next to Chinese text
become full-width. Anything else about punctuation is the caller's concern.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import BinaryIO
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.oxml.text.font import CT_RPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as DocxSection
from docx.shared import Emu, Length, Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat
from docx.text.run import Run
from lxml import etree

__all__ = ["Pictures", "PlanItem", "ReportContent", "Section", "report_docx"]


@dataclass(frozen=True)
class Section:
    """One run-in paragraph of the summary: a lead sentence, then the rest."""

    lead: str  # e.g. "坚持理论武装，筑牢思想根基。"
    text: str  # may be several sentences, or ""


@dataclass(frozen=True)
class PlanItem:
    """One item of next year's plan, written "一是{heading}。{text}"."""

    heading: str  # e.g. "持续深化理论武装": no ordinal, end punctuation optional
    text: str


@dataclass(frozen=True)
class ReportContent:
    title: str  # a "\n" in it forces a line break where the caller wants the title split
    opening: str
    summary_heading: str  # "一、2026年工作总结"
    sections: list[Section]
    plan_heading: str  # "二、2027年工作计划"
    plan_opening: str
    plan_items: list[PlanItem]
    signature: str  # "青溪镇人民政府" or "青溪镇"
    date: datetime.date


# --- the standard's numbers ---------------------------------------------------

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # practice, not the standard

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号

# 22 lines in the 225 mm type area allow up to 28.99 pt; an exact 28 pt is practice.
BODY_LINE = Pt(28)
# CJK fonts are about 1.45 em tall; an exact line under that clips the title's tops.
TITLE_LINE = Pt(36)
# 28 characters of 16 pt need 448 pt but the type area is 442 pt wide: 15.75 pt fits.
CHARACTER_SPACING = -5  # twentieths of a point, i.e. -0.25 pt

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM = Mm(37), Mm(35)
MARGIN_LEFT, MARGIN_RIGHT = Mm(28), Mm(26)
# The footer's bottom edge sits this far above the paper's edge. With its exact
# 14 pt line the line's top falls about 5 mm, and the dashes about 7 mm, below
# the type area ("一字线上距版心下边缘7mm").
FOOTER_DISTANCE = Mm(25.5)
HEADER_DISTANCE = Mm(15)

INDENT_CHARS = 2
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
TITLE_CHARS = 20  # 2号 characters on a line of the 156 mm type area (442 pt / 22 pt)
ONE_CHAR = Twips(320)  # a 16 pt character in twentieths of a point
PAGE_NUMBER_INDENT = Twips(280)  # one 14 pt character


def report_docx(content: ReportContent) -> bytes:
    """Lay the report out as a GB/T 9704 body and return the .docx file's bytes.

    Title, empty line, opening; "一、" heading and one run-in paragraph per theme
    (lead in 楷体, text in 仿宋); "二、" heading, the plan's opening and its items
    "一是…。…"; an empty line, the signature and the date. Page numbers "— N —" sit
    right on odd pages and left on even ones.
    """
    document = Document()
    _set_up_page(document.sections[0])
    _set_up_styles(document)
    _set_up_settings(document)
    _set_core_properties(document, content)

    _title(document, content.title)
    _blank_line(document)
    if content.opening.strip():
        _body(document, content.opening)

    _heading(document, str(content.summary_heading))
    for section in content.sections:
        paragraph = _body_paragraph(document)
        _run(paragraph, _full_stop(_clean(section.lead)), LEAD_FONT)
        text = _clean(section.text)
        if text:
            _run(paragraph, text, BODY_FONT)

    _heading(document, str(content.plan_heading))
    if content.plan_opening.strip():
        _body(document, content.plan_opening)
    last = None
    for number, item in enumerate(content.plan_items, start=1):
        last = _body_paragraph(document)
        # 楷体 rather than bold 仿宋: the summary's run-in leads are 楷体, so both
        # halves read alike, and 仿宋_GB2312 has no bold face (Word, WPS and
        # LibreOffice would smear a synthetic one).
        _run(last, f"{_ordinal(number)}是{_full_stop(_clean(item.heading))}", LEAD_FONT)
        text = _clean(item.text)
        if text:
            _run(last, text, BODY_FONT)
    if last is not None:
        # The last lines of text go with the signature: no page holds only a name and date.
        last.paragraph_format.keep_with_next = True

    _closing(document, signature=_clean(content.signature), date=content.date)
    _page_number_footers(document.sections[0])

    return _saved(document, content.date)


def _saved(document: DocxDocument, date: datetime.date, out: BinaryIO | None = None) -> bytes | None:
    """The package written to `out` (or returned, if there is none) in one pass."""
    if out is None:
        buffer = io.BytesIO()
        _package_write(document, buffer, date)
        return buffer.getvalue()
    _package_write(document, out, date)
    return None


def _package_write(document: DocxDocument, out: BinaryIO, date: datetime.date) -> None:
    """The package as Word, WPS and LibreOffice expect it, dated by the report, not the clock.

    python-docx's template carries a font table of Western fonts, an app.xml that says
    "Microsoft Macintosh Word, 1 page" and a blank thumbnail. The font table here names
    every 公文 font with the fallback a machine without it should use (w:altName), app.xml
    says what wrote the file and about how long it is, and the thumbnail goes. Every entry
    is dated by the report: the build keeps a checksum, and two builds of unchanged content
    must not differ. Pictures are stored as they are (a JPEG does not deflate), and each is
    read from storage only as it is written, so a binder of a thousand photos never holds
    them all in memory.
    """
    pages, characters = _estimate(document)
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
            package.rels._target_parts_by_rId.pop(rid, None)
    parts = list(package.iter_parts())
    replaced = {
        "/word/fontTable.xml": _font_table(),
        "/docProps/app.xml": _app_properties(pages=pages, characters=characters),
    }
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)  # zip dates start in 1980
    with zipfile.ZipFile(out, "w") as target:

        def write(name: str, data: bytes, *, stored: bool = False) -> None:
            entry = zipfile.ZipInfo(name.lstrip("/"), date_time=stamp)
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(entry, data)

        write(CONTENT_TYPES_URI, _ContentTypesItem.from_parts(parts).blob)
        write(PACKAGE_URI.rels_uri, package.rels.xml)
        for part in parts:
            part.before_marshal()
            write(
                part.partname, replaced.get(part.partname) or part.blob, stored=part.content_type in PICTURES
            )
            if len(part.rels):
                write(part.partname.rels_uri, part.rels.xml)


PICTURES = {CT.JPEG, CT.PNG}


class _StoredPicture(Part):
    """A JPEG in the package whose bytes stay where they are stored until it is written."""

    def __init__(self, partname: PackURI, package, opener: Callable[[], BinaryIO]):
        super().__init__(partname, CT.JPEG, package=package)
        self._opener = opener

    @property
    def blob(self) -> bytes:
        try:
            with self._opener() as stored:
                return stored.read()
        except OSError:  # gone since the document was laid out: a blank, not a failed file
            return _blank_jpeg()


@cache
def _blank_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(out, format="JPEG")
    return out.getvalue()


class Pictures:
    """JPEGs added to one document in time linear in their number.

    python-docx's ``add_picture`` hashes every earlier image to find a duplicate, then
    scans the whole document for the next shape id and the part's relationships for the
    next rId, and keeps every image's bytes in memory: for a binder of a thousand photos,
    a minute and hundreds of megabytes. Here parts, ids and rIds are counted, and each
    picture is read from storage when the package is written (`opener`).
    """

    def __init__(self, document: DocxDocument):
        self._part = document.part
        self._shape = max(
            (int(value) for value in self._part.element.xpath("//@id") if value.isdigit()), default=0
        )
        self._image = sum(
            1 for part in self._part.package.iter_parts() if part.partname.startswith("/word/media/")
        )
        self._rid = len(self._part.rels)

    def add(self, run: Run, opener: Callable[[], BinaryIO], *, size: tuple[int, int], width: Length) -> None:
        """Put the JPEG `opener` opens, `size` pixels, into `run` at `width`."""
        self._image += 1
        name = f"image{self._image}.jpeg"
        part = _StoredPicture(PackURI(f"/word/media/{name}"), self._part.package, opener)
        self._rid += 1
        while f"rId{self._rid}" in self._part.rels:
            self._rid += 1
        rid = f"rId{self._rid}"
        self._part.rels.add_relationship(RT.IMAGE, part, rid)
        self._shape += 1
        pixels_wide, pixels_high = size
        inline = CT_Inline.new_pic_inline(
            self._shape, rid, name, Emu(width), Emu(round(width * pixels_high / pixels_wide))
        )
        run._r.add_drawing(inline)


# Each 公文 font and the font a machine without it falls back to: Word and WPS read
# w:altName; the charset and family say it is a Chinese font.
FONTS = [
    ("仿宋_GB2312", "仿宋", "modern", "fixed", "86"),
    ("方正小标宋简体", "宋体", "script", "variable", "86"),
    ("楷体_GB2312", "楷体", "modern", "fixed", "86"),
    ("黑体", "SimHei", "modern", "fixed", "86"),
    ("宋体", "SimSun", "auto", "variable", "86"),
    ("Times New Roman", "", "roman", "variable", "00"),
]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font_table() -> bytes:
    fonts = []
    for name, alternative, family, pitch, charset in FONTS:
        alt = f'<w:altName w:val="{alternative}"/>' if alternative else ""
        fonts.append(
            f'<w:font w:name="{name}">{alt}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts xmlns:w="{W_NS}">{"".join(fonts)}</w:fonts>'
    )
    return xml.encode("utf-8")


def _app_properties(*, pages: int, characters: int) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template><TotalTime>0</TotalTime>"
        f"<Pages>{pages}</Pages><Words>{characters}</Words><Characters>{characters}</Characters>"
        "<Application>宣传思想文化工作平台</Application><DocSecurity>0</DocSecurity>"
        "<Lines>0</Lines><Paragraphs>0</Paragraphs><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>0</CharactersWithSpaces>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    )
    return xml.encode("utf-8")


def _estimate(document: DocxDocument) -> tuple[int, int]:
    """About how many pages and characters: 28 characters a line, 22 lines a page."""
    lines = characters = 0
    for paragraph in document.paragraphs:
        text = paragraph.text
        characters += len(text)
        width = _width(text) + (INDENT_CHARS if paragraph.paragraph_format.first_line_indent else 0)
        lines += max(1, math.ceil(width / CHARS_PER_LINE))
    return max(1, math.ceil(lines / LINES_PER_PAGE)), characters


# --- page, styles, settings ------------------------------------------------------


def _set_up_page(section: DocxSection) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.gutter = Mm(0)
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = FOOTER_DISTANCE


def _set_up_styles(document: DocxDocument) -> None:
    """Body font, size, language and spacing on the defaults and on Normal.

    python-docx's template points the defaults at theme fonts and says the East-Asian
    language is en-US, which makes Word set “” in the Latin font.
    """
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(default_rpr, BODY_FONT)
    _set_language(default_rpr)
    default_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    default_ppr.get_or_add_spacing().set(qn("w:after"), "0")

    normal = document.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, BODY_FONT)
    _set_size(rpr, BODY_SIZE, complex_script=True)
    _insert_in_order(rpr, "w:spacing", {"w:val": str(CHARACTER_SPACING)})
    _set_language(rpr)
    _exact_spacing(normal.paragraph_format, BODY_LINE)
    # No page starts or ends with a paragraph's single line: the page may then hold 21.
    normal.paragraph_format.widow_control = True


def _set_up_settings(document: DocxDocument) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    # The template says Word 2010 (14), which Word opens as [兼容模式]; 15 is Word 2013 and later.
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), "zh-CN")


def _set_core_properties(document: DocxDocument, content: ReportContent) -> None:
    properties = document.core_properties
    properties.title = _clean(content.title.replace("\n", ""))
    properties.author = properties.last_modified_by = _clean(content.signature)
    properties.comments = ""
    properties.language = "zh-CN"
    # Dated by the report, not the clock: the same content gives the same file.
    stamp = datetime.datetime.combine(content.date, datetime.time())
    properties.created = properties.modified = stamp
    properties.revision = 1


# --- paragraphs --------------------------------------------------------------------


def _title(document: DocxDocument, title: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_spacing(paragraph.paragraph_format, TITLE_LINE)
    lines = [_clean(line) for line in title.split("\n")] if "\n" in title else title_lines(_clean(title))
    for index, line in enumerate(line for line in lines if line):
        run = _run(paragraph, line, TITLE_FONT, size=TITLE_SIZE)
        run.bold = False
        if index:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:br"))


# Words a title is never broken inside; digits and a year ("2026年") never either.
TITLE_WORDS = (
    "宣传思想文化", "宣传思想", "思想文化", "精神文明", "工作总结", "工作计划", "工作要点", "工作情况",
    "工作台账", "关于", "年度", "通报", "意见", "方案", "报告",
)  # fmt: skip


def title_lines(title: str, *, width: float = TITLE_CHARS) -> list[str]:
    """A long title as GB/T 9704 wants it: lines no wider than the type area, broken
    between words, short over long (梯形) on two lines, or short, long, short (菱形) on
    three, as evenly as the words allow."""
    if _width(title) <= width:
        return [title]
    cuts = _title_cuts(title)
    best: tuple[float, list[str]] | None = None
    for cut in cuts:
        lines = [title[:cut], title[cut:]]
        widths = [_width(line) for line in lines]
        if max(widths) <= width and widths[0] <= widths[1]:
            score = widths[1] - widths[0]
            best = min(best, (score, lines)) if best else (score, lines)
    if best:
        return best[1]
    for first in cuts:
        for second in (cut for cut in cuts if cut > first):
            lines = [title[:first], title[first:second], title[second:]]
            widths = [_width(line) for line in lines]
            if max(widths) <= width and widths[1] >= widths[0] and widths[1] >= widths[2]:
                score = abs(widths[0] - widths[2]) + (widths[1] - min(widths[0], widths[2])) / 10
                best = min(best, (score, lines)) if best else (score, lines)
    return best[1] if best else [title]


def _title_cuts(title: str) -> list[int]:
    """Where a title may break: not inside a word of TITLE_WORDS, a number or its 年, nor
    before punctuation that may not start a line."""
    protected = set()
    for word in TITLE_WORDS:
        for match in re.finditer(re.escape(word), title):
            protected.update(range(match.start() + 1, match.end()))
    for match in re.finditer(r"\d+年?度?|[（(〔][^）)〕]*[）)〕]|^[^关于]{1,8}?(?:镇|街道|乡)", title):
        protected.update(range(match.start() + 1, match.end()))
    return [
        cut
        for cut in range(2, len(title) - 1)
        if cut not in protected and title[cut] not in "，。、；：）》”"
    ]


def _blank_line(document: DocxDocument) -> Paragraph:
    paragraph = document.add_paragraph()
    _exact_spacing(paragraph.paragraph_format, BODY_LINE)
    return paragraph


def _body_paragraph(document: DocxDocument) -> Paragraph:
    """A body paragraph: exact 28 pt, nothing before or after, first line in by 2 characters."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _exact_spacing(paragraph.paragraph_format, BODY_LINE)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    # Word and WPS read the character count; LibreOffice reads only the twips.
    ind.set(qn("w:firstLineChars"), str(INDENT_CHARS * 100))
    ind.set(qn("w:firstLine"), str(INDENT_CHARS * ONE_CHAR.twips))
    return paragraph


def _body(document: DocxDocument, text: str) -> Paragraph:
    paragraph = _body_paragraph(document)
    _run(paragraph, _clean(text), BODY_FONT)
    return paragraph


def _heading(document: DocxDocument, text: str) -> None:
    """A "一、" heading: 黑体 throughout (its year's digits too), outline level 1 so that
    Word's navigation pane and a table of contents find it."""
    paragraph = _body_paragraph(document)
    paragraph.paragraph_format.keep_with_next = True
    _insert_in_order(paragraph._p.get_or_add_pPr(), "w:outlineLvl", {"w:val": "0"})
    _run(paragraph, _clean(text), HEADING_FONT, latin=HEADING_FONT)


def _closing(document: DocxDocument, *, signature: str, date: datetime.date) -> None:
    """Signature and date without a seal (GB/T 9704 7.3.5.2), placed by right indents.

    The name stands 2 characters in from the right; the date's first character
    stands 2 characters right of the name's first, so the date's right indent is
    name indent + name width - 2 - date width. When the date is the longer, the
    standard puts the date 2 characters in and moves the name left to match.
    Widths count CJK characters as 1 and digits as 1/2 (Times New Roman digits
    are half an em); automatic CJK/Latin spacing is turned off on these two lines
    so that count holds.
    """
    date_text = f"{date.year}年{date.month}月{date.day}日"
    name_width, date_width = _width(signature), _width(date_text)
    name_indent = float(INDENT_CHARS)
    date_indent = name_indent + name_width - INDENT_CHARS - date_width
    if date_width > name_width:
        date_indent = float(INDENT_CHARS)
        name_indent = date_indent + date_width + INDENT_CHARS - name_width

    gap = _blank_line(document)
    gap.paragraph_format.keep_with_next = True
    name = _closing_line(document, signature, name_indent)
    name.paragraph_format.keep_with_next = True
    _closing_line(document, date_text, max(date_indent, 0.0))


def _closing_line(document: DocxDocument, text: str, indent_chars: float) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _exact_spacing(paragraph.paragraph_format, BODY_LINE)
    ppr = paragraph._p.get_or_add_pPr()
    _insert_in_order(ppr, "w:autoSpaceDE", {"w:val": "0"})
    _insert_in_order(ppr, "w:autoSpaceDN", {"w:val": "0"})
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:rightChars"), str(round(indent_chars * 100)))
    ind.set(qn("w:right"), str(round(indent_chars * ONE_CHAR.twips)))
    _run(paragraph, text, BODY_FONT)
    return paragraph


def _page_number_footers(section: DocxSection) -> None:
    """Page numbers "— N —" in 14 pt 宋体: odd pages right, even pages left, 1 character in.

    The indent is in twips only: a character count would be read against the
    footer style's 16 pt, not the number's 14 pt.
    """
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        fmt = paragraph.paragraph_format
        _exact_spacing(fmt, PAGE_NUMBER_SIZE)
        if odd:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = PAGE_NUMBER_INDENT
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.left_indent = PAGE_NUMBER_INDENT
        _page_number_run(paragraph, "— ")
        _page_number_run(paragraph, field="begin")
        _page_number_run(paragraph, instruction=" PAGE ")
        _page_number_run(paragraph, field="separate")
        _page_number_run(paragraph, "1")  # the cached result, shown until the field updates
        _page_number_run(paragraph, field="end")
        _page_number_run(paragraph, " —")


def _page_number_run(paragraph: Paragraph, text: str = "", *, field: str = "", instruction: str = "") -> None:
    run = _run(paragraph, text, PAGE_NUMBER_FONT, size=PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)
    # U+2014 is shared by both scripts; the hint keeps it in 宋体 as a full em dash.
    run._r.get_or_add_rPr().rFonts.set(qn("w:hint"), "eastAsia")
    _field_part(run, field=field, instruction=instruction)


def _field_part(run: Run, *, field: str = "", instruction: str = "") -> None:
    """Make `run` a part of a field: its begin, separate or end mark, or its instruction."""
    if field:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), field)
        run._r.append(element)
    if instruction:
        element = OxmlElement("w:instrText")
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        element.text = instruction
        run._r.append(element)


# --- runs and properties ---------------------------------------------------------


def _run(
    paragraph: Paragraph, text: str, east_asian: str, *, size: Length = BODY_SIZE, latin: str = LATIN_FONT
) -> Run:
    """A run with its fonts spelt out, so no theme or fallback font can creep in."""
    run = paragraph.add_run(text) if text else paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, east_asian, latin=latin)
    _set_size(rpr, size)
    return run


def _set_fonts(rpr: CT_RPr, east_asian: str, *, latin: str = LATIN_FONT) -> None:
    fonts = rpr.get_or_add_rFonts()
    # A *Theme attribute outranks the named font, so a left-over one wins in Word.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _set_size(rpr: CT_RPr, size: Length, *, complex_script: bool = False) -> None:
    rpr.get_or_add_sz().val = size
    if complex_script:
        _insert_in_order(rpr, "w:szCs", {"w:val": str(round(size.pt * 2))})


def _set_language(rpr: CT_RPr) -> None:
    _insert_in_order(rpr, "w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})


def _exact_spacing(fmt: ParagraphFormat, line: Length) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = fmt.space_after = Pt(0)


# The schema fixes the order of children in w:rPr and w:pPr; Word reports a
# damaged file when it is broken. python-docx knows the order but has no
# accessor for these few elements.
# fmt: off
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
# fmt: on
SCHEMA_ORDER = {qn("w:rPr"): _RPR_ORDER, qn("w:pPr"): _PPR_ORDER}


def _insert_in_order(parent: BaseOxmlElement, tag: str, attributes: dict[str, str]) -> None:
    """Set ``tag`` on ``parent`` (replacing any), at its place in the schema's sequence."""
    existing = parent.find(qn(tag))
    if existing is not None:
        parent.remove(existing)
    element = OxmlElement(tag, attrs={qn(name): value for name, value in attributes.items()})
    order = SCHEMA_ORDER[parent.tag]
    parent.insert_element_before(element, *order[order.index(tag) + 1 :])


# --- text --------------------------------------------------------------------------

# Han, CJK symbols and punctuation, kana, full-width forms, and the quotes, dash and
# ellipsis Chinese text shares with Latin.
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff00-\uffef\u2014\u2018-\u201d\u2026"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARK_BESIDE_CJK = re.compile(f"(?<=[{_CJK}])[ \t]*([,;:?!])[ \t]*|[ \t]*([,;:?!])[ \t]*(?=[{_CJK}])")
_PAIR = re.compile(r"\(([^()]*)\)")
_LONE_PAREN = re.compile(f"(?<=[{_CJK}])[()]|[()](?=[{_CJK}])")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What _clean changes: control characters, whitespace, the ASCII marks it makes full-width.
_MAY_CHANGE = re.compile("[\\s,;:?!()\x00-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text fit for one line of the document, ASCII marks beside Chinese made full-width.

    "学习,宣传" becomes "学习，宣传" and "开展活动(含线上)" "开展活动（含线上）", while
    "1,200" and "8:30" stay: only marks touching a Chinese character change.
    """
    text = str(text)
    if not _MAY_CHANGE.search(text):  # most text: nothing below would touch it
        return text
    text = _NOT_XML.sub("", text)
    # Runs of white space become one space; an ideographic space, as after "第一条", stays.
    text = re.sub(r"[^\S\u3000]+", " ", text).strip()
    text = _MARK_BESIDE_CJK.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], text)

    def pair(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1 : match.start()]
        after = match.string[match.end() : match.end() + 1]
        if _CJK_CHAR.search(before + match.group(1) + after):
            return f"（{match.group(1)}）"
        return match.group(0)

    previous = None
    while previous != text:  # inner pairs first, so nested brackets convert too
        previous, text = text, _PAIR.sub(pair, text)
    text = _LONE_PAREN.sub(lambda m: _FULL_WIDTH[m.group(0)], text)
    return _SPACE_BETWEEN_CJK.sub("", text)


def _full_stop(sentence: str) -> str:
    """A run-in heading ends with 。; add it when the caller left it off."""
    if not sentence or sentence[-1] in "。！？":
        return sentence
    if sentence[-1] == ".":
        sentence = sentence[:-1]
    return sentence + "。"


_DIGITS = "零一二三四五六七八九"


def _ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 23 → 二十三 (1 to 99)."""
    if not 1 <= number <= 99:
        raise ValueError(f"a plan holds 1 to 99 items, not {number}")
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[units] if units else "")


def _width(text: str) -> float:
    """Width in characters: wide and ambiguous (Chinese) ones count 1, the rest 1/2."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text)


# --- The same page, styles and footers for other official-format documents -------
# (the ledger binder, reports/binder.py). A thin public face over the helpers above.


def document_start() -> DocxDocument:
    """A new document with the GB/T 9704 page, styles and odd/even settings."""
    document = Document()
    _set_up_page(document.sections[0])
    _set_up_styles(document)
    _set_up_settings(document)
    return document


def add_title(document: DocxDocument, text: str) -> None:
    _title(document, text)


def add_heading(document: DocxDocument, text: str) -> None:
    _heading(document, text)


def add_blank_line(document: DocxDocument) -> Paragraph:
    return _blank_line(document)


def add_run_in(document: DocxDocument, lead: str, text: str = "") -> Paragraph:
    """A body paragraph: a run-in lead in 楷体, then text in 仿宋."""
    paragraph = _body_paragraph(document)
    _run(paragraph, _clean(lead), LEAD_FONT)
    if text.strip():
        _run(paragraph, _clean(text), BODY_FONT)
    return paragraph


def add_centred(document: DocxDocument, text: str) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_spacing(paragraph.paragraph_format, BODY_LINE)
    _run(paragraph, _clean(text), BODY_FONT)
    return paragraph


def add_page_break(document: DocxDocument) -> None:
    document.add_page_break()


def add_body(document: DocxDocument, text: str) -> Paragraph:
    """A body paragraph of 仿宋 text, its first line in by 2 characters."""
    return _body(document, text)


def add_addressee(document: DocxDocument, text: str) -> Paragraph:
    """The 主送机关 line under the title: flush left, ending with a full-width colon."""
    paragraph = document.add_paragraph()
    _exact_spacing(paragraph.paragraph_format, BODY_LINE)
    _run(paragraph, _clean(text.rstrip("：:") + "："), BODY_FONT)
    return paragraph


def add_closing(document: DocxDocument, *, signature: str, date: datetime.date) -> None:
    """The signature and the date, placed as GB/T 9704 places them without a seal."""
    _closing(document, signature=signature, date=date)


def add_table(
    document: DocxDocument,
    headers: list[str],
    rows: list[list[str]],
    widths_mm: list[float],
    *,
    size: Length | None = None,
) -> None:
    """A bordered table of figures, in 小4号 unless `size` says otherwise: headers in 黑体
    on a row that repeats on every page, cells in 仿宋, numbers centred, no row split
    across a page; `widths_mm` add up to the type area's 156 at most.

    Each kind of cell is made once through python-docx and then repeated as XML text,
    parsed once for the whole table: a 通报's annex of 8,000 pieces took 14 s cell by
    cell and takes well under one this way (bench/scoring.py).
    """
    size = size or CAPTION_SIZE
    table = document.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    cells = {
        kind: _cell_pattern(table, font=font, size=size, centred=centred)
        for kind, font, centred in (
            ("head", HEADING_FONT, True),
            ("text", BODY_FONT, False),
            ("number", BODY_FONT, True),
        )
    }
    twips = [str(Mm(width).twips) for width in widths_mm]
    # Each kind of cell at each column's width, made once: (before its text, after it).
    shaped = {
        kind: [(before.replace(_WIDTH_MARK, width), after) for width in twips]
        for kind, (before, after) in cells.items()
    }
    xml = []
    for number, values in enumerate([headers, *rows]):
        head = number == 0
        if len(values) != len(twips):
            raise ValueError(f"row {number} has {len(values)} cells for {len(twips)} columns")
        xml.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + "</w:trPr>")
        for column, value in enumerate(values):
            text = str(value)
            if head:
                kind, text = "head", _clean(text)
            elif _NUMERIC.fullmatch(text.strip()):
                kind, text = "number", text.strip()  # a number needs no cleaning
            else:
                kind, text = "text", _clean(text)
            before, after = shaped[kind][column]
            xml.append(before + xml_escape(text) + after)
        xml.append("</w:tr>")
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml)}</w:tbl>")
    for row in list(parsed):
        table._tbl.append(row)


_TEXT_MARK = "\ue000"
_WIDTH_MARK = "987654"  # twips no table has


def _cell_pattern(table, *, font: str, size: Length, centred: bool) -> tuple[str, str]:
    """A cell as XML text around its text, made by python-docx once: (before, after)."""
    row = table.add_row()
    cell = row.cells[0]
    cell.width = Twips(int(_WIDTH_MARK))
    paragraph = _cell_text(cell.paragraphs[0], _TEXT_MARK, font=font, size=size)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    xml = etree.tostring(cell._tc, encoding="unicode")
    table._tbl.remove(row._tr)
    xml = re.sub(r' xmlns:\w+="[^"]*"', "", xml)
    before, after = xml.split(_TEXT_MARK)
    return before, after


# What a table centres: numbers, percentages, dates as 03-05, 是/否, a quota's 完成 or 差2篇.
_NUMERIC = re.compile(r"[-+]?[\d.,]+%?|—|是|否|完成|差\d+篇|\d+月|\d\d-\d\d")


TABLE_SIZE = Pt(14)  # 4号: a binder's facts tables and captions
TABLE_LINE = Pt(22)
CAPTION_SIZE = Pt(12)  # 小4号
CAPTION_LINE = Pt(18)


def add_bookmarked_heading(document: DocxDocument, text: str, *, name: str, level: int = 0) -> None:
    """A heading (outline `level`, 0 for "一、") that a contents line's page number points at:
    黑体 for the first level, 楷体 for the second ("（一）"), bold 仿宋 below, as GB/T 9704 has them."""
    if level == 0:
        _heading(document, text)
        paragraph = document.paragraphs[-1]
    else:
        paragraph = _body_paragraph(document)
        paragraph.paragraph_format.keep_with_next = True
        _insert_in_order(paragraph._p.get_or_add_pPr(), "w:outlineLvl", {"w:val": str(level)})
        run = _run(paragraph, _clean(text), LEAD_FONT if level == 1 else BODY_FONT)
        run.bold = level > 1 or None
    _bookmark(paragraph, name)


def _bookmark(paragraph: Paragraph, name: str) -> None:
    ids = paragraph.part.element.xpath("//w:bookmarkStart/@w:id")
    number = str(max(map(int, ids), default=0) + 1)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), number)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def add_contents_line(document: DocxDocument, text: str, *, bookmark: str, page: int, level: int = 0) -> None:
    """A line of a table of contents: its text, dot leaders, and the page of `bookmark`.

    The page is a PAGEREF field: LibreOffice (and so every PDF made from the binder)
    computes it when it lays the document out; Word shows `page`, the estimate given,
    until its fields are updated (F9 or printing with "update fields").
    """
    paragraph = document.add_paragraph()
    _exact_spacing(paragraph.paragraph_format, BODY_LINE)
    fmt = paragraph.paragraph_format
    fmt.left_indent = ONE_CHAR * (2 * level)
    fmt.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _run(paragraph, _clean(text) + "\t", HEADING_FONT if level == 0 else BODY_FONT)
    for kind, instruction, cached in (
        ("begin", "", ""),
        ("", f" PAGEREF {bookmark} \\h ", ""),
        ("separate", "", ""),
        ("", "", str(page)),
        ("end", "", ""),
    ):
        _field_part(_run(paragraph, cached, BODY_FONT), field=kind, instruction=instruction)


def add_facts_table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    """An activity's facts as a bordered two-column table: 日期, 地点, 单位… and their values."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # The grid's widths are what LibreOffice and WPS lay out by; the cells' are Word's.
    table.columns[0].width, table.columns[1].width = Mm(30), Mm(126)
    for number, (label, value) in enumerate(rows, start=1):
        row = table.add_row()
        cells = row.cells
        cells[0].width, cells[1].width = Mm(30), Mm(126)
        # A row whole on a page, and the table with its title where it fits: Word and
        # LibreOffice keep a table's rows together when each but the last keeps with the next.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, text, font in ((cells[0], label, HEADING_FONT), (cells[1], value, BODY_FONT)):
            paragraph = _cell_text(cell.paragraphs[0], text, font=font)
            paragraph.paragraph_format.keep_with_next = number < len(rows)


def _cell_text(paragraph: Paragraph, text: str, *, font: str, size: Length = TABLE_SIZE) -> Paragraph:
    _exact_spacing(paragraph.paragraph_format, TABLE_LINE if size == TABLE_SIZE else CAPTION_LINE)
    _run(paragraph, _clean(text), font, size=size)
    return paragraph


def add_caption(cell, text: str) -> None:
    """A photo's caption under it, in its table cell: 楷体 小4号, centred."""
    paragraph = _cell_text(cell.add_paragraph(), text, font=LEAD_FONT, size=CAPTION_SIZE)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def document_finish(
    document: DocxDocument, *, date: datetime.date, out: BinaryIO | None = None
) -> bytes | None:
    """Footers with page numbers, then the file (dated by `date`, for stable checksums):
    written to `out`, or returned as bytes when there is no `out`."""
    _page_number_footers(document.sections[-1])
    return _saved(document, date, out)
