"""The ledger's entry points: read a workbook into a plan, import it, export records, the template."""

from ledger.importing import AlreadyImported, LedgerResult, ledger_import
from ledger.reading import LedgerPlan, PlannedRecord, PlanSummary, SheetSummary, ledger_read
from ledger.writing import ledger_export, ledger_template

__all__ = [
    "AlreadyImported",
    "LedgerPlan",
    "LedgerResult",
    "PlanSummary",
    "PlannedRecord",
    "SheetSummary",
    "ledger_export",
    "ledger_import",
    "ledger_read",
    "ledger_template",
]
