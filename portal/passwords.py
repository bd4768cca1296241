"""Password rules beyond Django's own (等保 第二级 身份鉴别)."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
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
