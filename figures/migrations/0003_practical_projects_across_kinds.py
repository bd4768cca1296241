# 实事项目 are counted across every kind now (records.practical_projects), not as events:
# a target set on the old code follows it.

from django.db import migrations

OLD, NEW = "event.practical_projects", "records.practical_projects"


def rename(apps, old: str, new: str) -> None:
    Target = apps.get_model("figures", "Target")
    for target in Target.objects.filter(figure=old):
        if Target.objects.filter(unit_id=target.unit_id, year=target.year, figure=new).exists():
            target.delete()
        else:
            target.figure = new
            target.save(update_fields=["figure"])


def forwards(apps, schema_editor) -> None:
    rename(apps, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("figures", "0002_target_table")]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
