# Target moves here from portal: the table and its rows stay as they are (state only);
# 0002 then gives the table this app's name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0007_password_policy"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Target",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                        ("figure", models.CharField(max_length=60, verbose_name="指标")),
                        (
                            "value",
                            models.DecimalField(decimal_places=1, max_digits=12, verbose_name="目标值"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="设定时间")),
                        (
                            "set_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="设定人",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="portal.orgunit",
                                verbose_name="单位",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "年度目标",
                        "verbose_name_plural": "年度目标",
                        "db_table": "portal_target",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("unit", "year", "figure"), name="target_unique_per_unit_year_figure"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
