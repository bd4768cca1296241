from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.home import sections_for


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"sections": sections_for(request.user)})
