"""Celery tasks of the ledger: thin, names in, a service call."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def tables_analyze(tables: list[str]) -> None:
    """ANALYZE the tables a large import wrote, after it committed (ledger.importing)."""
    from ledger import importing

    importing.tables_analyze_now(tables)
