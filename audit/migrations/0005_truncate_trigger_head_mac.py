"""TRUNCATE is refused too, the head row cannot be deleted, and the head carries its own MAC.

Row triggers do not fire on TRUNCATE, which emptied the log in one statement; a
statement trigger refuses it now. Only a session that sets `portal.allow_audit_truncate`
(the test suite, whose flushes truncate every table) gets past it; the database role
the portal runs as should not own the tables (`manage.py db_grant_app_role`), so it
can neither truncate nor disable the triggers. The head's MAC makes a head row reset to
an older entry's number and hash detectable without a checkpoint.
"""

from django.db import migrations, models

POSTGRESQL = [
    """
CREATE FUNCTION audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the audit log is never truncated';
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()
""",
    """
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditchain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()
""",
    """
CREATE FUNCTION audit_head_kept() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit chain''s head is never deleted';
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_auditchain
    FOR EACH ROW EXECUTE FUNCTION audit_head_kept()
""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_head_kept ON audit_auditchain",
    "DROP FUNCTION IF EXISTS audit_head_kept()",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditchain",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_no_truncate()",
]


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement, params=None)


def triggers_dropped(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement, params=None)


def head_signed(apps, schema_editor):
    from audit.log import head_mac

    for head in apps.get_model("audit", "AuditChain").objects.all():
        head.mac = head_mac(head.seq, head.hash)
        head.save(update_fields=["mac"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_event_files_purge")]

    operations = [
        migrations.AddField(
            model_name="auditchain", name="mac", field=models.CharField(default="", max_length=64)
        ),
        migrations.RunPython(head_signed, migrations.RunPython.noop),
        migrations.RunPython(triggers, triggers_dropped),
    ]
