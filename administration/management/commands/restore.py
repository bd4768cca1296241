"""Brings a backup archive back into an empty installation (see portal/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.log import audit_write
from audit.models import Event
from portal.access import access_forget
from portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and media files from a backup archive into an empty installation."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="a portal-backup-*.tar.gz written by backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite a database or MEDIA_ROOT that already holds data",
        )

    def handle(self, *args, archive: Path, force: bool, **options) -> None:
        try:
            manifest = backup_restore(
                archive=archive,
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                force=force,
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        access_forget()  # the accounts, roles and units are the backup's now
        media = sum(name.startswith("media/") for name in manifest["files"])
        audit_write(
            Event.RESTORE,
            username="manage.py restore",
            object_repr=archive.name,
            detail={"created": manifest["created"], "media_files": media},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {media} media files from {archive} (made {manifest['created']})."
            )
        )
        self.stdout.write("Next: run migrate if the code is newer than the backup, then check the site.")
