"""How one ledger cell is read and written, and which sheets the registry declares.

Each kind declares its sheet in its own app (`records.sheets`); this module turns a cell
into a field's value on import and back on export by the column's type, so both
directions read the same declaration.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from portal.spreadsheets import FORMULA_STARTS, GUARD, guarded
from records.forms import EARLIEST_DATE
from records.kinds import KINDS
from records.sheets import Cell, Column, Sheet


def sheets() -> dict[str, Sheet]:
    """Every registered kind's sheet, by kind code, in the registry's order."""
    return {code: kind.sheet for code, kind in KINDS.items()}


def sheet_by_name() -> dict[str, str]:
    """Sheet name → kind code."""
    return {kind.sheet.name: code for code, kind in KINDS.items()}


# Sheets of the template that are not data; reading them is not worth a warning.
INFO_SHEETS = ("说明",)
# Columns an export adds for its reader (ledger.writing.INFO); an import passes over them.
INFO_HEADERS = frozenset({"序号", "参学率", "状态", "填报人", "审核人", "照片数"})
# Rows an export puts above the headers (its title); an import looks this far for the headers.
HEADER_SEARCH_ROWS = 5


def header_key(text: object) -> str:
    """A header as compared: full-width forms folded, spaces and a required mark (*) dropped."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", folded).rstrip("*")


def column_lookup(sheet: Sheet) -> dict[str, Column]:
    lookup = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            lookup.setdefault(header_key(name), column)
    return lookup


@cache
def labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """value → the Chinese label, whatever language is active: labels are the contract."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices}


@cache
def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    lookup = {value.lower(): value for value in choices.values}
    lookup.update({header_key(label).lower(): value for value, label in labels(choices).items()})
    lookup.update({label: value for value, label in labels(choices).items()})  # as written, the usual case
    return lookup


_STRIP = " \t\r\n\u3000\xa0\u200b\ufeff"
_TRUE = {"是", "y", "yes", "1", "true", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "0", "false", "×", "✗", "无"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# Units people write after a figure, as in "20人" or "3小时".
_NUMBER_UNIT = re.compile(r"(人次|人|名|个小时|小时|h)$", re.IGNORECASE)
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|(\d{4})(\d{2})(\d{2})"
)
# Excel's serial numbers for 2000-01-01 and 2100-12-31: a bare number in a date column
# is a date whose cell lost its date format, if it falls in that span.
_SERIALS = (36526, 73415)
MAX_INT = 2_147_483_647
MAX_HOURS = Decimal("99999999.9")
_url_valid = URLValidator()


class CellError(ValueError):
    """Why a cell cannot be read; the message is shown after `sheet!row column: `."""


def text_of(raw: object) -> str:
    """A cell as trimmed text; a leading guard written by the export is taken off again."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        text = "是" if raw else "否"
    elif isinstance(raw, datetime):
        text = raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(" ")
    elif isinstance(raw, date):
        text = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    else:
        text = str(raw)
    text = text.strip(_STRIP)
    if text.startswith(GUARD) and text.lstrip(GUARD).startswith(FORMULA_STARTS):
        text = text[1:]
    return text


def _folded(text: str) -> str:
    """Full-width digits and punctuation as ASCII, spaces removed: for figures and dates."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse(column: Column, raw: object, *, today: date) -> object:
    """The value of one cell, or `None` when it is empty; raises CellError with the reason."""
    if raw is None or raw == "":  # most cells of a ledger's optional columns
        return None
    text = text_of(raw)
    if not text:
        return None
    kind = column.type
    if kind is Cell.DATE:
        return _date_value(raw, text, today=today)
    if kind is Cell.INT:
        number = _number(raw, text)
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s”不是整数") % {"value": text})
        return _in_range(int(number), text, MAX_INT)
    if kind is Cell.DECIMAL:
        # Checked before rounding too: quantize() cannot round a figure of 30 digits.
        number = _in_range(_number(raw, text), text, MAX_HOURS)
        return _in_range(number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), text, MAX_HOURS)
    if kind is Cell.BOOL:
        key = _folded(text).lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise CellError(_("“%(value)s”应为“是”或“否”") % {"value": text})
    if kind is Cell.CHOICE:
        lookup = _choice_lookup(column.choices)
        value = lookup.get(text) or lookup.get(header_key(text).lower())
        if value is None:
            options = "、".join(labels(column.choices).values())
            raise CellError(
                _("“%(value)s”不是可选项（可选：%(options)s）") % {"value": text, "options": options}
            )
        return value
    if kind is Cell.URL and "://" not in text:
        text = f"https://{text}"  # as the record form assumes
    if column.max_length and len(text) > column.max_length:
        raise CellError(_("超过 %(n)d 个字") % {"n": column.max_length})
    if kind is Cell.URL:
        try:
            _url_valid(text)
        except ValidationError:
            raise CellError(_("“%(value)s”不是有效的链接") % {"value": text_of(raw)}) from None
    return text


def _date_value(raw: object, text: str, *, today: date) -> date:
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool) and _SERIALS[0] <= raw <= _SERIALS[1]:
        day = from_excel(raw).date()
    else:
        match = _DATE_TEXT.fullmatch(_folded(text))
        try:
            if match is None:
                raise ValueError
            parts = [int(part) for part in match.groups() if part is not None]
            day = date(*parts)
        except ValueError:
            raise CellError(
                _("“%(value)s”不是有效日期（可写作 2022-03-05、2022/3/5、2022.3.5 或 2022年3月5日）")
                % {"value": text}
            ) from None
    latest = today + timedelta(days=366)  # the record form's bounds
    if not EARLIEST_DATE <= day <= latest:
        raise CellError(
            _("“%(value)s”不在 %(start)s 到 %(end)s 之间")
            % {"value": text, "start": EARLIEST_DATE.isoformat(), "end": latest.isoformat()}
        )
    return day


def _number(raw: object, text: str) -> Decimal:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = Decimal(str(raw))
    else:
        folded = _NUMBER_UNIT.sub("", _folded(text).replace(",", ""))
        if not _NUMBER.fullmatch(folded):
            raise CellError(_("“%(value)s”不是数字") % {"value": text})
        number = Decimal(folded)
    if not number.is_finite():  # a float cell holding inf or nan
        raise CellError(_("“%(value)s”不是数字") % {"value": text})
    if number < 0:
        raise CellError(_("“%(value)s”不能是负数") % {"value": text})
    return number


def _in_range(number, text: str, limit):
    if number > limit:
        raise CellError(_("“%(value)s”超出范围") % {"value": text})
    return number


def written(column: Column, value: object) -> object:
    """A field's value as its cell: labels for codes, 是/否, dates as dates, text guarded."""
    if value is None or value == "":
        return None
    kind = column.type
    if kind is Cell.CHOICE:
        return labels(column.choices).get(value, value)
    if kind is Cell.BOOL:
        return "是" if value else "否"
    if kind in (Cell.DATE, Cell.INT, Cell.DECIMAL):
        return value
    return guarded(str(value))
