"""The 迎检 task the beat runs: the reviewers' weekly digest (inspection/digest.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from inspection.digest import digests_send


# A run makes each reviewer's digest at most once a week, so a database that was away is
# simply tried again, a little later each time, within the morning.
@shared_task(ignore_result=True, autoretry_for=(DatabaseError,), retry_backoff=60, max_retries=5)
def digest_weekly() -> int:
    return digests_send()
