"""portal.bulk.rows_insert: rows as tuples, the rest of the table's columns from their
defaults; COPY on PostgreSQL, executemany on SQLite (the suite runs on both)."""

from __future__ import annotations

import pytest
from django.db import models

from media_outreach.models import Credit
from portal.bulk import field_defaults, rows_insert
from portal.models import OrgUnit
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def test_rows_go_in_as_given_with_an_id_each(demo, town):
    placement = make_record("media", authors="")
    unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).first()
    rows = [
        (placement.pk, 1, 2, demo["reporter"].pk, "张三", unit.pk),
        (placement.pk, 2, 2, None, "李四", town.pk),
    ]
    rows_insert(Credit, ["placement", "position", "of", "person_id", "name", "unit"], rows)
    written = list(Credit.objects.filter(placement=placement).order_by("position"))
    assert [(c.name, c.person_id, c.unit_id, c.of) for c in written] == [
        ("张三", demo["reporter"].pk, unit.pk, 2),
        ("李四", None, town.pk, 2),
    ]
    assert written[0].pk and written[1].pk > written[0].pk


def test_a_default_made_per_row_is_refused_rather_than_shared():
    stamped = models.UUIDField(default=lambda: "a fresh one each time")
    stamped.set_attributes_from_name("stamp")
    stamped.model = Credit
    with pytest.raises(TypeError, match="per-row default"):
        field_defaults([stamped])
    assert field_defaults([Credit._meta.get_field("name")]) == {"name": ""}
