# The media card is "各级媒体刊发" (media.published) now, which leaves the town's own
# platforms out; a target set on the old card (media.count) was meant for it.

from django.db import migrations

OLD, NEW = "media.count", "media.published"


def rename(apps, old: str, new: str) -> None:
    Target = apps.get_model("figures", "Target")
    for target in Target.objects.filter(figure=old):
        if not Target.objects.filter(unit_id=target.unit_id, year=target.year, figure=new).exists():
            target.figure = new
            target.save(update_fields=["figure"])


def forwards(apps, schema_editor) -> None:
    rename(apps, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("figures", "0003_practical_projects_across_kinds")]

    operations = [migrations.RunPython(forwards, backwards)]
