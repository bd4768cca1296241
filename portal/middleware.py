from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from portal.access import access_prime

log = logging.getLogger(__name__)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the visitor chose English with the switch in the header.

    Django's own middleware would follow the browser's Accept-Language, and office
    PCs with an English browser would then get an English portal nobody asked for.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AccessMiddleware:
    """A signed-in user's permissions, roles, unit, town and scope from one cached
    snapshot (portal.access.access_prime), before the view asks for them; where the
    cache is shared by every process (settings.ACCESS_SNAPSHOTS)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if settings.ACCESS_SNAPSHOTS and user.is_authenticated:
            # The user itself, not AuthenticationMiddleware's lazy stand-in: the snapshot
            # fills the user's own cached attributes, which the stand-in would keep apart.
            access_prime(getattr(user, "_wrapped", user))
        return self.get_response(request)


# What PostgreSQL answers when two requests wait on each other's rows (a deadlock,
# which it breaks by failing one) or a lock is not granted in time: the other request
# went through, and trying again a moment later succeeds.
BUSY_STATES = {"40P01", "40001", "55P03"}  # deadlock_detected, serialization_failure, lock_not_available


class BusyDatabaseMiddleware:
    """A request that lost a race for rows answers 503 "请稍后重试", not a server error."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError):
            return None
        if getattr(exception.__cause__, "sqlstate", None) not in BUSY_STATES:
            return None
        log.warning("Busy database on %s %s: %s", request.method, request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "2"
        return response


class FriendlyErrorPagesMiddleware:
    """With DEBUG on (make run), a missing or forbidden page is the portal's own, as in production.

    Django's technical 404 and 403 pages list the site's URL patterns and settings; the
    people trying `make run` are an office's staff, not its developers. A developer who
    wants them sets TECHNICAL_ERROR_PAGES=true.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG or settings.TECHNICAL_ERROR_PAGES:
            return None
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", status=403)
        return None
