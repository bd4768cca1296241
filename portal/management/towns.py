"""The one way a management command takes a town: by name, refusing an unknown or ambiguous one."""

from __future__ import annotations

from django.core.management.base import CommandError

from portal.models import OrgUnit, TownNotFound, town_named


def town_argument(name: str) -> OrgUnit:
    try:
        return town_named(name)
    except TownNotFound as exc:
        raise CommandError(str(exc)) from None
