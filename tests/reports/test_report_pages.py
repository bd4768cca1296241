"""The secretary compiles, edits, builds and downloads the report."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from portal.models import Job
from portal.roles import Role
from reports.models import ReportBuild, ReportDraft
from tests.factories import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client_as, demo):
    make_record(
        "study",
        study_type="central_group",
        participants=10,
        expected_attendance=10,
        on=date(2026, 3, 3),
        unit="青溪镇",
    )
    client_as(Role.SECRETARY).post(reverse("reports:home"), {"year": 2026})
    return ReportDraft.objects.get(year=2026)


def form_data(draft: ReportDraft, **changes) -> dict:
    data = {
        "draft-title": draft.title,
        "draft-opening": draft.opening,
        "draft-plan_opening": draft.plan_opening,
        "draft-rounding": draft.rounding,
        "draft-signature": draft.signature,
        "draft-signed_on": draft.signed_on.isoformat() if draft.signed_on else "",
    }
    sections = list(draft.sections.all())
    data |= {"sections-TOTAL_FORMS": len(sections), "sections-INITIAL_FORMS": len(sections)}
    for i, section in enumerate(sections):
        data |= {
            f"sections-{i}-id": section.pk,
            f"sections-{i}-order": section.order,
            f"sections-{i}-lead": section.lead,
            f"sections-{i}-text": section.text,
            f"sections-{i}-include": "on",
        }
    items = list(draft.plan_items.all())
    data |= {"plan-TOTAL_FORMS": len(items), "plan-INITIAL_FORMS": len(items)}
    for i, item in enumerate(items):
        data |= {
            f"plan-{i}-id": item.pk,
            f"plan-{i}-order": item.order,
            f"plan-{i}-heading": item.heading,
            f"plan-{i}-text": item.text,
        }
    return data | changes


def test_the_secretary_edits_a_section_with_a_placeholder(client_as, draft):
    data = form_data(draft, **{"sections-0-text": "全年学习{study.count}次，效果明显。"})
    response = client_as(Role.SECRETARY).post(reverse("reports:draft", args=[draft.pk]), data)
    assert response.status_code == 302
    assert draft.sections.first().text == "全年学习{study.count}次，效果明显。"


def test_an_unknown_placeholder_is_refused_and_nothing_typed_is_lost(client_as, draft):
    data = form_data(draft, **{"sections-0-text": "全年学习{study.sessions}次，效果明显。"})
    response = client_as(Role.SECRETARY).post(reverse("reports:draft", args=[draft.pk]), data)
    content = response.content.decode()
    assert "不认识的数字占位符：{study.sessions}" in content
    assert "全年学习{study.sessions}次，效果明显。" in content
    assert "study.sessions" not in draft.sections.first().text


def test_a_posted_extra_section_is_ignored_not_a_server_error(client_as, draft):
    count = draft.sections.count()
    data = form_data(draft, **{"sections-TOTAL_FORMS": count + 1})
    data |= {
        f"sections-{count}-order": "9",
        f"sections-{count}-lead": "多出的一段",
        f"sections-{count}-text": "x",
    }
    response = client_as(Role.SECRETARY).post(reverse("reports:draft", args=[draft.pk]), data)
    assert response.status_code == 302
    assert draft.sections.count() == count


def test_a_huge_form_count_is_refused_without_building_the_forms(client_as, draft):
    data = form_data(draft, **{"sections-TOTAL_FORMS": 100_000, "plan-TOTAL_FORMS": 100_000})
    response = client_as(Role.SECRETARY).post(reverse("reports:draft", args=[draft.pk]), data)
    sections, plan = response.context["sections"], response.context["plan"]
    assert (len(sections.forms), len(plan.forms)) == (50, 50)
    assert sections.non_form_errors() and plan.non_form_errors()


def test_building_keeps_the_file_its_checksum_and_figures_and_downloads_it(
    client_as, draft, django_capture_on_commit_callbacks
):
    client = client_as(Role.SECRETARY)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:build", args=[draft.pk]))
    build = ReportBuild.objects.get()
    assert Job.objects.get().state == Job.State.DONE
    assert build.figures["study.count"] == "1"
    response = client.get(reverse("reports:download", args=[build.pk]))
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == build.checksum
    assert data[:2] == b"PK"
    events = AuditEvent.objects.filter(object_type="reports.ReportBuild", object_id=str(build.pk))
    assert set(events.values_list("event", flat=True)) == {Event.DATA_CREATE, Event.DOWNLOAD}


def test_the_build_command_writes_the_report(tmp_path, draft):
    from django.core.management import call_command

    output = tmp_path / "report.docx"
    call_command("build_report", "--org", "青溪镇", "--year", "2026", "--output", str(output))
    assert output.read_bytes()[:2] == b"PK"


def test_the_build_command_keeps_its_build_as_the_page_does(tmp_path, town):
    """Without a saved draft the command compiles one; either way the build is kept, with its checksum."""
    import hashlib

    from django.core.management import call_command

    output = tmp_path / "report.docx"
    call_command("build_report", "--org", "青溪镇", "--year", "2025", "--output", str(output))
    build = ReportDraft.objects.get(town=town, year=2025).builds.get()
    assert build.checksum == hashlib.sha256(output.read_bytes()).hexdigest()


def test_another_towns_draft_is_not_found(client_as, draft):
    from portal.models import OrgUnit

    other = OrgUnit.objects.add_root(create_kwargs={"name": "东坡镇", "kind": OrgUnit.Kind.TOWN})
    ReportDraft.objects.filter(pk=draft.pk).update(town=other)
    assert client_as(Role.SECRETARY).get(reverse("reports:draft", args=[draft.pk])).status_code == 404


def test_the_chips_are_kept_for_the_same_placeholders_and_asked_anew_for_new_ones(client_as, draft):
    """The editor keeps its chips' values a few minutes; a placeholder newly typed is counted now."""
    from reports.editor import chip_labels

    first = chip_labels(draft, ["全年学习{study.count}次。"])
    make_record("study", on=date(2026, 3, 4), unit="青溪镇")
    assert chip_labels(draft, ["全年学习{study.count}次。"]) == first  # kept
    fresh = chip_labels(draft, ["全年学习{study.count}次，宣讲{event.count}场。"])
    assert fresh["study.count"] == first["study.count"].replace("1次", "2次")
    assert "event.count" in fresh
