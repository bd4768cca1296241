"""Backups of a whole installation: the database and the media files in one archive.

An archive (``portal-backup-YYYYmmdd-HHMMSS.tar.gz``) holds the database (pg_dump's
custom format on PostgreSQL, an online-backup copy on SQLite), every file under
MEDIA_ROOT, and ``manifest.json``: the engine, the time, the latest migration of each app
and the SHA-256 of every other member. A restore checks all of that before it touches
the installation. The functions take a database settings dict and a media root instead
of reading settings, so that a test can restore into a second, empty database.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler, DatabaseError
from django.utils import timezone

FORMAT = "portal-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
ENGINES = {"django.db.backends.postgresql": "postgresql", "django.db.backends.sqlite3": "sqlite"}
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
MIGRATIONS_SQL = "SELECT app, name FROM django_migrations ORDER BY id"
# Connection options that libpq reads from the environment, as Django's dbshell passes them.
PG_OPTION_VARIABLES = {
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}
MANIFEST_MAX_BYTES = 64 * 2**20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message tells the operator why."""


def backup_create(*, database: dict[str, Any], media_root: Path, output_dir: Path) -> Path:
    """Write one archive of the database and every media file to output_dir; return its path.

    The archive is written in a hidden staging directory and renamed into place only when
    complete, so a backup cut short (disk full, killed) never looks like a usable one. It
    is readable by its owner only: it holds password hashes and personal data.
    """
    engine = _engine(database)
    output_dir = output_dir.resolve()
    if output_dir.is_relative_to(media_root.resolve()):
        raise BackupError(f"The backup directory {output_dir} must not be inside MEDIA_ROOT ({media_root}).")
    created = timezone.localtime()
    path = output_dir / f"portal-backup-{created:%Y%m%d-%H%M%S}.tar.gz"
    if path.exists():
        raise BackupError(f"{path} already exists.")
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".portal-backup-") as staging:
        dump = Path(staging) / DATABASE_MEMBERS[engine]
        if engine == "postgresql":
            migrations = _postgresql_dump(database, dump)
        else:
            migrations = _sqlite_dump(database, dump)
        partial = Path(staging) / path.name
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            # Level 6 rather than 9: the photos and the custom-format dump are already compressed.
            with tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar:
                checksums = {dump.name: _tar_add(tar, dump, dump.name)}
                for file, name in _media_files(media_root):
                    checksums[name] = _tar_add(tar, file, name)
                manifest = {
                    "format": FORMAT,
                    "created": created.isoformat(),
                    "engine": engine,
                    "migrations": migrations,
                    "files": checksums,
                }
                _tar_add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    return path


def backup_restore(
    *, archive: Path, database: dict[str, Any], media_root: Path, force: bool = False
) -> dict[str, Any]:
    """Bring an archive back into an empty installation; return its manifest.

    Nothing in the installation changes until every member has been checked against the
    manifest and written to a staging directory beside MEDIA_ROOT (on the same
    filesystem, so moving the files in is a rename). A database with rows or a MEDIA_ROOT
    with files is refused unless force: restoring over live data would mix two sites.
    """
    engine = _engine(database)
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    if not force:
        _refuse_unless_empty(database, media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".portal-restore-") as staging:
        manifest = _extract_verified(archive, Path(staging))
        if manifest["engine"] != engine:
            raise BackupError(
                f"The archive holds a {ENGINE_NAMES[manifest['engine']]} database but the configured "
                f"database is {ENGINE_NAMES[engine]}; restore it into a {ENGINE_NAMES[manifest['engine']]} "
                "installation."
            )
        moves = _media_moves(Path(staging) / MEDIA, media_root)
        dump = Path(staging) / DATABASE_MEMBERS[engine]
        if engine == "postgresql":
            _postgresql_restore(database, dump, clean=force)
        else:
            _sqlite_restore(database, dump)
        for file, destination in moves:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, destination)
    return manifest


def _engine(database: dict[str, Any]) -> str:
    try:
        return ENGINES[database["ENGINE"]]
    except KeyError:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {database['ENGINE']}.") from None


def _connect(database: dict[str, Any]) -> BaseDatabaseWrapper:
    """A Django connection to the given database, apart from the site's own connections."""
    return ConnectionHandler({DEFAULT_DB_ALIAS: copy.deepcopy(database)})[DEFAULT_DB_ALIAS]


