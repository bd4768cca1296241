"""The foundation's own pages: a background job's state, for the pages that poll it."""

from django.urls import path

from portal.views import system

app_name = "portal"

urlpatterns = [
    path("jobs/<uuid:pk>/", system.job_status, name="job_status"),
]
