from django.contrib import admin

from honours.models import Honour


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "level", "recipient", "status"]
    list_filter = ["level", "status"]
    search_fields = ["title", "recipient"]
    raw_id_fields = ["unit", "theme", "author", "reviewed_by"]
