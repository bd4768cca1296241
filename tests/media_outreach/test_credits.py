"""A placement's byline becomes its credits wherever the placement is written: the form
(created and edited), the ledger import (its 作者 column)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ledger.services import ledger_import
from media_outreach.models import MediaPlacement
from portal.roles import Role
from records.models import WorkTheme
from tests.factories import outlet
from tests.ledger.test_ledger import GOOD, read

pytestmark = pytest.mark.django_db


def test_the_form_writes_the_credits_and_an_edit_rewrites_them(client_as, town, demo):
    data = {
        "outlet": outlet(town).pk,
        "title": "稻田里的理论课",
        "date": "2025-03-05",
        "unit": town.pk,
        "theme": WorkTheme.objects.get(name="新闻舆论").pk,
        "piece_type": "news",
        "authors": f"记者 王强 通讯员 {demo['reporter'].name}、张甲（柳塘村）",
    }
    client = client_as(Role.REVIEWER)
    assert client.post(reverse("records:create", args=["media"]), data).status_code == 302
    placement = MediaPlacement.objects.get()
    credits = list(placement.credits.order_by("position").values_list("name", "person", "unit__name", "of"))
    assert credits == [
        (demo["reporter"].name, demo["reporter"].pk, "石桥村", 2),
        ("张甲", None, "柳塘村", 2),
    ]
    edit = data | {"authors": "张甲", "version": placement.version, "save": "1"}
    assert client.post(reverse("records:edit", args=[placement.pk]), edit).status_code == 302
    assert list(placement.credits.values_list("name", "of")) == [("张甲", 1)]


def test_the_ledger_import_writes_the_credits_from_the_authors_column(town, demo):
    row = GOOD["媒体刊发"] | {"作者": "李乙、丙丁"}
    result = ledger_import(read(town, {"媒体刊发": [row]}), by=demo["reviewer"])
    assert result.created == {"media": 1}
    placement = MediaPlacement.objects.get()
    assert placement.date == date(2022, 3, 5)
    assert list(placement.credits.order_by("position").values_list("name", "position")) == [
        ("李乙", 1),
        ("丙丁", 2),
    ]
