"""Lets the portal run as a PostgreSQL role that does not own its tables (等保 安全审计).

    python manage.py db_app_role portal_app        # run as the owner, after every migrate

The owner (the role that runs `migrate`) keeps the tables; the portal's web processes
and workers connect as the role named here. It may read and write every table, but may
only read and append the audit log and move its head: it cannot delete, update or
TRUNCATE entries, and, not owning the tables, cannot disable their triggers. The audit
purge (`audit_purge`), backups and migrations run as the owner. docs/operations.md
shows the set-up.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit.models import AuditChain, AuditEvent


class Command(BaseCommand):
    help = "Grant a PostgreSQL role what the running portal needs, the audit log append-only."

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", help="an existing role the portal connects as, e.g. portal_app")

    def handle(self, *args, role: str, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("only PostgreSQL has database roles; SQLite is for development.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(
                    f"no role {role}: create it first (CREATE ROLE {role} LOGIN PASSWORD '…')."
                )
            if found[0]:
                raise CommandError(f"{role} is a superuser, which no grant can limit.")
            cursor.execute("SELECT current_user")
            if cursor.fetchone()[0] == role:
                raise CommandError(f"run this as the tables' owner, not as {role}.")
        for statement in grants(connection.ops.quote_name(role)):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(f"{role} may now run the portal; the audit log is append-only to it.")
        )


def grants(role: str) -> list[str]:
    quote = connection.ops.quote_name
    events, head = quote(AuditEvent._meta.db_table), quote(AuditChain._meta.db_table)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {events} FROM {role}",
        f"REVOKE DELETE, TRUNCATE ON {head} FROM {role}",
        # Tables a later migration makes: the same, until this is run again after it.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}",
    ]
