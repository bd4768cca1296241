"""The form every record kind's form builds on, and the generic list filter."""

from __future__ import annotations

import copy
from datetime import date
from difflib import SequenceMatcher

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access import units_for
from portal.forms import UnitChoiceField
from portal.models import User, in_subtree
from portal.submits import new_token
from records.attachments import ACCEPT as ATTACHMENT_ACCEPT
from records.attachments import attachment_process
from records.kinds import KINDS, Figure, figure_catalogue, kind_choices
from records.models import Attachment, Brand, CampaignTask, Record, WorkTheme
from records.queries import themes_for
from records.search import record_search
from records.services import default_theme

# Ledgers older than this are not the portal's business, and a typo like 0026 is caught.
EARLIEST_DATE = date(2000, 1, 1)
# Photos one form may bring. More than Django's DATA_UPLOAD_MAX_NUMBER_FILES (100) never
# reach the form: the request is refused whole (templates/400.html says why).
MAX_PHOTOS_PER_UPLOAD = 20

BASE_FIELDS = [
    "title",
    "date",
    "place",
    "unit",
    "theme",
    "brand",
    "campaign_task",
    "participants",
    "summary",
    "is_highlight",
    "is_practical_project",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, at most `most`; each is checked later, one by one."""

    most = MAX_PHOTOS_PER_UPLOAD
    too_many = _("一次最多上传 %(n)d 张照片，请分批上传。")
    accept = "image/jpeg,image/png,image/webp"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": self.accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > self.most:
            # Refused before any is decoded, which is where the time and memory go.
            raise forms.ValidationError(self.too_many, params={"n": self.most})
        one = super().clean  # (a bare super() does not work inside the comprehension)
        return [one(file, initial) for file in files]


class MultiplePhotoField(MultipleFileField):
    """Photos, each checked and re-encoded by `record_save`."""


class MultipleAttachmentField(MultipleFileField):
    """Files of one sort (签到表, 会议记录…); each is checked by the form's clean."""

    most = 10
    too_many = _("一次最多上传 %(n)d 个附件，请分批上传。")
    accept = ATTACHMENT_ACCEPT

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)  # refused by name, with the others kept
        super().__init__(*args, **kwargs)


# The form's attachment fields and the sort of file each holds.
ATTACHMENT_FIELDS = {
    "sign_in_sheets": Attachment.Sort.SIGN_IN,
    "minutes_files": Attachment.Sort.MINUTES,
    "other_files": Attachment.Sort.OTHER,
}


