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
from portal.bulk import rows_insert
from portal.models import OrgUnit, User

_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_WITH_UNIT = re.compile(r"^(?P<name>[^（(]+)[（(](?P<unit>[^）)]+)[）)]$")
# What a byline says of its people rather than who they are: "记者 张三 通讯员 李四",
# "本报记者王五", "文/图 赵六", "图：孙七". A role holds for the names after it, up to the
# next. 文, 图, 摄, 编辑 and the like are roles only standing alone or before a colon: 文
# is a surname too, and "编辑部小王" is no 编辑.
_ROLE = re.compile(
    r"^(?:(?:本报|本台|特约|见习|实习)?(记者|通讯员|实习生)[:：]?"
    r"|(责任编辑|编辑|摄影|摄像|文|图|摄)(?:[:：]|$))"
)
NAME_LENGTH = Credit._meta.get_field("name").max_length


def byline_names(text: str) -> list[tuple[str, str]]:
    """The names of a byline in order, each with the unit it names ("" if none).

    Commas, 、, semicolons, slashes and spaces part names; a name given twice counts
    once. The outlet's own journalists and editors ("记者 张三", "本报记者李四", "编辑：王五")
    are not the town's correspondents and are left out; "通讯员", "文/图" and the like are
    dropped.
    """
    names: list[tuple[str, str]] = []
    journalist = False
    for part in _SEPARATORS.split(_brackets_joined(text or "")):
        role = _ROLE.match(part.strip())
        if role:  # the outlet's own staff: its journalists and editors
            journalist = role[1] == "记者" or role[2] in ("编辑", "责任编辑")
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
    """Rewrite the credits of the placements `pks` from their bylines (four queries in all).

    A name is tied to the town's one active account of that name (within the unit the
    byline names, if it names one); otherwise it stays a name, under the unit it names
    or the placement's own.
    """
    placements = list(MediaPlacement.objects.filter(pk__in=list(pks)).values_list("pk", "authors", "unit_id"))
    if not placements:
        return
    Credit.objects.filter(placement_id__in=[pk for pk, _authors, _unit in placements]).delete()
    units = {unit.pk: unit for unit in OrgUnit.objects.only("pk", "path", "name", "kind")}
    towns = [unit for unit in units.values() if unit.kind == OrgUnit.Kind.TOWN]

    def town_of(unit: OrgUnit) -> int:
        return next((town.pk for town in towns if unit.path.startswith(town.path)), unit.pk)

    wanted = {town_of(units[unit_pk]) for _pk, _authors, unit_pk in placements}
    accounts: dict[tuple[int, str], list[User]] = defaultdict(list)
    names: dict[tuple[int, str], int] = {}
    for unit in units.values():
        if town_of(unit) in wanted:
            names[(town_of(unit), unit.name)] = unit.pk
    in_wanted = [pk for pk, unit in units.items() if town_of(unit) in wanted]
    for user in User.objects.filter(is_active=True, unit_id__in=in_wanted).only("pk", "name", "unit_id"):
        accounts[(town_of(units[user.unit_id]), user.name)].append(user)
    rows = []
    for pk, authors, unit_pk in placements:
        town = town_of(units[unit_pk])
        byline = byline_names(authors)
        for position, (name, unit_name) in enumerate(byline, start=1):
            named_unit = names.get((town, unit_name)) if unit_name else None
            matching = [
                user
                for user in accounts.get((town, name), [])
                if named_unit is None or user.unit_id == named_unit
            ]
            person = matching[0] if len(matching) == 1 else None
            unit = named_unit or (person.unit_id if person else unit_pk)
            rows.append((pk, position, len(byline), person.pk if person else None, name, unit))
    # Tuples through COPY: an import writes tens of thousands at once.
    rows_insert(Credit, ["placement", "position", "of", "person", "name", "unit"], rows)
