# The moved Target takes this app's table name, and its content type follows it, so its
# audit trail (django-auditlog) and its permissions stay attached.

from django.db import migrations


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="figures", model="target").exists():
        ContentType.objects.filter(app_label="portal", model="target").update(app_label="figures")


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="figures", model="target").update(app_label="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0001_initial"),
        ("portal", "0008_target_moves_to_figures"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="target", table=None),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
