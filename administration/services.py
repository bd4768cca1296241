"""Writes of the administrators' pages that reach beyond the foundation."""

from __future__ import annotations

from django.db import transaction

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
