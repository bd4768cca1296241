"""The 迎检 page: every gap of a year by unit and month, and the town's checklist."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import audit_write
from audit.models import Event
from inspection.gaps import checklist_for, completeness
from inspection.models import Checklist
from portal.access import require_perm, town_or_404


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except (TypeError, ValueError):
        return this_year
    return year if 2000 <= year <= this_year else this_year


@require_perm("inspection.view_inspection")
def gaps(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    year = _year(request)
    found = completeness(town, year)
    this_year = timezone.localdate().year
    context = {"found": found, "year": year, "years": list(range(this_year, this_year - 5, -1))}
    return render(request, "inspection/gaps.html", context)


class ChecklistForm(forms.ModelForm):
    class Meta:
        model = Checklist
        fields = [
            "photos_required",
            "central_group_monthly",
            "attendance_min",
            "central_group_details",
            "sign_in_required",
            "speakers_min",
            "station_monthly_min",
            "moral_forum_yearly_min",
            "ideology_quarterly",
            "review_days",
            "returned_days",
        ]


@require_perm("inspection.manage_checklist")
def checklist(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    form = ChecklistForm(request.POST or None, instance=checklist_for(town))
    if form.is_valid():
        saved = form.save()
        audit_write(Event.SETTINGS_CHANGE, request=request, obj=saved, town=town)
        messages.success(request, _("已保存迎检清单。"))
        return redirect("inspection:gaps")
    return render(
        request,
        "portal/form.html",
        {"form": form, "title": _("迎检清单"), "cancel_url": reverse("inspection:gaps")},
    )
