"""Sessions end after 30 idle minutes and, whatever the activity, after 12 hours."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SEEN_KEY = "portal_last_seen"
STARTED_KEY = "portal_started"
# The last-seen time is written at most this often, not on every request.
WRITE_EVERY = 60


class SessionLimitsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault(STARTED_KEY, now)
            seen = session.get(SEEN_KEY, now)
            idle = now - seen > settings.SESSION_IDLE_SECONDS
            if idle or now - started > settings.SESSION_MAX_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _("长时间未操作，已自动退出登录，请重新登录。")
                    if idle
                    else _("登录已超过 12 小时，请重新登录。"),
                )
                return redirect_to_login(request.get_full_path())
            if now - seen >= WRITE_EVERY or SEEN_KEY not in session:
                session[SEEN_KEY] = now
        return self.get_response(request)
