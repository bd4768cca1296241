from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from audit.models import Event, Outcome


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("事件"), choices=[("", _("全部事件")), *Event.choices], required=False)
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[("", _("全部结果")), *Outcome.choices], required=False
    )
    user = forms.CharField(label=_("用户"), max_length=150, required=False)
    start = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("对象或 IP"), max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def filter(self, entries: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data["event"]:
            entries = entries.filter(event=data["event"])
        if data["outcome"]:
            entries = entries.filter(outcome=data["outcome"])
        if data["user"]:
            entries = entries.filter(
                Q(username__icontains=data["user"]) | Q(user__name__icontains=data["user"])
            )
        if data["start"]:
            entries = entries.filter(at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(at__date__lte=data["end"])
        if data["q"]:
            entries = entries.filter(Q(object_repr__icontains=data["q"]) | Q(ip__startswith=data["q"]))
        return entries
