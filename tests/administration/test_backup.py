"""Backup and restore (数据备份恢复): the same rows and media come back; bad archives are refused.

The SQLite tests run the real commands on an installation of their own (a SQLite file
and a media directory made by migrate and seed_demo in subprocesses), so they run
whatever database the suite itself is on. The PostgreSQL test backs up the suite's
test database and restores it into a second database made for the purpose.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from portal import backup
from portal.backup import BackupError, backup_create, backup_restore
from tests.factories import add_photo, make_record

ROOT = Path(__file__).resolve().parents[2]
SQLITE = "django.db.backends.sqlite3"


def manage(*args: str, database: Path, media: Path) -> str:
    """Run manage.py as an operator would, on the given SQLite file and MEDIA_ROOT."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def sqlite_rows(name: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read with plain sqlite3 so that both sides convert alike."""
    with closing(sqlite3.connect(name)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables
        }


# The backup and restore commands log themselves in the audit log, after the dump and
# after the restore: those tables are compared apart.
AUDIT_TABLES = ("audit_auditevent", "audit_auditchain")


def without_audit(tables: dict) -> dict:
    return {name: rows for name, rows in tables.items() if name not in AUDIT_TABLES}


def audit_events(rows: list[tuple], leaving_out: str) -> set[tuple]:
    return {row for row in rows if row[4] != leaving_out}


