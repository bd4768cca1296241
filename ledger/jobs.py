"""Background work on ledgers: exports too large for a request."""

from __future__ import annotations

import tempfile
import uuid

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ledger.importing import ledger_refused
from ledger.services import AlreadyImported, PlanSummary, ledger_export, ledger_import, ledger_read
from portal.files import stash_delete
from portal.jobs import register
from portal.models import Job, User
from records.forms import RecordFilterForm
from records.kinds import KINDS
from records.models import Record
from records.queries import records_for

ANY_YEAR = range(2000, 2100)
# Workbooks with more rows than this are previewed and imported by a worker, not in the
# request (10,000 rows take about 2 s to read and 5 s to import).
INLINE_ROWS = 5_000
# A worker's preview gives up after this long, with an error the reviewer reads.
PREVIEW_TIME_LIMIT = 600
REFUSED = _("台账中有错误，未导入任何记录。请改正后重新上传。")
# The storage folders of uploaded workbooks awaiting a confirm, and of large exports.
UPLOADS, EXPORTS = "ledger-uploads", "ledger-exports"


def records_filtered(user: User, query: QueryDict) -> QuerySet[Record]:
    """The records a list shows for `query` (its filter, kept in the URL), for `user`."""
    kind = KINDS.get(query.get("kind_list", ""))
    form = RecordFilterForm(query or None, by=user, kind=kind, kinds=KINDS.values(), years=ANY_YEAR)
    return form.filter(records_for(user, kind.model if kind else Record), kind)


def export_title(user: User, query: QueryDict | None = None) -> str:
    """What heads each sheet of a user's export: the town (or unit) it is of, and its year."""
    scope = user.scope_unit
    title = scope.name if scope else ""
    year = (query or {}).get("year", "")
    return f"{title}{year}年" if year.isdigit() else title


def export_name() -> str:
    return f"台账导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


@register("ledger_export", label=_("台账导出"))
def ledger_export_job(job: Job) -> dict:
    """Write a large export to a file the requester downloads from their exports page."""
    records = records_filtered(job.created_by, QueryDict(job.params.get("query", "")))
    # Written to a local temporary file first (openpyxl seeks), then handed to the storage,
    # which may be a local folder or S3-compatible.
    with tempfile.TemporaryFile(suffix=".xlsx") as stream:
        ledger_export(
            records, stream, title=export_title(job.created_by, QueryDict(job.params.get("query", "")))
        )
        stream.seek(0)
        name = default_storage.save(f"{EXPORTS}/{uuid.uuid4().hex}.xlsx", File(stream))
    return {"file": name, "name": export_name()}


def _plan(job: Job):
    params = job.params
    with default_storage.open(params["file"], "rb") as stored:
        return ledger_read(
            stored,
            town=job.created_by.town,
            create_units=params["create_units"],
            name=params["name"],
            time_limit=PREVIEW_TIME_LIMIT,
        )


@register("ledger_preview", label=_("台账预览"))
def ledger_preview_job(job: Job) -> dict:
    """Read a large uploaded workbook into the summary its preview shows."""
    return PlanSummary.of(_plan(job)).as_json()


@register("ledger_import", label=_("台账导入"))
def ledger_import_job(job: Job) -> dict:
    """Import a large previewed workbook; the upload is claimed as in the request (AlreadyImported)."""
    plan = _plan(job)
    try:
        if not plan.ok:
            ledger_refused(plan, by=job.created_by)
            return {"message": str(REFUSED), "ok": False}
        try:
            result = ledger_import(plan, by=job.created_by, upload=job.params["file"])
        except AlreadyImported as exc:
            return {"message": exc.messages[0], "ok": True}
        return {"message": result.message, "ok": True, "imported": result.total}
    finally:
        stash_delete(job.params["file"])
