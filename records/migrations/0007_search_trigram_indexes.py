"""Trigram indexes for the lists' search on PostgreSQL (records.search)."""

from django.db import migrations

from records.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [("records", "0006_photo_display")]

    operations = [
        TrigramIndexes("records_record", ("title", "summary", "place")),
    ]
