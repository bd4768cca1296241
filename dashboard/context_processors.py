from __future__ import annotations

from django.http import HttpRequest

from dashboard.home import nav_links_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    return {"nav_links": nav_links_for(user)}
