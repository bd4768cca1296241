"""Gives the roles the permissions of brands and year-end material (portal/roles.py)."""

from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_sources_signing_day_material_calls"),
        ("records", "0003_brands_campaigns_framing"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
