"""Background work on records: large ledger exports."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from portal.jobs import register
from portal.models import Job, User
from records.forms import RecordFilterForm
from records.kinds import KINDS
from records.ledger import ledger_export
from records.models import Record
from records.queries import records_for

ANY_YEAR = range(2000, 2100)


def records_filtered(user: User, query: QueryDict) -> QuerySet[Record]:
    """The records a list shows for `query` (its filter, kept in the URL), for `user`."""
    kind = KINDS.get(query.get("kind_list", ""))
    form = RecordFilterForm(query or None, by=user, kind=kind, kinds=KINDS.values(), years=ANY_YEAR)
    return form.filter(records_for(user, kind.model if kind else Record), kind)


def export_name() -> str:
    return f"台账导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


@register("ledger_export")
def ledger_export_job(job: Job) -> dict:
    """Write a large export to a file the requester downloads from their exports page."""
    records = records_filtered(job.created_by, QueryDict(job.params.get("query", "")))
    name = f"ledger-exports/{uuid.uuid4().hex}.xlsx"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        ledger_export(records, stream)
    return {"file": name, "name": export_name()}
