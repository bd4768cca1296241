"""The organisation tree scopes what each user sees."""

from __future__ import annotations

import pytest

from portal.access import units_for, users_for
from portal.models import OrgUnit, in_subtree
from portal.services import unit_create

pytestmark = pytest.mark.django_db


def test_a_subtree_holds_the_unit_and_everything_below_it(town):
    district = OrgUnit.objects.add_root(create_kwargs={"name": "示范区", "kind": OrgUnit.Kind.DISTRICT})
    other_town = unit_create(parent=district, name="东坡镇", kind=OrgUnit.Kind.TOWN)
    unit_create(parent=other_town, name="东坡村", kind=OrgUnit.Kind.VILLAGE)

    names = set(OrgUnit.objects.filter(in_subtree(district, field="")).values_list("name", flat=True))

    assert names == {"示范区", "东坡镇", "东坡村"}
    assert "青溪镇" not in names


def test_a_unit_knows_its_town(town):
    village = OrgUnit.objects.get(name="石桥村")
    assert village.town == town
    assert town.town == town


def test_a_reporter_sees_only_their_own_unit(demo):
    reporter = demo["reporter"]
    assert list(units_for(reporter).values_list("name", flat=True)) == ["石桥村"]
    assert set(users_for(reporter).values_list("username", flat=True)) == {"reporter"}


def test_town_wide_roles_see_the_whole_town(demo):
    reviewer = demo["reviewer"]
    assert units_for(reviewer).count() == 8
    assert users_for(reviewer).count() == 12


def test_nobody_sees_another_town(demo):
    other_town = OrgUnit.objects.add_root(create_kwargs={"name": "东坡镇", "kind": OrgUnit.Kind.TOWN})
    unit_create(parent=other_town, name="东坡村", kind=OrgUnit.Kind.VILLAGE)
    assert not units_for(demo["sysadmin"]).filter(name__startswith="东坡").exists()
    assert not demo["leader"].can_see_unit(other_town)


def test_an_account_without_a_unit_sees_nothing(demo):
    demo["leader"].unit = None
    demo["leader"].save()
    demo["leader"].__dict__.pop("scope_unit", None)
    assert not units_for(demo["leader"]).exists()
