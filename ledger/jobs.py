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

from ledger.services import ledger_export
from portal.jobs import register
from portal.models import Job, User
from records.forms import RecordFilterForm
from records.kinds import KINDS
from records.models import Record
from records.queries import records_for

ANY_YEAR = range(2000, 2100)
# The storage folders of uploaded workbooks awaiting a confirm, and of large exports.
UPLOADS, EXPORTS = "ledger-uploads", "ledger-exports"


def records_filtered(user: User, query: QueryDict) -> QuerySet[Record]:
    """The records a list shows for `query` (its filter, kept in the URL), for `user`."""
    kind = KINDS.get(query.get("kind_list", ""))
    form = RecordFilterForm(query or None, by=user, kind=kind, kinds=KINDS.values(), years=ANY_YEAR)
    return form.filter(records_for(user, kind.model if kind else Record), kind)


def export_name() -> str:
    return f"台账导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


@register("ledger_export", label=_("台账导出"))
def ledger_export_job(job: Job) -> dict:
    """Write a large export to a file the requester downloads from their exports page."""
    records = records_filtered(job.created_by, QueryDict(job.params.get("query", "")))
    # Written to a local temporary file first (openpyxl seeks), then handed to the storage,
    # which may be a local folder or S3-compatible.
    with tempfile.TemporaryFile(suffix=".xlsx") as stream:
        ledger_export(records, stream)
        stream.seek(0)
        name = default_storage.save(f"{EXPORTS}/{uuid.uuid4().hex}.xlsx", File(stream))
    return {"file": name, "name": export_name()}
