"""Figures in the report's text: placeholders, and how a figure is written.

A draft's text holds placeholders that resolve when the document is built, so a figure
never goes stale and always agrees with the dashboard: `{study.type.central_group}` for
the town's year, or a figure of part of it, `{study.type.lecture@theme:3}` (figures.metrics
.Scoped). The editor shows them as chips (【专题宣讲（理论武装）：7场】).

Officials write figures two ways, and the draft says which (ReportDraft.rounding):
exact ("23次"), or in the "公文习惯" style, which rounds only from 20 up ("20余次",
"300余篇", from 10,000 "1.1万余人次") and never writes a total below the sum of the parts
stated after it ("58篇，其中省级15篇、市级38篇" is not "50余篇"). Decimals stay as they
are (3456.5小时): they are exact by nature.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from figures.metrics import FIGURES, Scoped

PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+(?:@[a-z]+:[0-9a-z_]+(?:,[a-z]+:[0-9a-z_]+)*)?)\}")
EXACT, OFFICIAL = "exact", "official"
ROUND_FROM = 20
TEN_THOUSAND = 10_000


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def placeholders_check(text: str) -> None:
    """Refuse text holding a placeholder the metrics module cannot compute."""
    unknown = sorted({code for code in placeholders_in(text) if not Scoped.parse(code).valid()})
    if unknown:
        raise ValidationError(
            _("不认识的数字占位符：%(codes)s。请从“插入数字”列表中选择。")
            % {"codes": "、".join("{" + code + "}" for code in unknown)}
        )


def scoped_in(texts) -> list[Scoped]:
    found = {code for text in texts for code in placeholders_in(text)}
    return [Scoped.parse(code) for code in sorted(found) if Scoped.parse(code).valid()]


def figure_format(value, *, code: str, rounding: str, floor: float = 0) -> str:
    """A figure as the report writes it. `floor` is the sum of the parts stated with it:
    a rounded total is never written below it."""
    figure = FIGURES[Scoped.parse(code).code]
    if figure.how == "rate":
        return f"{float(value):.1f}".rstrip("0").rstrip(".")
    number = Decimal(str(value))
    if number != number.to_integral_value():  # 3456.5 hours stay 3456.5
        return f"{number.normalize():f}"
    whole = int(number)
    if rounding != OFFICIAL or whole < ROUND_FROM:
        return str(whole)
    rounded, text = _rounded(whole)
    return text if rounded >= floor else str(whole)


def _rounded(value: int) -> tuple[int, str]:
    """The official rounding: one significant figure below a thousand ("20余", "300余"),
    two from there ("1200余"), tens of thousands with one decimal ("1.1万余")."""
    if value >= TEN_THOUSAND:
        tenths = value // 1000  # 1.1万 = 11 thousands
        shown = tenths / 10
        text = f"{shown:.1f}".rstrip("0").rstrip(".")
        rounded = tenths * 1000
        return rounded, (f"{text}万" if rounded == value else f"{text}万余")
    digits = len(str(value))
    step = 10 ** (digits - 1 if digits <= 3 else digits - 2)
    floored = value // step * step
    return floored, (str(value) if floored == value else f"{floored}余")


# A sentence, for the parts rule: split at 。；; a total is followed by "，其中".
_SENTENCE = re.compile(r"[^。；！？]*[。；！？]?")


def text_resolve(text: str, *, values: dict, rounding: str) -> str:
    """The text with every placeholder written out. A placeholder that a sentence follows
    with "其中" is a total, and the placeholders after it in that sentence its parts."""
    if not text:
        return ""
    return "".join(_sentence_resolve(sentence, values, rounding) for sentence in _SENTENCE.findall(text))


def _sentence_resolve(sentence: str, values: dict, rounding: str) -> str:
    matches = list(PLACEHOLDER.finditer(sentence))
    floors: dict[int, float] = {}
    for index, match in enumerate(matches):
        after = sentence[match.end() : match.end() + 6]
        if "其中" in after:
            parts = [values.get(m[1], 0) for m in matches[index + 1 :]]
            floors[index] = float(sum(Decimal(str(part)) for part in parts))
    out, position = [], 0
    for index, match in enumerate(matches):
        out.append(sentence[position : match.start()])
        code = match[1]
        out.append(
            figure_format(values.get(code, 0), code=code, rounding=rounding, floor=floors.get(index, 0))
        )
        position = match.end()
    out.append(sentence[position:])
    return "".join(out)
