"""Writes of the administrators' pages that reach beyond the foundation."""

from __future__ import annotations

from collections import Counter

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.log import audit_write
from audit.models import Event
from portal.files import stale_files
from portal.models import OrgUnit
from portal.services import unit_create
from records.services import themes_ensure_defaults


def town_create(*, name: str, parent: OrgUnit | None = None) -> OrgUnit:
    """A new town, at the top of the tree or under a district, with the default work themes,
    so its liaisons can log records at once."""
    with transaction.atomic():
        if parent is None:
            town = OrgUnit.objects.add_root(create_kwargs={"name": name, "kind": OrgUnit.Kind.TOWN})
        else:
            town = unit_create(parent=parent, name=name, kind=OrgUnit.Kind.TOWN)
        themes_ensure_defaults(town=town)
    return town


def files_purge() -> int:
    """Delete every stashed file past its stash's time (portal.files); log how many of each.

    Previews never confirmed, workbooks of failed imports and job files nobody fetched
    would otherwise stay on disk and in every backup (剩余信息保护). One entry in the
    security log says what went, by kind of file; a run that finds nothing writes none.
    """
    gone: Counter[str] = Counter()
    for stash, name in list(stale_files(timezone.now())):
        default_storage.delete(name)
        gone[stash.label] += 1
    if gone:
        audit_write(Event.FILES_PURGE, username="celery beat", detail={"deleted": dict(gone)})
    return sum(gone.values())
