"""Gives the roles the permissions of 迎检 (portal/roles.py)."""

from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0001_initial"),
        ("scoring", "0003_line_year_validators_wider_totals"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
