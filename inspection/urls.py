from django.urls import path

from inspection import views

app_name = "inspection"

urlpatterns = [
    path("", views.gaps, name="gaps"),
    path("checklist/", views.checklist, name="checklist"),
    path("digests/", views.digests, name="digests"),
    path("digests/<id:pk>/read/", views.digest_read, name="digest_read"),
]
