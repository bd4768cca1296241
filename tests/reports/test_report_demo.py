"""The report of the demo town's last full year, measured against what the sample sets.

The sample (../shared/reference/sample-annual-report.md) has about 4,000 字 on 8 pages:
six theme paragraphs, each with sub-leads, then a plan of items with measures and
targets. The demo's report must come close on its own, and every name it quotes must be
one the records, brands, campaign, outlets or accepted 素材 hold.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.records import demo_records_create
from media_outreach.models import MediaOutlet
from portal.gongwen import report_docx
from portal.models import OrgUnit, User
from records.kinds import KINDS
from records.models import Brand, Campaign, Record
from reports import phrases
from reports.models import Material
from reports.services import draft_compile, report_content
from reports.writer import year_context
from tests.fuzz.fuzzing import rolled_back

YEAR = timezone.localdate().year - 1
HAN = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“([^”]+)”|《([^》]+)》")


@pytest.fixture(scope="module")
def demo_draft(django_db_setup, django_db_blocker):
    """The demo town with its records (no photos), and its draft of last year, for the module."""
    with django_db_blocker.unblock(), rolled_back():
        town = OrgUnit.objects.get(name="青溪镇")
        users = {user.username: user for user in User.objects.filter(unit__isnull=False)}
        demo_records_create(
            town=town,
            author_by_unit={"*": users["secretary"]},
            reviewer=users["reviewer"],
            years=[YEAR],
            photos=False,
        )
        call_command("seed_demo", "--no-photos", stdout=io.StringIO())  # the 素材 of the year
        draft = draft_compile(town=town, year=YEAR, by=users["secretary"])
        content, _values = report_content(draft)
        yield draft, content


def _text(content) -> str:
    parts = [content.title, content.opening, content.summary_heading]
    parts += [section.lead + section.text for section in content.sections]
    parts += [content.plan_heading, content.plan_opening]
    parts += [f"{item.heading}。{item.text}" for item in content.plan_items]
    return "\n".join(parts)


def known_texts(draft) -> list[str]:
    """Everything a quoted name may come from: the year's records and what they name."""
    texts: list[str] = []
    for kind in KINDS.values():
        text_fields = [
            field.name
            for field in kind.model._meta.local_concrete_fields
            if field.get_internal_type() in ("CharField", "TextField")
        ]
        rows = kind.model.objects.filter(
            unit__path__startswith=draft.town.path, status=Record.Status.APPROVED, date__year=draft.year
        ).values_list("title", "summary", *text_fields)
        texts += [str(value) for row in rows for value in row if value]
    texts += [f"{brand.name}{brand.description}" for brand in Brand.objects.filter(town=draft.town)]
    campaigns = Campaign.objects.filter(town=draft.town, year__in=[draft.year, draft.year + 1])
    for campaign in campaigns.prefetch_related("tasks"):
        texts += [
            campaign.name,
            campaign.lead,
            campaign.framing,
            *(task.name for task in campaign.tasks.all()),
        ]
    texts += list(MediaOutlet.objects.filter(town=draft.town).values_list("name", flat=True))
    texts += list(
        Material.objects.filter(call__town=draft.town, status=Material.Status.ACCEPTED).values_list(
            "text", flat=True
        )
    )
    texts += [year_context(draft.year), year_context(draft.year + 1)]
    return texts + own_words()


def own_words() -> list[str]:
    """The report's own rhetoric (phrases and each kind's Writing): the terms it quotes
    there (“一岗双责”) are the genre's, not names of anything."""
    words: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, (tuple, list)):
            for inner in value:
                walk(inner)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))

    walk([value for name, value in vars(phrases).items() if name.isupper()])
    walk([kind.report for kind in KINDS.values()])
    return words


def quoted_names_unknown(draft) -> list[str]:
    """The names the built text quotes (“…”, 《…》) that no record, brand, campaign, outlet
    or accepted 素材 of the year holds."""
    content, _values = report_content(draft)
    known = "\n".join(known_texts(draft))
    unknown = []
    for match in QUOTED.finditer(_text(content)):
        name = (match.group(1) or match.group(2)).replace("‘", "“").replace("’", "”")
        if name not in known and name.replace("〈", "《").replace("〉", "》") not in known:
            unknown.append(name)
    return unknown


@pytest.mark.django_db
def test_it_is_as_long_as_the_reports_offices_send_up(demo_draft):
    _draft, content = demo_draft
    assert len(HAN.findall(_text(content))) >= 3500


@pytest.mark.django_db
def test_every_theme_paragraph_has_sub_leads_and_ideology_and_honours_are_written(demo_draft):
    draft, content = demo_draft
    sections = list(draft.sections.filter(include=True))
    assert len(sections) >= 6
    for section in sections:
        leads = [s for s in section.sources if s["text"].endswith("。") and not s["records"]]
        assert len(leads) >= 3, section.lead  # the framing and two sub-leads at least
    assert any(section.lead.startswith("压实工作责任") for section in content.sections)
    assert re.search(r"(荣获|获评)[^，。；“]{0,8}“[^”]+”", _text(content))


@pytest.mark.django_db
def test_the_plan_has_four_items_with_measures_and_numeric_targets(demo_draft):
    _draft, content = demo_draft
    items = content.plan_items
    assert len(items) >= 4
    assert all(len(HAN.findall(item.heading + item.text)) >= 150 for item in items)
    assert sum(bool(re.search(r"不少于\d+", item.text)) for item in items) >= 4


@pytest.mark.django_db
def test_nothing_in_it_is_invented(demo_draft):
    draft, _content = demo_draft
    assert quoted_names_unknown(draft) == []


@pytest.mark.django_db
def test_it_fills_six_to_ten_a4_pages(demo_draft, tmp_path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("needs LibreOffice (apt-get install libreoffice-writer-nogui)")
    _draft, content = demo_draft
    source = tmp_path / "report.docx"
    source.write_bytes(report_docx(content))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    info = subprocess.run(["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 6 <= pages <= 10
