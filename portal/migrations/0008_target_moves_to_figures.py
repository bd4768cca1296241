# Target now lives in the figures app (figures/migrations/0001): forget it here, keep the table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_password_policy"),
        ("figures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Target")],
            database_operations=[],
        ),
    ]
