from __future__ import annotations

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from portal.access import units_for
from portal.models import OrgUnit, User
from portal.roles import ROLE_DESCRIPTIONS, Role, admin_role_conflict

# Which kinds of unit may sit under which: units belong to a town, towns to a district.
PARENT_KINDS = {
    OrgUnit.Kind.DISTRICT: set(),
    OrgUnit.Kind.TOWN: {OrgUnit.Kind.DISTRICT},
    OrgUnit.Kind.VILLAGE: {OrgUnit.Kind.TOWN},
    OrgUnit.Kind.COMMUNITY: {OrgUnit.Kind.TOWN},
    OrgUnit.Kind.DEPARTMENT: {OrgUnit.Kind.TOWN, OrgUnit.Kind.DISTRICT},
}


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown indented by depth, so the tree reads in a plain <select>."""

    def label_from_instance(self, unit: OrgUnit) -> str:
        return "\u3000" * (unit.depth - 1) + unit.name


class UserCreateForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "name", "unit", "phone"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(by).filter(is_active=True)
        self.fields["unit"].required = True
        self.fields["name"].required = True


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "unit", "phone"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(by).filter(is_active=True)
        self.fields["unit"].required = True


class RoleForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("系统管理员、安全管理员、审计管理员三者只能任其一（三员分立）。"),
    )

    descriptions = ROLE_DESCRIPTIONS

    def clean_roles(self) -> list[str]:
        roles = self.cleaned_data["roles"]
        conflict = admin_role_conflict(roles)
        if conflict:
            names = "、".join(str(Role(role).label) for role in conflict)
            raise forms.ValidationError(_("三员分立：同一人不能同时担任%(roles)s。"), params={"roles": names})
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
        if kind and parent is None and PARENT_KINDS[kind]:
            self.add_error("kind", _("最上级单位只能是区或镇（街道）。"))
        elif kind and parent is not None and parent.kind not in PARENT_KINDS[kind]:
            self.add_error(
                "kind",
                _("%(kind)s不能设在%(parent_kind)s之下。")
                % {"kind": OrgUnit.Kind(kind).label, "parent_kind": OrgUnit.Kind(parent.kind).label},
            )
        return cleaned
