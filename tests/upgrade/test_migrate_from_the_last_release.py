"""An installation at the last release's schema upgrades with `migrate` and loses nothing.

The database is taken back to the migrations the last release ended with (before the
apps were split into layers), filled there with records, a photo, a report draft with a
placeholder, a target and audit entries written through the historical models, then
migrated forward. Everything is still there, where the new apps look for it, and the
security log's chain still verifies.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit.log import audit_entry, audit_verify, entry_digest
from audit.models import GENESIS, AuditChain, AuditEvent, Event
from tests.factories import jpeg_upload

# The leaf migrations of the last release, app by app; apps it did not have are absent.
LAST_RELEASE = [
    ("portal", "0007_password_policy"),
    ("audit", "0003_event_backup_restore"),
    ("records", "0002_role_permissions"),
    ("activities", "0001_initial"),
    ("media_outreach", "0002_initial"),
    ("reports", "0002_role_permissions"),
    ("figures", None),
    ("ideology", None),
    ("honours", None),
]


def _migrate(targets) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def _fill(apps) -> dict:
    """The last release's data, through its own models."""
    OrgUnit = apps.get_model("portal", "OrgUnit")
    User = apps.get_model("portal", "User")
    Target = apps.get_model("portal", "Target")
    WorkTheme = apps.get_model("records", "WorkTheme")
    StudySession = apps.get_model("activities", "StudySession")
    Photo = apps.get_model("records", "Photo")
    ReportDraft = apps.get_model("reports", "ReportDraft")
    ReportSection = apps.get_model("reports", "ReportSection")
    town = OrgUnit.objects.create(path="0009", depth=1, name="旧镇", kind="town")
    user = User.objects.create(username="old-secretary", name="老秘书", unit=town)
    theme = WorkTheme.objects.create(
        town=town, name="理论武装", lead_sentence="强化理论武装。", default_for=["study"]
    )
    study = StudySession.objects.create(
        kind="study",
        title="旧镇党委中心组学习",
        date=date(2025, 3, 5),
        unit=town,
        theme=theme,
        author=user,
        status="approved",
        study_type="central_group",
        participants=15,
    )
    Photo.objects.create(
        record_id=study.pk,
        image=default_storage.save("photos/2025/03/a.jpg", jpeg_upload()),
        thumbnail=default_storage.save("photos/2025/03/t.jpg", jpeg_upload()),
        uploaded_by=user,
    )
    draft = ReportDraft.objects.create(
        town=town,
        year=2025,
        title="旧镇2025年工作总结",
        opening="开头。",
        plan_opening="计划。",
        signature="旧镇",
        signed_on=date(2025, 12, 31),
    )
    ReportSection.objects.create(
        draft=draft, theme=theme, lead="强化理论武装。", text="实事项目{event.practical_projects}项。"
    )
    Target.objects.create(unit=town, year=2026, figure="event.practical_projects", value=Decimal("12"))
    Target.objects.create(unit=town, year=2026, figure="study.count", value=Decimal("24"))
    return {"town": town.pk, "study": study.pk, "draft": draft.pk}


def _old_audit_write(event: Event, **fields) -> None:
    """An entry as the last release wrote it: chained the same way, its head row without a MAC."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditchain (id, seq, hash) VALUES (1, 0, %s) ON CONFLICT DO NOTHING", [GENESIS]
        )
        cursor.execute("SELECT seq, hash FROM audit_auditchain WHERE id = 1")
        seq, previous = cursor.fetchone()
    entry = audit_entry(event, **fields)
    entry.seq, entry.at, entry.prev_hash = seq + 1, timezone.now(), previous
    entry.hash = entry_digest(entry)
    AuditEvent.objects.bulk_create([entry])
    AuditChain.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)


@pytest.mark.django_db(transaction=True)
def test_the_last_releases_database_upgrades_with_migrate():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(LAST_RELEASE)
    ids = _fill(old)
    _old_audit_write(Event.EXPORT, username="before the upgrade", detail={"n": 1})
    _old_audit_write(Event.SETTINGS_CHANGE, username="before the upgrade", object_type="portal.Target")

    _migrate(latest)
    call_command("migrate", verbosity=0)  # and the post-migrate content types and permissions

    from django.contrib.contenttypes.models import ContentType

    from activities.models import StudySession
    from figures.models import Target
    from reports.models import ReportSection

    study = StudySession.objects.get(pk=ids["study"])
    assert (study.title, study.photos.count(), study.theme.name) == ("旧镇党委中心组学习", 1, "理论武装")
    assert sorted(Target.objects.filter(unit_id=ids["town"]).values_list("figure", "value")) == [
        ("records.practical_projects", Decimal("12")),
        ("study.count", Decimal("24")),
    ]
    assert ReportSection.objects.get(draft_id=ids["draft"]).text == "实事项目{records.practical_projects}项。"
    assert not ContentType.objects.filter(app_label="portal", model="target").exists()
    assert Target._meta.db_table == "figures_target"
    assert audit_verify().intact