class RecordForm(forms.ModelForm):
    """Fields every kind has; a kind's form lists its own fields after BASE_FIELDS."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # One save per form however often its button is tapped (portal.submits).
    submit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # Shown with the form's warnings (an unusual figure, a likely duplicate): ticked, it saves anyway.
    accept_warnings = forms.BooleanField(label=_("已核对，仍然保存"), required=False)

    # More people than this at one township activity is worth a second look.
    PARTICIPANTS_USUAL = 3000
    photos = MultiplePhotoField(
        label=_("照片"), required=False, help_text=_("可多选；JPEG、PNG 或 WebP，每张不超过 20 MB。")
    )
    sign_in_sheets = MultipleAttachmentField(label=_("签到表"))
    minutes_files = MultipleAttachmentField(label=_("会议记录"))
    other_files = MultipleAttachmentField(
        label=_("其他材料"), help_text=_("PDF、Word、Excel 或照片，每个不超过 20 MB；不接受含宏的文档。")
    )
    # Files checked with a form refused for something else are kept (records.stash).
    kept_files = tuple(ATTACHMENT_FIELDS)

    class Meta:
        model = Record
        fields = BASE_FIELDS
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, by: User, kind, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.warnings: list[str] = []
        self.refused: list[str] = []  # files left out, with why: the rest still saves
        # A record keeps its unit and theme selectable even if they were deactivated since.
        units = units_for(by).filter(Q(is_active=True) | Q(pk=self.instance.unit_id))
        self.fields["unit"].queryset = units
        self.fields["theme"].queryset = themes_for(by).filter(
            Q(is_active=True) | Q(pk=self.instance.theme_id)
        )
        self.fields["version"].initial = self.instance.version
        self.fields["submit_token"].initial = new_token()
        # The date picker offers no day after today, which the server refuses anyway.
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self._series_choices(by)
        for name in kind.unused:
            self.fields.pop(name, None)
        if not self.instance.pk:
            town = by.town
            self.initial.setdefault("date", timezone.localdate())
            if by.unit_id and units.filter(pk=by.unit_id).exists():
                self.initial.setdefault("unit", by.unit_id)
            theme = default_theme(town=town, kind=kind.code) if town else None
            if theme:
                self.initial.setdefault("theme", theme.pk)

    def _series_choices(self, by: User) -> None:
        """The town's brands and campaign tasks; a town with none sees neither field."""
        town = by.town
        brands = Brand.objects.filter(town=town).filter(Q(is_active=True) | Q(pk=self.instance.brand_id))
        tasks = CampaignTask.objects.filter(campaign__town=town).select_related("campaign")
        tasks = tasks.filter(
            Q(campaign__year__gte=timezone.localdate().year - 1) | Q(pk=self.instance.campaign_task_id)
        )
        for name, queryset in (("brand", brands), ("campaign_task", tasks)):
            if town is None or not queryset.exists():
                self.fields.pop(name, None)
            else:
                self.fields[name].queryset = queryset
        if "campaign_task" in self.fields:
            self.fields["campaign_task"].label_from_instance = lambda task: (
                f"{task.campaign.year}年 {task.campaign.name}：{task.name}"
            )

    def warn(self, message: str) -> None:
        """Something unusual, not wrong: the form asks once, and saves when the box is ticked."""
        self.warnings.append(message)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get("version"):
            # Without the version it was opened at, a save could overwrite someone's change.
            self.add_error(None, _("表单已过期，请刷新页面后再修改。"))
        participants = cleaned.get("participants")
        if participants and participants > self.PARTICIPANTS_USUAL:
            self.warn(_("参与人数 %(n)d 远多于一般活动，请核对。") % {"n": participants})
        self._duplicates_warn(cleaned)
        attachments_check(cleaned, self.refused)
        return cleaned

    def _duplicates_warn(self, cleaned: dict) -> None:
        """Same unit, kind and day, and a title much like this one: probably logged twice."""
        title, day, unit = cleaned.get("title", ""), cleaned.get("date"), cleaned.get("unit")
        if not (title and day and unit):
            return
        same_day = (
            Record.objects.filter(kind=self.kind.code, unit=unit, date=day)
            .exclude(pk=self.instance.pk)
            .exclude(status=Record.Status.VOID)
            .values_list("title", flat=True)[:50]
        )
        for other in same_day:
            if title in other or other in title or SequenceMatcher(None, title, other).ratio() >= 0.6:
                self.warn(
                    _("%(unit)s在 %(day)s 已登记过“%(title)s”，可能重复。")
                    % {"unit": unit.name, "day": day.isoformat(), "title": other}
                )
                return

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.warnings and not self.cleaned_data.get("accept_warnings"):
            self.add_error(
                None,
                forms.ValidationError(
                    _("请核对下面的提示；确认无误后勾选“已核对，仍然保存”，再保存一次。"), code="warnings"
                ),
            )

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = timezone.localdate()
        if day > today:
            message = _("日期不能晚于今天（%(today)s）：这里登记的是已经开展的工作。")
            raise forms.ValidationError(message % {"today": today.isoformat()})
        if day < EARLIEST_DATE:
            raise forms.ValidationError(
                _("日期应在 %(start)s 到今天之间。") % {"start": EARLIEST_DATE.isoformat()}
            )
        return day


def attachments_check(cleaned: dict, refused: list[str]) -> None:
    """Each attachment field's uploads, checked (records/attachments.py): the good ones
    stay in `cleaned`, a refused one is named in `refused` and costs nothing else."""
    for name in ATTACHMENT_FIELDS:
        checked = []
        for upload in cleaned.get(name) or []:
            try:
                checked.append(attachment_process(upload).content)
            except forms.ValidationError as exc:
                refused.extend(exc.messages)
        cleaned[name] = checked


