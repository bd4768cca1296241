from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.forms import BASE_FIELDS, RecordForm


def _before(fields: list[str], anchor: str, *inserted: str) -> list[str]:
    at = fields.index(anchor)
    return [*fields[:at], *inserted, *fields[at:]]


class StudySessionForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = StudySession
        # 应到 beside 实到: the one is read against the other.
        fields = [
            "study_type",
            *_before(BASE_FIELDS, "participants", "expected_attendance"),
            "speaker",
            "host",
            "format",
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.CENTRAL_GROUP_REQUIRED:
            field = self.fields[name]
            field.label = _("%(label)s（中心组学习必填）") % {"label": field.label}

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("study_type") != StudySession.Type.CENTRAL_GROUP:
            return cleaned
        for name in self.CENTRAL_GROUP_REQUIRED:
            # A value refused already (a negative count) has its own message, not this one.
            if name not in self.errors and cleaned.get(name) in (None, ""):
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

    # A day has 24 hours, and a volunteer rarely serves more than this many of them.
    HOURS_USUAL = 12

    def clean(self) -> dict:
        cleaned = super().clean()
        volunteers, hours = cleaned.get("volunteers"), cleaned.get("service_hours")
        if volunteers is None or hours is None:
            return cleaned
        if volunteers == 0 and hours > 0:
            self.add_error("volunteers", _("有服务时长时，志愿者人数至少为 1。"))
        elif hours > volunteers * 24:
            self.add_error(
                "service_hours",
                _("服务时长 %(hours)s 小时超过了 %(n)d 名志愿者一天最多的 %(most)d 小时，请核对。")
                % {"hours": hours, "n": volunteers, "most": volunteers * 24},
            )
        elif volunteers and hours > volunteers * self.HOURS_USUAL:
            self.warn(
                _("平均每名志愿者服务 %(each).1f 小时，超过一般的 %(usual)d 小时，请核对服务时长。")
                % {"each": hours / volunteers, "usual": self.HOURS_USUAL}
            )
        return cleaned
