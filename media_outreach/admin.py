from django.contrib import admin

from media_outreach.models import MediaOutlet, MediaPlacement


@admin.register(MediaOutlet)
class MediaOutletAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "channel", "town", "is_active"]
    list_filter = ["level", "channel", "is_active"]


@admin.register(MediaPlacement)
class MediaPlacementAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "outlet", "status"]
    list_filter = ["status", "outlet__level"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "theme", "author", "reviewed_by", "outlet", "covers"]
