"""The database itself refuses to change audit entries, or (PostgreSQL) to delete young ones.

On PostgreSQL a row trigger rejects every UPDATE, and every DELETE of an entry younger
than 184 days, whoever issues it. SQLite, the development database, gets the UPDATE
rule only: its test flushes delete rows. The hash chain catches what gets past either.
"""

from django.db import migrations

POSTGRESQL = [
    """
CREATE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit entries are never changed';
    END IF;
    IF OLD.at > now() - interval '184 days' THEN
        RAISE EXCEPTION 'audit entries are kept at least 184 days';
    END IF;
    RETURN OLD;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_append_only()",
]
SQLITE = [
    """
CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never changed');
END
"""
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_append_only"]
STATEMENTS = {"postgresql": (POSTGRESQL, POSTGRESQL_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}


def forwards(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
