from django.contrib import admin

from ideology.models import IdeologyWork


@admin.register(IdeologyWork)
class IdeologyWorkAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "unit", "work_type", "status"]
    list_filter = ["work_type", "status"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "theme", "author", "reviewed_by"]
