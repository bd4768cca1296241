"""Trigram indexes for the lists' search on PostgreSQL (records.search)."""

from django.db import migrations

from records.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [("ideology", "0001_initial"), ("records", "0007_search_trigram_indexes")]

    operations = [
        TrigramIndexes("ideology_ideologywork", ("topics", "outcome")),
    ]
