from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.forms import BASE_FIELDS, RecordForm


class StudySessionForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = StudySession
        fields = [
            "study_type",
            *BASE_FIELDS,
            "speaker",
            "host",
            "format",
            "expected_attendance",
            "absentees",
            "discussion_points",
        ]
        labels = {"participants": _("实到人数")}
        widgets = {
            **RecordForm.Meta.widgets,
            "absentees": forms.Textarea(attrs={"rows": 2}),
            "discussion_points": forms.Textarea(attrs={"rows": 4}),
        }

    # What inspectors check on a 中心组 session's record.
    CENTRAL_GROUP_REQUIRED = ("host", "expected_attendance", "participants", "discussion_points")

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("study_type") != StudySession.Type.CENTRAL_GROUP:
            return cleaned
        for name in self.CENTRAL_GROUP_REQUIRED:
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("中心组学习须填写此项。"))
        expected, actual = cleaned.get("expected_attendance"), cleaned.get("participants")
        if expected == 0:
            self.add_error("expected_attendance", _("应到人数至少为 1。"))
        elif (
            expected is not None
            and actual is not None
            and actual < expected
            and not cleaned.get("absentees", "").strip()
        ):
            self.add_error("absentees", _("有人缺席时，请写明缺席人员及原因。"))
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        expected, actual = self.cleaned_data.get("expected_attendance"), self.cleaned_data.get("participants")
        if expected and actual is not None and actual > expected:
            self.add_error("participants", _("实到人数不能多于应到人数。"))


class PublicityEventForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = PublicityEvent
        fields = ["event_type", *BASE_FIELDS, "audience"]


class VolunteerActivityForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = VolunteerActivity
        fields = ["service_type", *BASE_FIELDS, "team", "volunteers", "service_hours", "beneficiaries"]
