from __future__ import annotations

from django import forms

from ideology.models import IdeologyWork
from records.forms import BASE_FIELDS, RecordForm


class IdeologyWorkForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = IdeologyWork
        fields = ["work_type", *BASE_FIELDS, "topics", "outcome"]
        widgets = {
            **RecordForm.Meta.widgets,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
