"""A placement's authors, in the order of its byline, as rows the scoring can sum.

The form and the ledger take the byline as text, "张三、李四" (a name may say its unit:
"王五（东风村）"). Each name becomes a Credit: tied to the account of that name in the
town if there is exactly one, and to that account's unit; otherwise kept as a name,
under the unit it names or the placement's own unit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from media_outreach.models import Credit, MediaPlacement
from portal.models import OrgUnit, User, in_subtree

_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_WITH_UNIT = re.compile(r"^(?P<name>[^（(]+)[（(](?P<unit>[^）)]+)[）)]$")
# What a byline says of its people rather than who they are: "记者 张三 通讯员 李四",
# "本报记者王五", "文/图 赵六". A role holds for the names after it, up to the next.
_ROLE = re.compile(r"^(本报|本台|特约|见习|实习)?(记者|通讯员|编辑|责任编辑|摄影|摄像|实习生|文|图|摄)[:：]?")
NAME_LENGTH = Credit._meta.get_field("name").max_length


def byline_names(text: str) -> list[tuple[str, str]]:
    """The names of a byline in order, each with the unit it names ("" if none).

    Commas, 、, semicolons, slashes and spaces part names; a name given twice counts
    once. The outlet's own journalists ("记者 张三", "本报记者李四") are not the town's
    correspondents and are left out; "通讯员", "文/图" and the like are dropped.
    """
    names: list[tuple[str, str]] = []
    journalist = False
    for part in _SEPARATORS.split(_brackets_joined(text or "")):
        role = _ROLE.match(part.strip())
        if role:
            journalist = role[2] == "记者"
        part = _ROLE.sub("", part.strip()).strip()
        if not part or journalist:
            continue
        found = _WITH_UNIT.match(part)
        name, unit = (found["name"].strip(), found["unit"].strip()) if found else (part, "")
        name = name[:NAME_LENGTH]
        if name and name not in {known for known, _unit in names}:
            names.append((name, unit))
    return names


def _brackets_joined(text: str) -> str:
    # "王五（东风 村）": a space inside brackets does not part two names.
    return re.sub(r"[（(][^）)]*[）)]", lambda found: re.sub(r"\s+", "", found[0]), text)


def credits_write(pks: Iterable[int]) -> None:
    """Rewrite the credits of the placements `pks` from their bylines (a few queries in all)."""
    placements = list(
        MediaPlacement.objects.filter(pk__in=list(pks)).select_related("unit").only("pk", "authors", "unit")
    )
    if not placements:
        return
    Credit.objects.filter(placement__in=placements).delete()
    towns: dict[int, OrgUnit] = {}
    for placement in placements:
        town = placement.unit.town or placement.unit
        towns.setdefault(town.pk, town)
    accounts: dict[tuple[int, str], list[User]] = defaultdict(list)
    units: dict[tuple[int, str], int] = {}
    for town in towns.values():
        for user in User.objects.filter(in_subtree(town), is_active=True).only("pk", "name", "unit_id"):
            accounts[(town.pk, user.name)].append(user)
        for unit_pk, name in OrgUnit.objects.filter(in_subtree(town, field="")).values_list("pk", "name"):
            units[(town.pk, name)] = unit_pk
    rows = []
    for placement in placements:
        town = placement.unit.town or placement.unit
        names = byline_names(placement.authors)
        for position, (name, unit_name) in enumerate(names, start=1):
            matching = accounts.get((town.pk, name), [])
            person = matching[0] if len(matching) == 1 else None
            unit_pk = units.get((town.pk, unit_name)) if unit_name else None
            if unit_pk is None:
                unit_pk = person.unit_id if person and person.unit_id else placement.unit_id
            rows.append(
                Credit(
                    placement=placement,
                    position=position,
                    of=len(names),
                    person=person,
                    name=name,
                    unit_id=unit_pk,
                )
            )
    Credit.objects.bulk_create(rows, batch_size=2000)
