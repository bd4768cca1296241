"""Django admin for records, for superusers (see portal/admin.py): read and correct
data an ordinary page cannot reach. Records are normally changed on their own pages,
where the workflow and the audit trail apply."""

from __future__ import annotations

from django.contrib import admin

from records.models import Photo, Record, WorkTheme


@admin.register(WorkTheme)
class WorkThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "order", "is_active"]
    list_filter = ["town", "is_active"]


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "unit", "status"]
    list_filter = ["kind", "status", "theme"]
    search_fields = ["title", "summary"]
    date_hierarchy = "date"
    raw_id_fields = ["unit", "theme", "author", "reviewed_by"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["original_name", "record", "taken_at", "uploaded_at"]
    raw_id_fields = ["record", "uploaded_by"]
