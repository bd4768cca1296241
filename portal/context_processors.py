from __future__ import annotations

from django.http import HttpRequest

from portal.home import ROLE_LINKS


def navigation(request: HttpRequest) -> dict:
    """The header's links: every page the signed-in user's permissions open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    seen, links = set(), []
    for role_links in ROLE_LINKS.values():
        for link in role_links:
            if link.url_name not in seen and (link.perm is None or user.has_perm(link.perm)):
                seen.add(link.url_name)
                links.append(link)
    return {"nav_links": links}