def sqlite_database(path: Path) -> dict[str, str]:
    return {"ENGINE": SQLITE, "NAME": str(path)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """A SQLite installation (database file, MEDIA_ROOT) with the demo accounts and records with photos."""
    base = tmp_path_factory.mktemp("site")
    database, media = base / "db.sqlite3", base / "media"
    manage("migrate", "--verbosity=0", database=database, media=media)
    manage("seed_demo", "--no-records", database=database, media=media)
    records = "[add_photo(make_record(kind)) for kind in ('study', 'event', 'media')]"
    code = f"from tests.factories import add_photo, make_record; {records}"
    manage("shell", "--verbosity=0", f"--command={code}", database=database, media=media)
    return database, media


@pytest.fixture(scope="module")
def archive(site, tmp_path_factory) -> Path:
    """A backup of the SQLite installation, written by the backup command."""
    output = tmp_path_factory.mktemp("backups")
    printed = manage("backup", f"--output={output}", database=site[0], media=site[1])
    [path] = output.iterdir()
    assert str(path) in printed
    return path


def test_a_sqlite_backup_restores_into_an_empty_installation(site, archive, tmp_path):
    database, media = tmp_path / "restored.sqlite3", tmp_path / "media"
    manage("restore", str(archive), database=database, media=media)
    restored, original = sqlite_rows(database), sqlite_rows(site[0])
    assert without_audit(restored) == without_audit(original)
    assert len(restored["records_photo"]) == 3
    # The log as it was at the backup, and then the restore itself.
    events = restored["audit_auditevent"]
    assert audit_events(events, "restore") == audit_events(original["audit_auditevent"], "backup")
    assert [row[4] for row in events].count("restore") == 1
    assert media_checksums(media) == media_checksums(site[1]) != {}


def test_the_manifest_names_the_engine_migrations_and_checksums(archive):
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert (manifest["engine"], manifest["migrations"]["sessions"]) == ("sqlite", "0001_initial")
    assert set(manifest["files"]) == names - {"manifest.json"}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_into_an_empty_database(demo, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for kind in ("study", "event", "volunteer"):
        add_photo(make_record(kind))
    call_command("backup", f"--output={tmp_path / 'backups'}", stdout=io.StringIO())
    [archive] = (tmp_path / "backups").iterdir()
    target = {**connection.settings_dict, "NAME": f"{connection.settings_dict['NAME']}_restore"}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{target["NAME"]}"')
    try:
        backup_restore(archive=archive, database=target, media_root=tmp_path / "restored")
        restored, original = postgresql_tables(target), postgresql_tables(connection.settings_dict)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{target["NAME"]}" WITH (FORCE)')
    assert without_audit(restored) == without_audit(original)
    # Everything but the backup's own entry, written after the dump.
    assert restored["audit_auditevent"][0] == original["audit_auditevent"][0] - 1
    assert original["records_photo"][0] == 3
    assert media_checksums(tmp_path / "restored") == media_checksums(tmp_path / "media") != {}


def postgresql_tables(database: dict) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows, read on a connection of its own."""
    with (
        psycopg.connect(
            dbname=database["NAME"],
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
        ) as db,
        db.cursor() as cursor,
    ):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        digest = "count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        return {
            table: cursor.execute(
                sql.SQL(f"SELECT {digest} FROM {{}} t").format(sql.Identifier(table))
            ).fetchone()
            for table in tables
        }


def rewrite(archive: Path, path: Path, change: dict[str, bytes]) -> Path:
    """A copy of the archive with some members' content replaced and its manifest left as it was."""
    with tarfile.open(archive) as source, tarfile.open(path, "w:gz") as target:
        for member in source:
            data = change.get(member.name) or source.extractfile(member).read()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return path


def test_a_tampered_archive_is_refused_naming_the_file(archive, tmp_path):
    with tarfile.open(archive) as tar:
        photo = next(name for name in tar.getnames() if name.startswith("media/photos/"))
    tampered = rewrite(archive, tmp_path / "tampered.tar.gz", {photo: b"not the photo"})
    database, media = tmp_path / "restored.sqlite3", tmp_path / "media"
    with pytest.raises(BackupError, match=f"checksum of {photo} does not match"):
        backup_restore(archive=tampered, database=sqlite_database(database), media_root=media)
    assert not database.exists()
    assert media_checksums(media) == {}


def test_a_database_with_rows_is_not_overwritten(site, archive, tmp_path):
    database = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('today''s work')")
    with pytest.raises(BackupError, match="table notes has rows"):
        backup_restore(archive=archive, database=sqlite_database(database), media_root=tmp_path / "media")
    assert sqlite_rows(database) == {"notes": [("today's work",)]}


def test_a_media_directory_with_files_is_not_overwritten(archive, tmp_path):
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "kept.jpg").write_bytes(b"a photo")
    database = tmp_path / "restored.sqlite3"
    with pytest.raises(BackupError, match=r"MEDIA_ROOT \(.*\) already holds files"):
        backup_restore(archive=archive, database=sqlite_database(database), media_root=media)
    assert not database.exists()


def test_force_restores_over_an_installation_in_use(site, archive, tmp_path):
    database, media = tmp_path / "live.sqlite3", tmp_path / "media"
    with closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE django_session (session_key TEXT)")
        db.execute("INSERT INTO django_session VALUES ('stale')")
    backup_restore(archive=archive, database=sqlite_database(database), media_root=media, force=True)
    assert without_audit(sqlite_rows(database)) == without_audit(sqlite_rows(site[0]))


def test_force_does_not_follow_a_link_out_of_media_root(archive, tmp_path):
    outside, media, database = tmp_path / "outside", tmp_path / "media", tmp_path / "db.sqlite3"
    outside.mkdir()
    media.mkdir()
    (media / "photos").symlink_to(outside)
    with pytest.raises(BackupError, match="a link leads it outside"):
        backup_restore(archive=archive, database=sqlite_database(database), media_root=media, force=True)
    assert list(outside.iterdir()) == []
    assert not database.exists()


def hostile_archive(path: Path, members: list[tuple[tarfile.TarInfo, bytes]], engine: str = "sqlite") -> Path:
    """An archive with the given members after an empty database, its manifest listing them all
    with their true checksums, so that only the member checks can refuse it."""
    members = [(tarfile.TarInfo(backup.DATABASE_MEMBERS[engine]), b""), *members]
    manifest = {
        "format": backup.FORMAT,
        "created": "2026-01-01T00:00:00+08:00",
        "engine": engine,
        "migrations": {},
        "files": {info.name: hashlib.sha256(data).hexdigest() for info, data in members},
    }
    with tarfile.open(path, "w:gz") as tar:
        for info, data in [*members, (tarfile.TarInfo("manifest.json"), json.dumps(manifest).encode())]:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def file(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def link(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


@pytest.mark.parametrize(
    ("names", "refusal"),
    [
        (lambda tmp: [file("media/../../escaped.txt")], "points outside its directory"),
        (lambda tmp: [file(f"{tmp}/escaped.txt")], "points outside its directory"),
        (lambda tmp: [link("media/photos", str(tmp)), file("media/photos/escaped.txt")], "link or a device"),
        (lambda tmp: [file("escaped.txt")], "unexpected member"),
    ],
    ids=["dot-dot", "absolute", "symlink", "outside-media"],
)
def test_a_hostile_archive_writes_nothing_outside_media_root(names, refusal, tmp_path):
    archive = hostile_archive(tmp_path / "hostile.tar.gz", [(info, b"escaped") for info in names(tmp_path)])
    site = tmp_path / "site"
    with pytest.raises(BackupError, match=refusal):
        backup_restore(
            archive=archive, database=sqlite_database(site / "db.sqlite3"), media_root=site / "media"
        )
    assert [path.name for path in tmp_path.rglob("*") if path.is_file()] == ["hostile.tar.gz"]


def test_a_postgresql_dump_is_refused_on_sqlite(tmp_path):
    archive = hostile_archive(tmp_path / "pg.tar.gz", [], engine="postgresql")
    database = tmp_path / "db.sqlite3"
    with pytest.raises(
        BackupError, match="holds a PostgreSQL database but the configured database is SQLite"
    ):
        backup_restore(archive=archive, database=sqlite_database(database), media_root=tmp_path / "media")
    assert not database.exists()


def test_a_backup_cut_short_leaves_no_archive(site, tmp_path, monkeypatch):
    def disk_full(*args) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_tar_add_bytes", disk_full)
    with pytest.raises(OSError, match="No space left"):
        backup_create(database=sqlite_database(site[0]), media_root=site[1], output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
