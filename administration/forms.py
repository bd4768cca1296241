"""The administrators' forms: accounts, roles and units."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, SetPasswordForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.access import units_for
from portal.forms import PASSWORD_HELP, SetByAdministrator, UnitChoiceField
from portal.models import OrgUnit, User, in_subtree
from portal.roles import ROLE_DESCRIPTIONS, Role, validate_role_combination

TOP_KINDS = {OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWN}
# Which kinds of unit may sit under which: units belong to a town, towns to a district.
PARENT_KINDS = {
    OrgUnit.Kind.DISTRICT: set(),
    OrgUnit.Kind.TOWN: {OrgUnit.Kind.DISTRICT},
    OrgUnit.Kind.VILLAGE: {OrgUnit.Kind.TOWN},
    OrgUnit.Kind.COMMUNITY: {OrgUnit.Kind.TOWN},
    OrgUnit.Kind.DEPARTMENT: {OrgUnit.Kind.TOWN, OrgUnit.Kind.DISTRICT},
    # 新时代文明实践站: the town's, or a village's or community's own.
    OrgUnit.Kind.STATION: {OrgUnit.Kind.TOWN, OrgUnit.Kind.VILLAGE, OrgUnit.Kind.COMMUNITY},
}


class UserCreateForm(SetByAdministrator, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "name", "unit", "phone"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(by).filter(is_active=True)
        self.fields["unit"].required = True
        self.fields["name"].required = True
        self.fields["password1"].help_text = PASSWORD_HELP

    def clean_username(self) -> str:
        # "Reporter" and "reporter" would be two accounts nobody can tell apart.
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("已有用户名为“%(name)s”的账号（不区分大小写）。"), params={"name": username}
            )
        return username


class AccountSearchForm(forms.Form):
    """The account lists' search box: bounded (SQLite refuses long LIKE patterns) and free of
    NUL (PostgreSQL refuses it in text), so a pasted paragraph is no server error."""

    q = forms.CharField(max_length=100, required=False)


class AdminPasswordForm(SetByAdministrator, SetPasswordForm):
    """The sysadmin sets a new password for someone else's account."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "unit", "phone"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The account's own unit stays choosable even if it was deactivated since.
        units = units_for(by)
        self.fields["unit"].queryset = units.filter(Q(is_active=True) | Q(pk=self.instance.unit_id))
        self.fields["unit"].required = True


class RoleForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("系统管理员、安全管理员、审计管理员三者只能任其一，且不能兼任业务角色（三员分立）。"),
    )

    descriptions = ROLE_DESCRIPTIONS

    def clean_roles(self) -> list[str]:
        roles = self.cleaned_data["roles"]
        validate_role_combination(roles)
        return roles


class UnitForm(forms.ModelForm):
    parent = UnitChoiceField(label=_("上级单位"), queryset=OrgUnit.objects.none())

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "is_active"]

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving a unit is not offered: its records' history would change town.
            del self.fields["parent"]
            if self.instance.kind in TOP_KINDS or self.instance.numchild:
                # A town or a unit with units below it keeps its kind: changing it would
                # change what every account under it can see.
                self.fields["kind"].disabled = True
            if self.instance.kind in TOP_KINDS:
                # Deactivating the town would empty every unit list of its accounts.
                self.fields["is_active"].disabled = True
        else:
            self.fields["parent"].queryset = units_for(by).filter(
                kind__in=[OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWN]
            )
            del self.fields["is_active"]

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        parent = (
            cleaned.get("parent") if "parent" in self.fields else OrgUnit.objects.get_parent(self.instance)
        )
        if kind and parent is None and kind not in TOP_KINDS:
            self.add_error("kind", _("最上级单位只能是区或镇（街道）。"))
        elif kind and parent is not None and parent.kind not in PARENT_KINDS[kind]:
            self.add_error(
                "kind",
                _("%(kind)s不能设在%(parent_kind)s之下。")
                % {"kind": OrgUnit.Kind(kind).label, "parent_kind": OrgUnit.Kind(parent.kind).label},
            )
        name = cleaned.get("name", "").strip()
        town = (parent.town or parent) if parent else None
        if name and town is not None:
            # Ledgers and imports name units, so two units of a town never share a name.
            same_name = OrgUnit.objects.filter(in_subtree(town, field=""), name=name).exclude(
                pk=self.instance.pk
            )
            if same_name.exists():
                self.add_error("name", _("本镇已有名为“%(name)s”的单位。") % {"name": name})
        return cleaned