def _latest_migrations(rows: list[tuple[str, str]]) -> dict[str, str]:
    """The last applied migration of each app, from django_migrations rows in id order."""
    return dict(rows)


def _sqlite_dump(database: dict[str, Any], dump: Path) -> dict[str, str]:
    """Copy the database with SQLite's online backup API and return its migration state.

    Unlike a file copy, the backup API gives a consistent snapshot while the site writes,
    including what still sits in the WAL file.
    """
    name = str(database["NAME"])
    # Django opens SQLite with uri=True; a "file:" name may be an in-memory database.
    if not name.startswith("file:") and not Path(name).is_file():
        raise BackupError(f"The SQLite database {name} does not exist.")
    with closing(sqlite3.connect(name, uri=True)) as source, closing(sqlite3.connect(dump)) as target:
        source.backup(target)
        try:
            return _latest_migrations(target.execute(MIGRATIONS_SQL).fetchall())
        except sqlite3.Error as exc:
            raise BackupError(f"The SQLite database {name} has not been migrated: {exc}") from exc


def _postgresql_dump(database: dict[str, Any], dump: Path) -> dict[str, str]:
    """pg_dump in custom format; return the migration state read from the same snapshot.

    The snapshot is exported from a transaction that stays open while pg_dump runs, so
    the manifest's migrations describe exactly the data in the dump.
    """
    connection = _connect(database)
    try:
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute(MIGRATIONS_SQL)
            migrations = _latest_migrations(cursor.fetchall())
        _pg_run("pg_dump", database, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}")
    except DatabaseError as exc:
        raise BackupError(f"Cannot read the database {database['NAME']}: {exc}") from exc
    finally:
        connection.close()
    return migrations


def _postgresql_restore(database: dict[str, Any], dump: Path, *, clean: bool) -> None:
    """pg_restore in one transaction, so that a failure leaves the database as it was.

    Owners and grants are not restored: the tables belong to the configured user, which
    need not exist on the server the backup came from. clean (--force) drops the
    archive's objects first, so a non-empty database can be overwritten.
    """
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        options += ["--clean", "--if-exists"]
    _pg_run("pg_restore", database, *options, str(dump))


def _pg_run(program: str, database: dict[str, Any], *args: str) -> None:
    """Run a PostgreSQL client program against the database in the settings.

    The password goes in PGPASSWORD, never on the command line, where every user of the
    machine could read it in the process list.
    """
    command = [program, f"--dbname={database['NAME']}"]
    if database.get("HOST"):
        command.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        command.append(f"--port={database['PORT']}")
    if database.get("USER"):
        command.append(f"--username={database['USER']}")
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    options = database.get("OPTIONS") or {}
    env.update(
        {variable: str(options[key]) for key, variable in PG_OPTION_VARIABLES.items() if key in options}
    )
    try:
        result = subprocess.run([*command, *args], env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).") from exc
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def _sqlite_restore(database: dict[str, Any], dump: Path) -> None:
    """Copy the archived database over the configured one with the backup API.

    The API replaces the whole content and deals with the target's WAL file, which a
    plain file copy would leave stale beside the new database.
    """
    name = str(database["NAME"])
    if not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(name, uri=True)) as target:
        source.backup(target)


def _refuse_unless_empty(database: dict[str, Any], media_root: Path) -> None:
    table = _table_with_rows(database)
    if table:
        raise BackupError(
            f"The database {database['NAME']} is not empty (the table {table} has rows). Restore into an "
            "empty database, or pass --force to overwrite it."
        )
    media = next(_media_files(media_root), None)
    if media:
        raise BackupError(
            f"MEDIA_ROOT ({media_root}) already holds files, such as {media[1]}. Restore into an empty "
            "directory, or pass --force to overwrite them."
        )


def _table_with_rows(database: dict[str, Any]) -> str | None:
    """The name of a table in the database that has rows, or None if there is none."""
    name = str(database["NAME"])
    if _engine(database) == "sqlite":
        # Plain sqlite3, so that merely looking does not create the file or switch it to WAL.
        if not name.startswith("file:") and not Path(name).exists():
            return None
        with closing(sqlite3.connect(name, uri=True)) as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                quoted = '"{}"'.format(table.replace('"', '""'))
                if db.execute(f"SELECT 1 FROM {quoted} LIMIT 1").fetchone():
                    return table
        return None
    connection = _connect(database)
    try:
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return table
    except DatabaseError as exc:
        raise BackupError(f"Cannot read the database {name}: {exc}") from exc
    finally:
        connection.close()
    return None


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """Each regular file under media_root with its name in the archive, in a stable order.

    Symbolic links are left out: they are not the portal's files, and following one
    could put a file from anywhere on the machine into the archive.
    """
    for directory, subdirectories, files in os.walk(media_root):
        subdirectories.sort()
        for filename in sorted(files):
            path = Path(directory, filename)
            if path.is_file() and not path.is_symlink():
                yield path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"


