"""Files the portal keeps for a while: where each kind is stashed, and how long it may stay.

Every file goes through Django's storage API (`default_storage`), so a local folder and
S3-compatible storage are one setting apart (STORAGES, from STORAGE_BACKEND). An app that
keeps short-lived files names their folder here with how long they may stay: uploads
waiting for a confirm, files written by background jobs for their requester. A beat task
(administration.tasks.files_purge) deletes what has outstayed, and logs it (剩余信息保护).

It also names what reading a damaged zip member raises, for the apps that look inside
uploaded Office files (records.attachments, ledger.archive).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.storage import default_storage

# What opening or reading a damaged zip member raises: zipfile's own error (a bad CRC, a
# truncated header), zlib's (a corrupt deflate stream, which zipfile does not wrap), an
# OSError or EOFError (a short read), RuntimeError (an encrypted member) and
# NotImplementedError (a compression method zipfile lacks).
ZIP_DAMAGED = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError)


@dataclass(frozen=True)
class Stash:
    folder: str  # under the storage's root, e.g. "ledger-uploads"
    keep: timedelta  # how long a file may stay unclaimed
    label: str  # what the files are, for the log ("台账上传")


STASHES: dict[str, Stash] = {}


def stash_register(folder: str, *, keep: timedelta, label: str) -> Stash:
    stash = STASHES[folder] = Stash(folder, keep, label)
    return stash


def stash_delete(name: str) -> None:
    """Delete a stashed file now (a confirmed import, a replaced preview); gone already is fine."""
    if name and default_storage.exists(name):
        default_storage.delete(name)


def stale_files(now: datetime) -> Iterator[tuple[Stash, str]]:
    """Each stashed file older than its stash allows, with its stash."""
    for stash in STASHES.values():
        for name in _files_under(stash.folder):
            if default_storage.get_modified_time(name) < now - stash.keep:
                yield stash, name


def _files_under(folder: str) -> Iterator[str]:
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        yield f"{folder}/{file}"
    for directory in directories:
        yield from _files_under(f"{folder}/{directory}")
