"""Password rules beyond Django's own (等保 第二级 身份鉴别)."""

from __future__ import annotations

import string

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


class CharacterClassesValidator:
    """At least `min_classes` of: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        found = sum(any(char in chars for char in password) for chars in CLASSES)
        found += any(not any(char in chars for chars in CLASSES) for char in password)
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 种。") % {"n": self.min_classes}


class PersonalInfoValidator:
    """Not the account's user name, the person's name or phone number, nor one of them with a few
    characters added: Django's similarity check lets "沙头信息员t2rep1A" through for the
    name "沙头信息员t2rep", and a two-character Chinese name inside any password."""

    # Shorter values would refuse passwords by chance ("王" in "王者荣耀#2026" is a name, too).
    SHORTEST = {"username": 3, "name": 2, "phone": 6}

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        folded = password.casefold()
        for attribute, shortest in self.SHORTEST.items():
            value = str(getattr(user, attribute, "") or "").casefold().strip()
            if len(value) >= shortest and value in folded:
                raise ValidationError(self.get_help_text(), code="password_personal")

    def get_help_text(self) -> str:
        return _("密码不能包含用户名、姓名或手机号。")


class PasswordHistoryValidator:
    """A new password may not be any of the last `remember` set, the current one included."""

    def __init__(self, remember: int = 5) -> None:
        self.remember = remember

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from portal.models import PasswordHistory

        stored = [user.password] if user.password else []
        stored += PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
            : self.remember
        ]
        if any(check_password(password, encoded) for encoded in dict.fromkeys(stored)):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        from portal.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: self.remember]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return _("新密码不能与最近 %(n)d 次用过的密码相同。") % {"n": self.remember}


# Pages a user who must change their password can still reach.
PASSWORD_CHANGE_EXEMPT = {"password_change", "password_change_done", "logout", "set_language", "healthz"}


class PasswordPolicyMiddleware:
    """Sends a user whose password has expired, or was set by an administrator, to change it first."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.must_change_password or user.password_expired)
        ):
            match = _resolve(request.path_info)
            if match is None or match.view_name not in PASSWORD_CHANGE_EXEMPT:
                if request.method == "GET":  # once per page asked for, not for each form post
                    messages.warning(
                        request,
                        _("请先设置新密码：管理员为您设置的初始密码须在首次登录时修改。")
                        if user.must_change_password
                        else _("您的密码已使用超过 %(days)d 天，请设置新密码后继续。")
                        % {"days": settings.PASSWORD_MAX_AGE_DAYS},
                    )
                return redirect("password_change")
        return self.get_response(request)


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
