"""The home page, the leaders' dashboard (领导驾驶舱) and the year's targets."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard.data import dashboard_data
from dashboard.home import sections_for
from figures.metrics import FIGURES, figure_label, pending_count, target_codes
from figures.models import Target
from inspection.digest import digest_unread
from inspection.gaps import completeness, unit_reminders
from portal.access import require_perm, units_for
from portal.models import OrgUnit
from portal.roles import Role
from records.models import Record
from records.queries import records_for
from scoring.scores import standing_for_dashboard, unit_month


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    badges, digest = {}, None
    if user.has_perm("records.review_record") and user.scope_unit is not None:
        badges["pending"] = pending_count(unit=user.scope_unit)
        digest = digest_unread(user)  # this week's 迎检 digest, until they mark it read
    returned, media = [], None
    if user.has_perm("records.log_record"):
        # A reporter's records that came back, with the reason, first thing they see.
        returned = records_for(user).filter(status=Record.Status.RETURNED, author=user)[:10]
    reminders = []
    if user.has_role(Role.REPORTER):  # their unit's 新闻宣传 this month, and their own year
        media = unit_month(user, timezone.localdate())
        reminders = unit_reminders(user)  # and what the inspectors would find missing
    return render(
        request,
        "dashboard/home.html",
        {
            "sections": sections_for(user),
            "badges": badges,
            "returned": returned,
            "media": media,
            "reminders": reminders,
            "digest": digest,
        },
    )


class ScopeForm(forms.Form):
    """The year and the town or unit a dashboard or target page is about."""

    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("单位"), queryset=OrgUnit.objects.none(), empty_label=None
    )

    def __init__(self, data, *, user, next_year: bool = False) -> None:
        super().__init__(data)
        scope = user.scope_unit
        this_year = timezone.localdate().year
        first = Record.objects.order_by("date").values_list("date__year", flat=True).first() or this_year
        # Next year only where there is something to set for it (targets), not to read.
        last = this_year + 1 if next_year else this_year
        self.fields["year"].choices = [
            (year, str(year)) for year in range(last, min(first, this_year) - 1, -1)
        ]
        self.fields["unit"].queryset = (
            units_for(user).filter(depth__lte=scope.depth + 1) if scope else OrgUnit.objects.none()
        )
        self.fields["unit"].label_from_instance = lambda unit: ("\u3000" if unit != scope else "") + unit.name
        self.defaults = {"year": this_year, "unit": scope}
        for name, value in self.defaults.items():
            self.fields[name].initial = value
            self.fields[name].widget.attrs["class"] = "form-select"

    def chosen(self) -> tuple[int, OrgUnit | None]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["unit"]
        return self.defaults["year"], self.defaults["unit"]


@require_perm("portal.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = ScopeForm(request.GET or None, user=request.user)
    year, unit = scope.chosen()
    if unit is None:
        return render(request, "dashboard/dashboard.html", {"scope": scope, "year": year})
    data = dashboard_data(unit=unit, year=year)
    if unit.kind == OrgUnit.Kind.TOWN and request.user.has_perm("scoring.view_scores"):
        data["media_scores"] = standing_for_dashboard(unit, year, timezone.localdate())
    if unit.kind == OrgUnit.Kind.TOWN and request.user.has_perm("inspection.view_inspection"):
        data["completeness"] = completeness(unit, year)
    return render(request, "dashboard/dashboard.html", {"scope": scope, "year": year, "unit": unit, **data})


class TargetForm(forms.Form):
    def __init__(self, *args, initial_targets: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code in target_codes():
            self.fields[code] = forms.DecimalField(
                label=f"{figure_label(code)}（{FIGURES[code].unit}）",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=1,
                initial=initial_targets.get(code),
            )


@require_perm("portal.set_targets")
def targets(request: HttpRequest) -> HttpResponse:
    scope = ScopeForm(request.GET or None, user=request.user, next_year=True)
    if request.method == "POST" and scope.is_bound and not scope.is_valid():
        # A year out of range or a unit not the leader's: never save under the defaults instead.
        messages.error(request, _("年度或单位不正确，目标没有保存。请在本页重新选择后再填写。"))
        return redirect("dashboard:targets")
    year, unit = scope.chosen()
    existing = {t.figure: t for t in Target.objects.filter(unit=unit, year=year)}
    form = TargetForm(request.POST or None, initial_targets={code: t.value for code, t in existing.items()})
    if request.method == "POST" and unit is not None and form.is_valid():
        with transaction.atomic():
            for code in target_codes():
                value = form.cleaned_data[code]
                if value is None:
                    if code in existing:
                        existing[code].delete()
                else:
                    Target.objects.update_or_create(
                        unit=unit, year=year, figure=code, defaults={"value": value, "set_by": request.user}
                    )
        messages.success(request, _("已保存 %(unit)s %(year)s 年的目标。") % {"unit": unit, "year": year})
        return redirect(f"{reverse('dashboard:dashboard')}?year={year}&unit={unit.pk}")
    return render(
        request, "dashboard/targets.html", {"scope": scope, "form": form, "year": year, "unit": unit}
    )
