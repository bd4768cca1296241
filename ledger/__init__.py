"""Ledger workbooks (台账): import with a preview, export, and the blank template (DESIGN §6).

The entry points are in `ledger.services`:

plan = ledger_read(file, town=town, create_units=False)   # nothing written
plan.errors                                               # ["志愿服务!7 服务时长(小时): …", …]
result = ledger_import(plan, by=user)                     # all or nothing, one audit entry
ledger_export(records, stream)                            # the same layout
ledger_template(stream)                                   # the blank workbook

Each kind declares its sheet in its own app (records.sheets); this app reads and writes
every registered sheet and names no kind.
"""
