"""The lockout page django-axes shows for a locked user name."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout(request: HttpRequest, response=None, credentials: dict | None = None) -> HttpResponse:
    """django-axes' answer to a locked user name: the sign-in page again, saying why and for how long."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    message = _(
        "该账号连续 %(limit)d 次密码错误，已锁定 %(minutes)d 分钟。请稍后再试，或请系统管理员解锁。"
    ) % {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    context = {"form": form, "lockout_message": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
