from django.contrib import admin

from activities.models import PublicityEvent, StudySession, VolunteerActivity


@admin.register(StudySession, PublicityEvent, VolunteerActivity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "unit", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "theme", "author", "reviewed_by"]
