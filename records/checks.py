"""A Django system check: the portal refuses to start while a registered kind lacks a part.

Generic code reads every part of a kind from its registry entry; a kind registered
without one would otherwise fail later and far away (a ledger sheet missing from the
export, a kind missing from the report). The check names the kind, the part and what
to add, at `manage.py check`, `runserver`, `migrate` and in every test run.
"""

from __future__ import annotations

from django.core.checks import Error, register
from django.core.exceptions import FieldDoesNotExist

from records.forms import RecordForm
from records.kinds import KINDS, Kind
from records.models import Record
from records.sheets import THEME, UNIT
from records.writing import Writing

# Columns every sheet must have: the record's date, title and unit.
SHEET_REQUIRED = ("date", "title", UNIT)


@register()
def kinds_check(app_configs, **kwargs) -> list[Error]:
    errors: list[Error] = []
    for code, kind in KINDS.items():
        errors += [
            Error(f"Record kind “{code}”: {problem}", hint=hint, obj=kind.model, id="records.E001")
            for problem, hint in kind_problems(kind)
        ]
    return errors


def kind_problems(kind: Kind) -> list[tuple[str, str]]:
    """What the kind lacks, each as (what is wrong, what to add)."""
    problems = []
    where = "in its app's kinds.py (records.kinds.Kind)"
    if not (isinstance(kind.model, type) and issubclass(kind.model, Record) and kind.model is not Record):
        problems.append(("its model is not a subclass of records.Record", f"Set model= {where}."))
        return problems
    if not (isinstance(kind.form, type) and issubclass(kind.form, RecordForm)):
        problems.append(("its form does not build on records.forms.RecordForm", f"Set form= {where}."))
    elif kind.form._meta.model is not kind.model:
        problems.append(("its form is for another model", "Set the form's Meta.model to the kind's model."))
    for part in ("label", "create_label", "icon", "count_unit"):
        if not getattr(kind, part):
            problems.append((f"it has no {part}", f"Set {part}= {where}."))
    for part in ("example", "demo"):
        if not callable(getattr(kind, part)):
            problems.append((f"it has no {part} function", f"Set {part}= {where}."))
    if not isinstance(kind.report, Writing):
        problems.append(("it has no report material", f"Set report= (a records.writing.Writing) {where}."))
    problems += _sheet_problems(kind)
    fields = [kind.type_field] if kind.type_field else []
    fields += [*kind.columns, *kind.facts, *kind.search]
    for name in fields:
        try:
            kind.model._meta.get_field(name)
        except FieldDoesNotExist:
            problems.append((f"it names a field “{name}” its model does not have", "Fix the name."))
    own_fields = {f.name for f in kind.model._meta.fields}
    if kind.type_field in own_fields and not kind.model._meta.get_field(kind.type_field).choices:
        problems.append((f"its type field “{kind.type_field}” has no choices", "Give it TextChoices."))
    return problems


def _sheet_problems(kind: Kind) -> list[tuple[str, str]]:
    sheet = kind.sheet
    if sheet is None or not getattr(sheet, "columns", None):
        return [("it has no ledger sheet", "Declare sheet= (a records.sheets.Sheet), e.g. in its ledger.py.")]
    problems = []
    targets = [column.target for column in sheet.columns]
    names = {other.sheet.name for other in KINDS.values() if other is not kind and other.sheet}
    if sheet.name in names:
        problems.append(
            (f"its sheet name “{sheet.name}” is another kind's too", "Give it a name of its own.")
        )
    for target in SHEET_REQUIRED:
        if target not in targets:
            problems.append(
                (f"its sheet has no “{target}” column", "Every sheet names date, title and unit.")
            )
    if kind.type_field and kind.type_field not in targets:
        problems.append((f"its sheet has no column for its type “{kind.type_field}”", "Add one (required)."))
    lookup_targets = {
        target for lookup in sheet.lookups for target in (lookup.name, *(t for t, _f in lookup.attributes))
    }
    own = {f.name for f in kind.model._meta.get_fields()}
    for target in targets:
        if target not in own and target not in lookup_targets and target not in (UNIT, THEME):
            problems.append(
                (f"its sheet's column target “{target}” is no field of its model", "Fix the target.")
            )
    for target in sheet.key:
        if target not in targets:
            problems.append((f"its sheet's key names “{target}”, which is no column", "Fix the key."))
    return problems
