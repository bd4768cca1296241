# The placeholder {event.practical_projects} is {records.practical_projects} now (实事项目
# across every kind): drafts written before keep resolving.

from django.db import migrations

OLD, NEW = "{event.practical_projects}", "{records.practical_projects}"


def rename(apps, old: str, new: str) -> None:
    fields = {
        "ReportDraft": ["title", "opening", "plan_opening"],
        "ReportSection": ["lead", "text", "generated"],
        "PlanItem": ["heading", "text"],
    }
    for name, texts in fields.items():
        model = apps.get_model("reports", name)
        for row in model.objects.all():
            changed = [field for field in texts if old in getattr(row, field)]
            for field in changed:
                setattr(row, field, getattr(row, field).replace(old, new))
            if name == "PlanItem" and old.strip("{}") in row.targets:
                row.targets = {
                    new.strip("{}") if key == old.strip("{}") else key: value
                    for key, value in row.targets.items()
                }
                changed.append("targets")
            if changed:
                row.save(update_fields=changed)


def forwards(apps, schema_editor) -> None:
    rename(apps, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_role_permissions")]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