class AttachmentsForm(forms.Form):
    """Files added to a record whose facts are settled (an approved 中心组 session's 签到表
    or photos, found missing before an inspection): the record form's file fields alone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refused: list[str] = []
        for name in ("photos", *ATTACHMENT_FIELDS):
            self.fields[name] = copy.deepcopy(RecordForm.base_fields[name])

    def clean(self) -> dict:
        cleaned = super().clean()
        attachments_check(cleaned, self.refused)
        return cleaned

    def chosen(self) -> list[tuple[str, object]]:
        return [
            (sort, content) for name, sort in ATTACHMENT_FIELDS.items() for content in self.cleaned_data[name]
        ]


class RecordFilterForm(forms.Form):
    """The filters of every record list; kept in the URL so a list can be shared."""

    SORTS = {
        "-date": ("-date", "-pk"),
        "date": ("date", "pk"),
        "title": ("title", "pk"),
        "unit": ("unit__path", "-date"),
        "-updated": ("-updated_at", "-pk"),
    }

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        # SQLite refuses a LIKE pattern over 50,000 bytes; nobody searches for a paragraph.
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("标题、摘要、地点、主讲人等中的文字")}),
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = UnitChoiceField(label=_("单位"), required=False, queryset=None)
    # The unit's own records, not its sub-units': what a dashboard bar of the unit itself counts.
    own = forms.BooleanField(label=_("不含下属单位"), required=False)
    theme = forms.ModelChoiceField(label=_("工作板块"), required=False, queryset=WorkTheme.objects.none())
    kind = forms.ChoiceField(label=_("类别"), required=False)
    type = forms.ChoiceField(label=_("类型"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Record.Status.choices]
    )
    highlight = forms.BooleanField(label=_("只看亮点"), required=False)
    # A dashboard figure the list was opened from: its records, by the figure's own condition.
    figure = forms.ChoiceField(label=_("指标"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("-date", _("日期（新→旧）")),
            ("date", _("日期（旧→新）")),
            ("title", _("标题")),
            ("unit", _("单位")),
            ("-updated", _("最近修改")),
        ],
    )

    def __init__(self, *args, by: User, kind=None, kinds=(), years=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(by)
        self.fields["theme"].queryset = themes_for(by)
        self.fields["year"].choices = [("", _("全部年度")), *((year, str(year)) for year in years)]
        if kind is not None and kind.type_field:
            self.fields["type"].choices = [("", _("全部类型")), *kind.type_choices]
        else:
            del self.fields["type"]
        self.fields["figure"].choices = [
            ("", _("全部")),
            *((code, figure.full_label) for code, figure in figure_catalogue().items()),
        ]
        if kind is None:
            self.fields["kind"].choices = [("", _("全部类别")), *((k.code, k.label) for k in kinds)]
        else:
            del self.fields["kind"]

    def filter(self, records, kind=None):
        """Apply the valid filters to a queryset; invalid ones are ignored (and shown as errors)."""
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the filters that are valid
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            records = records.filter(record_search(data["q"], [kind] if kind else KINDS.values(), Record))
        if data.get("year"):
            records = records.filter(date__year=data["year"])
        if data.get("date_from"):
            records = records.filter(date__gte=data["date_from"])
        if data.get("date_to"):
            records = records.filter(date__lte=data["date_to"])
        if data.get("unit"):
            records = (
                records.filter(unit=data["unit"])
                if data.get("own")
                else records.filter(in_subtree(data["unit"]))
            )
        if data.get("theme"):
            records = records.filter(theme=data["theme"])
        if data.get("kind"):
            records = records.filter(kind=data["kind"])
        if data.get("type") and kind is not None:
            records = records.filter(**{kind.type_field: data["type"]})
        if data.get("status"):
            records = records.filter(status=data["status"])
        else:  # voided records are shown only to who asks for them
            records = records.exclude(status=Record.Status.VOID)
        if data.get("highlight"):
            records = records.filter(is_highlight=True)
        figure = self.chosen_figure
        if figure:
            records = records.filter(pk__in=figure.model.objects.filter(figure.where).values("pk"))
        return records.order_by(*self.SORTS[data.get("sort") or "-date"])

    @property
    def chosen_figure(self) -> Figure | None:
        """The dashboard figure the list was opened from, if any: it heads the list."""
        code = getattr(self, "cleaned_data", {}).get("figure")
        return figure_catalogue()[code] if code else None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("请填写理由，让填报人知道需要修改什么。")},
    )


class WorkThemeForm(forms.ModelForm):
    default_for = forms.MultipleChoiceField(
        label=_("默认用于"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("新建这些类别的记录时，默认选中本板块。"),
    )

    class Meta:
        model = WorkTheme
        fields = ["name", "lead_sentence", "framing", "order", "default_for", "is_active"]

    def __init__(self, *args, town, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.town = town
        self.instance.town = town
        self.fields["default_for"].choices = kind_choices()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = WorkTheme.objects.filter(town=self.town, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本镇已有名为“%(name)s”的工作板块。"), params={"name": name})
        return name

    def clean_default_for(self) -> list[str]:
        kinds = self.cleaned_data["default_for"]
        others = WorkTheme.objects.filter(town=self.town).exclude(pk=self.instance.pk)
        taken = {kind for theme in others for kind in theme.default_for}
        clash = sorted(set(kinds) & taken)
        if clash:
            names = "、".join(str(KINDS[code].label) for code in clash)
            raise forms.ValidationError(
                _("%(kinds)s已有默认板块；请先在原板块取消，再在这里勾选。"), params={"kinds": names}
            )
        return kinds
