"""Trigram indexes for the lists' search on PostgreSQL (records.search)."""

from django.db import migrations

from records.search import TrigramIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("media_outreach", "0003_own_platforms_front_page_and_headline"),
        ("records", "0007_search_trigram_indexes"),
    ]

    operations = [
        TrigramIndexes("media_outreach_mediaplacement", ("authors",)),
    ]
