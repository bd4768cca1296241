"""Hypothesis strategies built from a page's own Django forms.

A form page is fuzzed with what its form would accept in most fields and something
hostile in a few, so the examples get past the first validation error and reach the
code behind it (saving, the audit log, the database). Each field's hostile values
follow its type: dates that do not exist, integers the database cannot hold, ids of
rows that are not there or belong to another town, odd unicode, NUL, very long text.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from datetime import date

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.formsets import BaseFormSet
from django.utils import timezone
from hypothesis import strategies as st

# A field left out of the request, as a browser leaves out an unticked box.
MISSING = object()

# Text that has broken web applications: NUL, direction and zero-width marks, astral
# and combining characters, the largest code points, markup, template and format
# syntax, spreadsheet formulas, paths, and the {placeholders} the report forms read.
ODD_TEXT = [
    "\x00",
    "a\x00b",
    "\x01\x08\x0b\x1f",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "\U0001f600",
    "𠀀𪚥",
    "e\u0301\u0301\u0301",
    "\uffff\ufffe",
    "\U0010ffff",
    "\r\n",
    "\t",
    "   ",
    "\u3000",
    "<script>alert(1)</script>",
    "{{ request }}",
    "{% debug %}",
    "%(n)s %s",
    "{0.__class__}",
    "{figure}",
    "{{",
    "}",
    "' OR '1'='1",
    '"; DROP TABLE x; --',
    "=1+1",
    "@SUM(A1)",
    "../../etc/passwd",
    "%00",
    "NaN",
    "-0",
    "１２３",
    "٣",
]

# Ids that are no row: zero, negative, beyond 32 and 64 bits, not integers at all.
BAD_IDS = ["0", "-1", "999999999", str(2**31), str(2**63), "9" * 30, "1.0", "1e3", " 1", "0x10", "١", "", "x"]

# Integers around every limit a form, a model or a database column has.
EDGE_INTEGERS = [-(2**63) - 1, -(2**31), -1, 0, 32767, 32768, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30]
BAD_NUMBERS = ["1.5", "1e5", "1e309", "NaN", "Infinity", "-Infinity", "0x1F", "1_000", "１２", "", " ", "--1"]
BAD_DATES = [
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "1999-12-31",
    "24-3-5",
    "2024/03/05",
    "2024年3月5日",
    "today",
    "-2024-01-01",
]
BAD_URLS = [
    "javascript:alert(1)",
    "http://",
    "http://[::1",
    "https://例子.中国/" + "路" * 600,
    "https://a.cn/" + "a" * 600,
    "ftp://x.cn/a",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example",
]
SAFE_CHARACTERS = string.ascii_letters + string.digits + "镇村社区宣传学习活动志愿服务"


def hostile_text(max_length: int | None = None) -> st.SearchStrategy[str]:
    """Odd text: any unicode (NUL included), the list above, and text past the field's length."""
    limit = max_length or 1000
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(ODD_TEXT),
        st.lists(st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=5)), max_size=6).map("".join),
        st.sampled_from([limit, limit + 1, 30_000]).map(lambda n: "字" * n),
    )


@dataclass(frozen=True)
class FormField:
    """One input of a page: its form field, the value the page was served with, foreign ids."""

    field: forms.Field
    served: object = MISSING
    # Ids of rows of the field's model that the field's choices leave out (another town's).
    foreign: tuple[str, ...] = ()


def page_fields(*forms_or_formsets) -> dict[str, FormField]:
    """Every input of the given forms and formsets, by the name it is posted under.

    A formset gives its management form and each form, plus two blank forms past the
    last (what "add another" would post).
    """
    fields: dict[str, FormField] = {}
    for item in forms_or_formsets:
        if isinstance(item, BaseFormSet):
            fields |= _form_fields(item.management_form)
            for form in item.forms:
                fields |= _form_fields(form)
            blank = _form_fields(item.empty_form)
            for index in range(len(item.forms), len(item.forms) + 2):
                fields |= {name.replace("__prefix__", str(index)): spec for name, spec in blank.items()}
        else:
            fields |= _form_fields(item)
    return fields


def with_served(fields: dict[str, FormField], **values: object) -> dict[str, FormField]:
    """The fields, with the values a person would type where the page serves none (passwords)."""
    return fields | {name: replace(fields[name], served=value) for name, value in values.items()}


def _form_fields(form: forms.BaseForm) -> dict[str, FormField]:
    fields = {}
    for name, field in form.fields.items():
        bound = form[name]
        fields[bound.html_name] = FormField(field, _served(field, bound.value()), _foreign_ids(field))
    return fields


def _served(field: forms.Field, value: object) -> object:
    """The value as a browser would post it back unchanged."""
    if isinstance(field, forms.BooleanField):
        return "on" if value else MISSING
    if isinstance(field, forms.FileField) or value is None:
        return MISSING
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def _foreign_ids(field: forms.Field) -> tuple[str, ...]:
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return ()
    others = queryset.model._default_manager.exclude(pk__in=queryset.values("pk"))
    return tuple(str(pk) for pk in others.order_by("pk").values_list("pk", flat=True)[:5])


def _choice_values(field: forms.ChoiceField) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an optgroup
            values.extend(str(inner) for inner, _label in label)
        else:
            values.append(str(getattr(value, "value", value)))
    return [value for value in values if value != ""] or [""]


