"""Ledger workbooks (台账): import with a preview, export, and the blank template (DESIGN §6).

plan = ledger_read(file, town=town, create_units=False)   # nothing written
plan.errors                                               # ["志愿服务!7 服务时长(小时): …", …]
result = ledger_import(plan, by=user)                     # all or nothing
ledger_export(records, stream)                            # the same layout
ledger_template(stream)                                   # the blank workbook
"""

from records.ledger.importing import LedgerResult, ledger_import
from records.ledger.layout import SHEETS, Column, Sheet
from records.ledger.reading import LedgerPlan, PlannedRecord, SheetSummary, ledger_read
from records.ledger.writing import ledger_export, ledger_template

__all__ = [
    "SHEETS",
    "Column",
    "LedgerPlan",
    "LedgerResult",
    "PlannedRecord",
    "Sheet",
    "SheetSummary",
    "ledger_export",
    "ledger_import",
    "ledger_read",
    "ledger_template",
]
