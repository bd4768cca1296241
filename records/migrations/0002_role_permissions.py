"""Gives the roles the record permissions (portal/roles.py) now that the models exist."""

from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
        ("activities", "0001_initial"),
        ("media_outreach", "0002_initial"),
        ("portal", "0003_alter_user_options"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
