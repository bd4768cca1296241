from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from figures.metrics import figure_label, target_codes
from reports.models import PlanItem, ReportDraft, ReportSection, WorkRule
from reports.numbers import placeholders_check


class PlaceholderChecked:
    """Text fields of these forms may hold {figure} placeholders, but only known ones."""

    checked_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.checked_fields:
            try:
                placeholders_check(cleaned.get(name) or "")
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        return cleaned


class DraftForm(PlaceholderChecked, forms.ModelForm):
    checked_fields = ("title", "opening", "plan_opening")

    def clean_signed_on(self):
        """A report is signed on the day it is built or before, never later."""
        day = self.cleaned_data.get("signed_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("成文日期不能晚于今天；不填则为生成文件的当天。"))
        return day

    class Meta:
        model = ReportDraft
        fields = ["title", "opening", "plan_opening", "rounding", "signature", "signed_on"]
        widgets = {
            "opening": forms.Textarea(attrs={"rows": 4, "data-chip-editor": ""}),
            "plan_opening": forms.Textarea(attrs={"rows": 2, "data-chip-editor": ""}),
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class SectionForm(PlaceholderChecked, forms.ModelForm):
    checked_fields = ("lead", "text")

    class Meta:
        model = ReportSection
        fields = ["order", "lead", "text", "include"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8, "data-chip-editor": ""}),
            "order": forms.NumberInput(attrs={"class": "order-input"}),
        }


class PlanItemForm(PlaceholderChecked, forms.ModelForm):
    checked_fields = ("heading", "text")
    target_figure = forms.ChoiceField(label=_("明年目标指标"), required=False)
    target_value = forms.DecimalField(
        label=_("目标值"), required=False, min_value=0, max_digits=12, decimal_places=1
    )

    class Meta:
        model = PlanItem
        fields = ["order", "heading", "text"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5, "data-chip-editor": ""}),
            "order": forms.NumberInput(attrs={"class": "order-input"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_figure"].choices = [
            ("", "—"),
            *((code, figure_label(code)) for code in target_codes()),
        ]
        if self.instance.targets:
            code, value = next(iter(self.instance.targets.items()))
            self.initial.update(target_figure=code, target_value=value)

    def clean(self):
        cleaned = super().clean()
        figure, value = cleaned.get("target_figure"), cleaned.get("target_value")
        if bool(figure) != (value is not None):
            self.add_error("target_value", _("目标指标和目标值要一起填写。"))
        return cleaned

    def save(self, commit: bool = True) -> PlanItem:
        figure, value = self.cleaned_data.get("target_figure"), self.cleaned_data.get("target_value")
        self.instance.targets = {figure: float(value)} if figure and value is not None else {}
        return super().save(commit=commit)


# A draft has a section per work theme and a handful of plan items. A posted form count
# past this is refused before the forms are built: each one costs time to clean and render.
MAX_FORMS = 50
# The sections are the draft's own (draft_compile makes them); a posted extra one is ignored.
SectionFormSet = forms.modelformset_factory(
    ReportSection, form=SectionForm, extra=0, edit_only=True, max_num=MAX_FORMS, absolute_max=MAX_FORMS
)
PlanFormSet = forms.inlineformset_factory(
    ReportDraft,
    PlanItem,
    form=PlanItemForm,
    extra=1,
    can_delete=True,
    max_num=MAX_FORMS,
    absolute_max=MAX_FORMS,
)


class CompileForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args, years, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class BinderForm(forms.Form):
    """Which records go in a ledger binder: a year, and optionally one kind or unit."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    kind = forms.ChoiceField(
        label=_("类别"),
        required=False,
        help_text=_("全部类别时按迎检顺序成册：制度、组织网络、计划、总结，再按工作板块和月份列出活动。"),
    )
    unit = forms.ModelChoiceField(label=_("单位"), required=False, queryset=None, empty_label=_("全镇"))
    gaps = forms.BooleanField(label=_("附台账缺项清单"), required=False)

    def __init__(self, *args, years, units, **kwargs) -> None:
        from records.kinds import kind_choices

        super().__init__(*args, prefix="binder", **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["kind"].choices = [("", _("全部类别")), *kind_choices()]
        self.fields["unit"].queryset = units


class WorkRuleForm(forms.ModelForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("part") == WorkRule.Part.PLAN and not cleaned.get("year"):
            self.add_error("year", _("年度计划请填写它所计划的年度。"))
        return cleaned

    class Meta:
        model = WorkRule
        fields = ["part", "year", "title", "issued_on", "text", "order", "is_active"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 16}),
        }
