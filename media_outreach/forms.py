from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from media_outreach.models import MediaOutlet, MediaPlacement, outlets_by_rank
from portal.forms import SearchSelect
from records.forms import BASE_FIELDS, RecordForm
from records.models import Record
from records.photos import clipping_process
from records.queries import records_for

# How far back the "activity it reports on" list reaches: coverage follows events closely.
COVERS_WINDOW = timedelta(days=550)


def covers_for(user, *, keep: int | None = None) -> QuerySet[Record]:
    """The activities a placement may say it reports on: the user's own records of every
    kind but media, not voided, from the last COVERS_WINDOW (and the one it names already)."""
    since = timezone.localdate() - COVERS_WINDOW
    return (
        records_for(user)
        .exclude(kind="media")
        .exclude(status=Record.Status.VOID)
        .filter(Q(date__gte=since) | Q(pk=keep))
        .select_related(None)
        .prefetch_related(None)
        .only("pk", "title", "date")
    )


def covers_label(record: Record) -> str:
    return f"{record.date:%Y-%m-%d} {record.title}"


def _covers_label_of(covers: QuerySet[Record], pk) -> str:
    try:
        record = covers.filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return ""
    return covers_label(record) if record else ""


class MediaPlacementForm(RecordForm):
    new_outlet_name = forms.CharField(label=_("新媒体名称"), max_length=100, required=False)
    new_outlet_level = forms.ChoiceField(
        label=_("新媒体级别"), required=False, choices=[("", "—"), *MediaOutlet.Level.choices]
    )
    new_outlet_channel = forms.ChoiceField(
        label=_("新媒体类型"), required=False, choices=[("", "—"), *MediaOutlet.Channel.choices]
    )
    url = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    clipping_upload = forms.FileField(
        label=_("剪报（图片或 PDF）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )

    # A clipping chosen with a form refused for something else is kept (records.stash).
    kept_files = (*RecordForm.kept_files, "clipping_upload")

    class Meta(RecordForm.Meta):
        model = MediaPlacement
        fields = [
            "outlet",
            *BASE_FIELDS,
            "piece_type",
            "column",
            "url",
            "authors",
            "is_front_page",
            "is_headline",
            "is_repost",
            "has_instruction",
            "characters",
            "covers",
        ]
        labels = {"date": _("刊发日期")}

    def __init__(self, *args, by, kind, **kwargs) -> None:
        super().__init__(*args, by=by, kind=kind, **kwargs)
        town = by.town
        self.town = town
        outlets = MediaOutlet.objects.filter(Q(is_active=True) | Q(pk=self.instance.outlet_id), town=town)
        self.fields["outlet"].queryset = outlets_by_rank(outlets)
        self.fields["outlet"].required = False
        self.fields["outlet"].help_text = _("名录中没有的媒体，展开下面的“名录中没有的媒体”填写。")
        # Thousands of activities at a large town: a search box, not a <select> of them all.
        covers = covers_for(by, keep=self.instance.covers_id)
        field = self.fields["covers"]
        field.queryset = covers.order_by("-date")
        field.label_from_instance = covers_label
        field.widget = SearchSelect(
            url=reverse_lazy("media_outreach:covers_search"),
            label=lambda pk: _covers_label_of(covers, pk),
            placeholder=_("输入活动标题查找；不关联活动可留空"),
        )
        field.widget.is_required = False

    def clean(self) -> dict:
        cleaned = super().clean()
        name = cleaned.get("new_outlet_name", "").strip()
        if cleaned.get("outlet") or not self.town:
            return cleaned
        if not name:
            self.add_error("outlet", _("请选择媒体，或填写新媒体的名称、级别和类型。"))
            return cleaned
        existing = MediaOutlet.objects.filter(town=self.town, name=name).first()
        if existing:
            level, channel = cleaned.get("new_outlet_level"), cleaned.get("new_outlet_channel")
            if (level and level != existing.level) or (channel and channel != existing.channel):
                self.add_error(
                    "new_outlet_name",
                    _("名录中已有“%(outlet)s”，级别或类型与所填不同；请直接在上方选择。")
                    % {"outlet": existing},
                )
            else:
                cleaned["outlet"] = existing
            return cleaned
        missing = {
            "new_outlet_level": _("请选择新媒体的级别。"),
            "new_outlet_channel": _("请选择新媒体的类型。"),
        }
        for field, message in missing.items():
            if not cleaned.get(field):
                self.add_error(field, message)
        return cleaned

    def clean_clipping_upload(self):
        """A bad clipping is reported, not fatal: the placement is saved without it."""
        upload = self.cleaned_data.get("clipping_upload")
        if not upload:
            return None
        try:
            return clipping_process(upload)
        except forms.ValidationError as exc:
            self.refused.extend(exc.messages)
            return None

    def save(self, commit: bool = True) -> MediaPlacement:
        cleaned = self.cleaned_data
        if not cleaned.get("outlet") and cleaned.get("new_outlet_name"):
            cleaned["outlet"] = MediaOutlet.objects.create(
                town=self.town,
                name=cleaned["new_outlet_name"].strip(),
                level=cleaned["new_outlet_level"],
                channel=cleaned["new_outlet_channel"],
            )
        self.instance.outlet = cleaned["outlet"]
        if cleaned.get("clipping_upload"):
            self.instance.clipping = cleaned["clipping_upload"]
        return super().save(commit=commit)


class MediaOutletForm(forms.ModelForm):
    class Meta:
        model = MediaOutlet
        fields = ["name", "level", "channel", "is_active"]

    def __init__(self, *args, town, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.town = town

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = MediaOutlet.objects.filter(town=self.instance.town, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("名录中已有“%(name)s”。"), params={"name": name})
        return name
