"""Housekeeping the beat runs: stale stashed files deleted, and the deletion logged."""

from __future__ import annotations

from celery import shared_task

from administration.services import files_purge


@shared_task(ignore_result=True)
def files_purge_task() -> int:
    return files_purge()
