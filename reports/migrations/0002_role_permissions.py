"""Gives the secretary the report permission (portal/roles.py) now that the model exists."""

from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("portal", "0006_dashboard_permissions"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
