"""The 迎检 page: every gap of a year by unit and month, the town's checklist, and the
reviewers' weekly digests."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import audit_write
from audit.models import Event
from inspection.gaps import checklist_for, completeness
from inspection.models import Checklist, Digest
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


@require_perm("records.review_record")
def digests(request: HttpRequest) -> HttpResponse:
    """The reviewer's own digests, a year of them, newest first."""
    found = Digest.objects.filter(user=request.user).order_by("-week")[:52]
    return render(request, "inspection/digests.html", {"digests": found})


@require_POST
@require_perm("records.review_record")
def digest_read(request: HttpRequest, pk: int) -> HttpResponse:
    """知道了: the digest leaves the home page. Only its own reviewer's; others' are 404."""
    get_object_or_404(Digest, pk=pk, user=request.user).mark_read()
    back = request.POST.get("next", "")
    # Only a path on this site: `redirect` would take a bare word for a URL name.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("dashboard:home")
    return HttpResponseRedirect(back)
