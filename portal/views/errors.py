from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form older than its session (a login page left open overnight, say)."""
    return render(request, "403_csrf.html", status=403)
