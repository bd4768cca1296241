"""Reads of records reused across views, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from portal.models import User, in_subtree
from records.models import Photo, Record, WorkTheme


def records_for(user: User, model: type[Record] = Record) -> QuerySet[Record]:
    """Records (of `model`, a kind or the base) the user may read, with what lists show."""
    if not user.has_perm("records.read_record") or user.scope_unit is None:
        return model.objects.none()
    return (
        model.objects.filter(in_subtree(user.scope_unit))
        .select_related("unit", "theme", "author")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.only("pk", "record_id", "thumbnail")))
    )


def themes_for(user: User) -> QuerySet[WorkTheme]:
    """The work themes of the user's town."""
    town = user.town
    return WorkTheme.objects.filter(town=town) if town else WorkTheme.objects.none()
