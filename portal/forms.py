"""Forms of the foundation: sign-in, the unit picker, and the mark of a password an administrator set."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.html import format_html
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


class SearchSelect(forms.Widget):
    """One row chosen by searching, for lists too long for a <select> (thousands of records).

    Posts the row's id, like a select; shows the chosen row's label, which `label(value)`
    gives (one query, only when there is a value). static/js/portal.js asks `url` with
    ``?q=`` as the person types and lists what it answers: ``{"results": [{"id", "label"}]}``.
    """

    def __init__(self, *, url: str, label, placeholder: str = "", attrs=None):
        super().__init__(attrs)
        self.url, self.label, self.placeholder = url, label, placeholder

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.get("id") or f"id_{name}"
        shown = self.label(value) if value not in (None, "") else ""
        if not shown:  # a row gone, voided or out of the user's scope: nothing to keep
            value = ""
        return format_html(
            '<div class="search-select position-relative" data-search-select="{url}"'
            ' data-label-none="{none}" data-label-failed="{failed}">'
            '<input type="hidden" name="{name}" value="{value}" data-search-value>'
            '<input type="search" class="form-control" id="{id}" value="{shown}" placeholder="{placeholder}"'
            ' autocomplete="off" role="combobox" aria-autocomplete="list" aria-expanded="false"'
            ' aria-controls="{id}_options" data-search-input>'
            '<ul class="list-group position-absolute w-100 shadow-sm search-select-options" id="{id}_options"'
            ' role="listbox" hidden></ul>'
            '<div class="form-text" data-search-status aria-live="polite"></div></div>',
            url=self.url,
            name=name,
            value="" if value is None else value,
            id=field_id,
            shown=shown,
            placeholder=self.placeholder,
            none=_("没有标题含这些字的活动。"),
            failed=_("查找失败，请检查网络后再输入。"),
        )

    def value_from_datadict(self, data, files, name):
        return data.get(name)
