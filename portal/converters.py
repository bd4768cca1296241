"""URL converters. Ids are at most 18 digits: a longer one could not be a row, and
letting it through would overflow the database's integer before the 404."""

from __future__ import annotations

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


def parse_ids(values) -> list[int]:
    """The well-formed ids among submitted values (ASCII digits, at most 18); the rest ignored."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) <= 18]
