"""Gives the roles the permissions of media scoring (portal/roles.py)."""

from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0001_initial"),
        ("reports", "0005_material_permissions"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
