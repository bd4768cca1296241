"""The words a kind declares its report material in: how its records read in a theme paragraph.

A kind's `report` (records.kinds.Kind) is a `Tally`: its figures as one sentence, clause
by clause, each clause naming the figure it states; the report (reports/) leaves out a
clause whose figure is zero. The text is the report's own Chinese, not translated.
"""

from __future__ import annotations

from dataclasses import dataclass

# (figure code, text holding {that.code}), or a tuple of them read as one bracketed group
# "（中央级…篇、省级…篇）".
Clause = tuple[str, str] | tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Tally:
    head: str  # "全年组织各类理论学习{study.count}次": left out with everything if its figure is zero
    clauses: tuple[Clause, ...] = ()
