"""Writes the database and the media files to one dated archive (see portal/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.log import audit_write
from audit.models import Event
from portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database and every media file to one dated archive with checksums."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", type=Path, help="directory for the archive (default: BACKUP_DIR, else var/backups/)"
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        started = time.monotonic()
        try:
            path = backup_create(
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                output_dir=output or Path(settings.BACKUP_DIR),
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        audit_write(Event.BACKUP, username="manage.py backup", object_repr=path.name, detail={"bytes": size})
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({size / 2**20:.1f} MB, {size} bytes) in {time.monotonic() - started:.1f} s."
            )
        )
