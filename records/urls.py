from django.urls import path

from records import views, views_series, views_themes

app_name = "records"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("review/", views.review_queue, name="review_queue"),
    path("kind/<slug:kind>/", views.record_list, name="kind_list"),
    path("kind/<slug:kind>/new/", views.record_create, name="create"),
    path("<id:pk>/", views.record_detail, name="detail"),
    path("<id:pk>/edit/", views.record_edit, name="edit"),
    path("<id:pk>/submit/", views.record_submit, name="submit"),
    path("<id:pk>/approve/", views.record_approve, name="approve"),
    path("<id:pk>/return/", views.record_return, name="return"),
    path("<id:pk>/reopen/", views.record_reopen, name="reopen"),
    path("<id:pk>/withdraw/", views.record_withdraw, name="withdraw"),
    path("<id:pk>/void/", views.record_void, name="void"),
    path("<id:pk>/delete/", views.record_delete, name="delete"),
    path("<id:pk>/attachments/", views.record_attachments_add, name="attachments_add"),
    path("photos/<id:pk>/<str:size>/", views.photo_file, name="photo"),
    path("photos/kept/<slug:key>/", views.stashed_photo, name="stashed_photo"),
    path("attachments/<id:pk>/", views.attachment_file, name="attachment"),
    path("series/", views_series.series_list, name="series_list"),
    path("series/brands/new/", views_series.brand_edit, name="brand_create"),
    path("series/brands/<id:pk>/", views_series.brand_edit, name="brand_edit"),
    path("series/campaigns/new/", views_series.campaign_edit, name="campaign_create"),
    path("series/campaigns/<id:pk>/", views_series.campaign_edit, name="campaign_edit"),
    path("themes/", views_themes.theme_list, name="theme_list"),
    path("themes/new/", views_themes.theme_create, name="theme_create"),
    path("themes/<id:pk>/", views_themes.theme_edit, name="theme_edit"),
]
