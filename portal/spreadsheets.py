"""Text written into a spreadsheet that no spreadsheet will run: shared by every export."""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Text that a spreadsheet could take for a formula (OWASP's list, plus full-width forms
# that an input method turns into the ASCII ones).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")
GUARD = "'"


def guarded(text: str) -> str:
    """Text a spreadsheet will never run as a formula.

    A string cell is already not a formula, but a user who edits it and presses Enter,
    or copies the column into another sheet or a CSV file, hands the text to a parser
    that would run "=…". The visible guard survives all of that; the ledger's import
    takes it off again (ledger.cells.text_of), so an export re-imports unchanged.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)  # XML cannot carry them at all
    # Text that already starts with guards gets one more, since the import takes one off.
    return GUARD + text if text.lstrip(GUARD).startswith(FORMULA_STARTS) else text
