"""Forms of the foundation: sign-in, the unit picker, and the mark of a password an administrator set."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from portal.models import OrgUnit, User


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so the tree reads in a plain <select>."""

    def label_from_instance(self, unit: OrgUnit) -> str:
        return "\u3000" * (unit.depth - 1) + unit.name


PASSWORD_HELP = _(
    "至少 8 位，含大写字母、小写字母、数字、符号中的至少 3 种，不能与用户名或姓名相近，不能是常见密码。"
)


class SetByAdministrator:
    """For a form an administrator sets someone's password with: its holder must change it
    at the next sign-in, so that only they know it."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
        return user


class SignInForm(AuthenticationForm):
    """Django's sign-in form, holding the user name to its length before anything stores it.

    AuthenticationForm sets max_length after building the field, so no validator checks
    it, and django-axes would write a longer name into its 255-character column.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
