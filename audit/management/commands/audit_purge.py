"""Delete security audit entries past their retention period, never younger than 184 days.

    python manage.py audit_purge [--days N]

N defaults to settings.AUDIT_RETENTION_DAYS (365). The purge itself is logged, with
the last deleted entry's hash, so the chain stays checkable from the oldest entry left.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.log import MIN_RETENTION_DAYS, audit_purge


class Command(BaseCommand):
    help = "Delete audit log entries older than the retention period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep this many days (at least 184)")

    def handle(self, *args, days: int | None, **options) -> None:
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < MIN_RETENTION_DAYS:
            raise CommandError(
                f"refused: audit entries must be kept at least {MIN_RETENTION_DAYS} days "
                f"(网络安全法 第二十一条); {days} asked"
            )
        deleted = audit_purge(days=days)
        self.stdout.write(self.style.SUCCESS(f"deleted {deleted} audit entries older than {days} days"))
