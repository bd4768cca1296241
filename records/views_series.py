"""A town's brands (品牌) and each year's campaign (年度主线) with its sub-tasks, kept by the
reviewers and the secretary; records are tagged with them and the report writes them."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import require_perm, town_or_404
from portal.pages import form_page
from records.models import Brand, Campaign, CampaignTask


class BrandForm(forms.ModelForm):
    class Meta:
        model = Brand
        fields = ["name", "description", "is_active"]

    def __init__(self, *args, town, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.town = town

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip().strip("“”\"'")
        clash = Brand.objects.filter(town=self.instance.town, name=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本镇已有名为“%(name)s”的品牌。") % {"name": name})
        return name


class CampaignForm(forms.ModelForm):
    tasks = forms.CharField(
        label=gettext_lazy("子任务"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("每行一项，按年度总结中的顺序，例如：抓实学习研讨"),
    )

    class Meta:
        model = Campaign
        fields = ["year", "name", "lead", "framing"]
        widgets = {"framing": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, town, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.town = town
        if self.instance.pk:
            self.initial["tasks"] = "\n".join(task.name for task in self.instance.tasks.all())
            self.fields["year"].disabled = True

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("请填写正确的年度。"))
        clash = Campaign.objects.filter(town=self.instance.town, year=year).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("本镇%(year)s年已有年度主线。") % {"year": year})
        return year

    def clean_tasks(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["tasks"].splitlines() if line.strip()]
        if len(names) > 8 or any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("子任务最多8项，每项不超过100字。"))
        if self.instance.pk:
            dropped = self.instance.tasks.exclude(name__in=names).annotate(used=Count("records"))
            for task in dropped.filter(used__gt=0):
                raise forms.ValidationError(
                    _("“%(name)s”下已有 %(n)d 条记录，不能删除或改名；请保留这一行。")
                    % {"name": task.name, "n": task.used}
                )
        return list(dict.fromkeys(names))

    @transaction.atomic
    def save(self, commit: bool = True) -> Campaign:
        campaign = super().save()
        existing = {task.name: task for task in campaign.tasks.all()}
        names = self.cleaned_data["tasks"]
        for order, name in enumerate(names, start=1):
            task = existing.pop(name, None) or CampaignTask(campaign=campaign, name=name)
            task.order = order
            task.save()
        for task in existing.values():  # clean_tasks let only unused tasks go
            task.delete()
        return campaign


@require_perm("records.manage_brands")
def series_list(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    brands = Brand.objects.filter(town=town).order_by("-is_active", "name")
    campaigns = Campaign.objects.filter(town=town).prefetch_related("tasks").order_by("-year")
    return render(request, "records/series_list.html", {"brands": brands, "campaigns": campaigns})


def _back() -> str:
    return reverse("records:series_list")


@require_perm("records.manage_brands")
def brand_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    town = town_or_404(request.user)
    brand = get_object_or_404(Brand, pk=pk, town=town) if pk else None
    form = BrandForm(request.POST or None, instance=brand, town=town)
    return form_page(
        request,
        form,
        title=_("编辑品牌：%(name)s") % {"name": brand.name} if brand else _("添加活动品牌"),
        back=_back(),
        saved=lambda saved: _("已保存品牌“%(name)s”。") % {"name": saved.name},
    )


@require_perm("records.manage_brands")
def campaign_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    town = town_or_404(request.user)
    campaign = get_object_or_404(Campaign, pk=pk, town=town) if pk else None
    initial = {} if campaign else {"year": timezone.localdate().year}
    form = CampaignForm(request.POST or None, instance=campaign, town=town, initial=initial)
    return form_page(
        request,
        form,
        title=_("编辑年度主线：%(name)s") % {"name": campaign.name} if campaign else _("设置年度主线"),
        back=_back(),
        saved=lambda saved: _("已保存%(year)s年度主线。") % {"year": saved.year},
    )