class _HashingReader:
    """Wraps a file and hashes what is read through it, so that each file is read once."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _tar_add(tar: tarfile.TarFile, path: Path, name: str) -> str:
    """Add a file to the archive; return its SHA-256."""
    info = tar.gettarinfo(path, arcname=name)
    with open(path, "rb") as file:
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    return reader.sha256.hexdigest()


def _tar_add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _member_name(member: tarfile.TarInfo) -> str:
    """The member's name, if it is a regular file that belongs in a backup.

    Absolute paths, '..', links and devices are refused: extracted, they could write
    outside the staging directory and so outside MEDIA_ROOT.
    """
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"Refusing the archive: the member {member.name!r} points outside its directory.")
    if not member.isfile():
        raise BackupError(
            f"Refusing the archive: the member {member.name!r} is a link or a device, not a regular file."
        )
    name = path.as_posix()
    if name not in (MANIFEST, *DATABASE_MEMBERS.values()) and not (
        len(path.parts) > 1 and path.parts[0] == MEDIA
    ):
        raise BackupError(f"Refusing the archive: unexpected member {member.name!r}.")
    return name


def _extract_verified(archive: Path, staging: Path) -> dict[str, Any]:
    """Extract every member into staging, then check them all against the manifest.

    Names are checked before anything is written; the checksums are compared when the
    manifest, the last member, has been read.
    """
    checksums: dict[str, str] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _member_name(member)
                if name in checksums or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(f"Refusing the archive: it holds {name} twice.")
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_data = source.read(MANIFEST_MAX_BYTES)
                else:
                    checksums[name] = _extract_file(source, staging / name)
    except (tarfile.TarError, gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from exc
    manifest = _manifest_parse(manifest_data)
    _checksums_compare(manifest, checksums)
    return manifest


def _extract_file(source: IO[bytes], path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    reader = _HashingReader(source)
    with open(path, "xb") as target:
        shutil.copyfileobj(reader, target)
    return reader.sha256.hexdigest()


def _manifest_parse(data: bytes | None) -> dict[str, Any]:
    if data is None:
        raise BackupError(f"Refusing the archive: it has no {MANIFEST}.")
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise BackupError(f"Refusing the archive: {MANIFEST} is not valid JSON ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"Refusing the archive: {MANIFEST} is not a {FORMAT} manifest.")
    if manifest.get("engine") not in DATABASE_MEMBERS or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"Refusing the archive: {MANIFEST} lacks the engine or the file checksums.")
    return manifest


def _checksums_compare(manifest: dict[str, Any], checksums: dict[str, str]) -> None:
    """Refuse, naming the file, if any member differs from the manifest or is missing or extra."""
    expected = manifest["files"]
    for name, digest in checksums.items():
        if name not in expected:
            raise BackupError(f"Refusing the archive: {name} is not listed in its manifest.")
        if expected[name] != digest:
            raise BackupError(
                f"Refusing the archive: the checksum of {name} does not match the manifest; "
                "the archive is damaged or was altered."
            )
    missing = sorted(set(expected) - set(checksums))
    if missing:
        raise BackupError(f"Refusing the archive: {missing[0]} is in the manifest but not in the archive.")
    if DATABASE_MEMBERS[manifest["engine"]] not in checksums:
        raise BackupError(f"Refusing the archive: it has no {DATABASE_MEMBERS[manifest['engine']]}.")


def _media_moves(staged: Path, media_root: Path) -> list[tuple[Path, Path]]:
    """Each staged media file with its place under media_root, all checked before any moves.

    With --force, a symbolic link already under media_root could lead a file outside it.
    """
    root = media_root.resolve()
    moves = []
    for file, name in _media_files(staged):
        destination = media_root / PurePosixPath(name).relative_to(MEDIA)
        if not destination.parent.resolve().is_relative_to(root):
            raise BackupError(f"Refusing to write {destination}: a link leads it outside {media_root}.")
        moves.append((file, destination))
    return moves
