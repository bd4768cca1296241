"""Check the security audit log's hash chain: exit status 1 if any entry was edited or removed.

    python manage.py audit_verify [--checkpoints /var/lib/portal-audit/checkpoints]

Run it from cron and alert on failure; the assessor can run it too. With a checkpoint
file (or settings.AUDIT_CHECKPOINT_FILE) kept outside the database — another disk,
another machine, or the cron mail — every run also checks the heads earlier runs saw
and, when the chain is intact, adds today's: a chain cut short, or a log replaced
wholesale by someone who holds the key, fails there.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.log import Checkpoint, audit_verify, checkpoints_read
from audit.models import AuditChain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (and the checkpoints kept outside the database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--checkpoints",
            default=settings.AUDIT_CHECKPOINT_FILE,
            help="a file of earlier heads, one 'seq hash' a line, kept outside the database",
        )

    def handle(self, *args, checkpoints: str, **options) -> None:
        path = Path(checkpoints) if checkpoints else None
        try:
            points = checkpoints_read(path) if path else []
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the checkpoints in {path}: {exc}") from exc
        report = audit_verify(checkpoints=points)
        for seq, message in report.problems:
            self.stderr.write(f"entry {seq}: {message}")
        if not report.intact:
            raise CommandError(f"the audit log is NOT intact: {len(report.problems)} problem(s) found")
        span = f" (entries {report.first_seq}–{report.last_seq})" if report.checked else ""
        against = f", against {len(points)} checkpoint(s)" if path else ""
        self.stdout.write(
            self.style.SUCCESS(f"the audit log is intact: {report.checked} entries checked{span}{against}")
        )
        head = AuditChain.objects.filter(pk=1).first()
        if head is not None:
            self.stdout.write(f"head: entry {head.seq}, hash {head.hash}")
            if path and head.seq:
                with path.open("a", encoding="ascii") as file:
                    file.write(f"{Checkpoint(head.seq, head.hash)}\n")