def valid_value(spec: FormField) -> st.SearchStrategy:
    """A value the field would accept on its own (the form may still refuse the combination)."""
    field = spec.field
    if isinstance(field.widget, forms.HiddenInput) and spec.served is not MISSING:
        return st.just(spec.served)  # a page's hidden inputs (versions, form counts, ids) come back as served
    served = st.just(spec.served) if spec.served is not MISSING and spec.served != "" else st.nothing()
    if isinstance(field, forms.BooleanField):
        typed = st.sampled_from(["on", MISSING])
    elif isinstance(field, forms.FileField):
        typed = st.just(MISSING)
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        typed = st.lists(st.sampled_from(_choice_values(field)), unique=True, max_size=3)
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        typed = st.sampled_from(_choice_values(field))
    elif isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 0
        high = min(field.max_value if field.max_value is not None else 500, low + 500)
        typed = st.integers(low, high).map(str)
    elif isinstance(field, forms.DecimalField):
        typed = st.decimals(0, 1000, places=1, allow_nan=False, allow_infinity=False).map(str)
    elif isinstance(field, forms.DateField):
        typed = st.dates(date(2000, 1, 1), timezone.localdate()).map(date.isoformat)
    elif isinstance(field, forms.URLField):
        typed = st.sampled_from(["https://www.example.cn/news/1.html", "example.cn/a", ""])
    else:
        size = min(field.max_length or 30, 30) if isinstance(field, forms.CharField) else 30
        typed = st.text(SAFE_CHARACTERS, min_size=1, max_size=size)
    return st.one_of(served, typed)


def hostile_value(spec: FormField) -> st.SearchStrategy:
    """A value made to hurt: wrong for the field's type, out of its range, or not one value."""
    field = spec.field
    if isinstance(field, forms.BooleanField):
        typed = st.sampled_from(["false", "0", "", "off", "\x00"])
    elif isinstance(field, forms.FileField):
        typed = st.lists(st.binary(max_size=300), min_size=1, max_size=3).map(
            lambda blobs: [SimpleUploadedFile(f"f{i}.jpg", blob) for i, blob in enumerate(blobs)]
        )
    elif isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        ids = st.sampled_from(BAD_IDS + list(spec.foreign))
        many = isinstance(field, forms.ModelMultipleChoiceField)
        typed = st.lists(ids, min_size=1, max_size=3) if many else ids
    elif isinstance(field, forms.MultipleChoiceField):
        choices = st.one_of(st.sampled_from(_choice_values(field)), hostile_text(30))
        typed = st.lists(choices, max_size=4)
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        near = [int(spec.served) + step for step in (-1, 1, 2)] if str(spec.served).isdigit() else []
        typed = st.one_of(
            st.sampled_from(EDGE_INTEGERS + near).map(str),
            st.sampled_from(BAD_NUMBERS),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.sampled_from(["9" * 40, "0." + "0" * 40 + "1", "1e-400", "-0.0"]),
        )
    elif isinstance(field, forms.DateField):
        typed = st.one_of(st.sampled_from(BAD_DATES), st.dates().map(date.isoformat))
    elif isinstance(field, forms.URLField):
        typed = st.sampled_from(BAD_URLS)
    elif isinstance(field, forms.ChoiceField):
        # Near misses too: a choice's code in capitals ("CARE" for "care").
        typed = st.sampled_from(["", "0", "-1", "__all__", "999999999999", *_choice_values(field)]).map(
            lambda value: value.upper() if value.isalpha() else value
        )
    else:
        typed = st.nothing()
    max_length = getattr(field, "max_length", None)
    several = st.lists(st.one_of(valid_value(spec), st.just("")), min_size=2, max_size=3).map(
        lambda values: [value for value in values if isinstance(value, str)]
    )
    generic = st.one_of(hostile_text(max_length), several, st.just(MISSING))
    return st.one_of(typed, generic)


def form_payload(fields: dict[str, FormField], *, most_hostile: int = 3) -> st.SearchStrategy[dict]:
    """A request body: valid values everywhere but in a few fields, and now and then extra fields.

    One example in eight is hostile in every field. The fields' strategies are made once
    here, not per example: their choices come from the database.
    """
    names = sorted(fields)
    valid = {name: valid_value(fields[name]) for name in names}
    hostile = {name: hostile_value(fields[name]) for name in names}
    extra = st.dictionaries(hostile_text(20), hostile_text(40), max_size=2)

    @st.composite
    def payload(draw) -> dict:
        everywhere = draw(st.integers(0, 7)) == 0
        if everywhere or not names:
            spoilt = set(names)
        else:
            spoilt = draw(st.sets(st.sampled_from(names), max_size=most_hostile))
        body = {}
        for name in names:
            value = draw(hostile[name] if name in spoilt else valid[name])
            if value is not MISSING:
                body[name] = value
        return body | draw(extra)

    return payload()


def query_payload(fields: dict[str, FormField]) -> st.SearchStrategy[dict]:
    """A query string for a list's filter form, plus a page number (hostile or not)."""
    page = st.one_of(
        st.just(MISSING), st.sampled_from(["1", "2", "last", "0", "-1", "9" * 30, "1e9", "\x00"])
    )
    return st.tuples(form_payload(fields), page).map(
        lambda pair: pair[0] | ({} if pair[1] is MISSING else {"page": pair[1]})
    )
