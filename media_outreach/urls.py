from django.urls import path

from media_outreach import views

app_name = "media_outreach"

urlpatterns = [
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/new/", views.outlet_create, name="outlet_create"),
    path("outlets/<id:pk>/", views.outlet_edit, name="outlet_edit"),
    path("placements/covers/", views.covers_search, name="covers_search"),
    path("placements/<id:pk>/clipping/", views.clipping_file, name="clipping"),
]
