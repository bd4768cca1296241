"""The town's list of media outlets, kept by the reviewers, and media clippings."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from media_outreach.forms import MediaOutletForm, covers_for, covers_label
from media_outreach.models import MediaOutlet, MediaPlacement, outlets_by_rank
from portal.access import require_perm
from records.queries import records_for


def _outlets(request: HttpRequest):
    town = request.user.town
    return town, MediaOutlet.objects.filter(town=town)


@require_perm("media_outreach.manage_outlets")
def outlet_list(request: HttpRequest) -> HttpResponse:
    _town, outlets = _outlets(request)
    outlets = outlets_by_rank(outlets.annotate(placement_count=Count("placements")))
    return render(request, "media_outreach/outlet_list.html", {"outlets": outlets})


@require_perm("media_outreach.manage_outlets")
def outlet_create(request: HttpRequest) -> HttpResponse:
    town, _outlets_qs = _outlets(request)
    form = MediaOutletForm(request.POST or None, town=town)
    if town is not None and form.is_valid():
        outlet = form.save()
        messages.success(request, _("已添加媒体“%(name)s”。") % {"name": outlet.name})
        return redirect("media_outreach:outlet_list")
    return render(
        request,
        "portal/form.html",
        {"form": form, "cancel_url": reverse("media_outreach:outlet_list"), "title": _("添加媒体")},
    )


@require_perm("media_outreach.manage_outlets")
def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    town, outlets = _outlets(request)
    outlet = get_object_or_404(outlets, pk=pk)
    form = MediaOutletForm(request.POST or None, instance=outlet, town=town)
    if form.is_valid():
        form.save()
        messages.success(request, _("已保存媒体“%(name)s”。") % {"name": outlet.name})
        return redirect("media_outreach:outlet_list")
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "cancel_url": reverse("media_outreach:outlet_list"),
            "title": _("编辑媒体：%(name)s") % {"name": outlet.name},
        },
    )


@require_perm("records.read_record")
def clipping_file(request: HttpRequest, pk: int) -> FileResponse:
    """A placement's clipping, to those who may see the placement."""
    placement = get_object_or_404(records_for(request.user, MediaPlacement), pk=pk)
    if not placement.clipping:
        raise Http404
    is_pdf = placement.clipping.name.endswith(".pdf")
    response = FileResponse(
        placement.clipping.open("rb"),
        content_type="application/pdf" if is_pdf else "image/jpeg",
        as_attachment=is_pdf,
        filename=f"clipping-{placement.pk}.pdf" if is_pdf else None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The most activities one search answers with; a longer list is refined by typing more.
COVERS_SHOWN = 20


@require_perm("records.log_record")
def covers_search(request: HttpRequest) -> JsonResponse:
    """The activities a placement can report on whose titles hold every word typed (`q`),
    newest first; with the placement's `date`, none more than a week after it."""
    covers = covers_for(request.user)
    for word in request.GET.get("q", "")[:100].split()[:5]:
        covers = covers.filter(title__icontains=word)
    try:
        day = parse_date(request.GET.get("date", ""))
        latest = day + timedelta(days=7) if day is not None else None
    except (ValueError, OverflowError):  # not a date, or the last days of year 9999
        latest = None
    if latest is not None:
        covers = covers.filter(date__lte=latest)
    rows = covers.order_by("-date", "-pk")[:COVERS_SHOWN]
    return JsonResponse({"results": [{"id": row.pk, "label": covers_label(row)} for row in rows]})
