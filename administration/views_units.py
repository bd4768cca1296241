from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from administration.forms import UnitForm
from administration.services import town_create
from portal.access import require_perm, units_for
from portal.models import OrgUnit
from portal.services import unit_create


@require_perm("portal.manage_units")
def unit_list(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user).annotate(user_count=Count("users"))
    return render(request, "administration/unit_list.html", {"units": units})


@require_perm("portal.manage_units")
def unit_create_view(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None, by=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"] == OrgUnit.Kind.TOWN:
            unit = town_create(name=data["name"], parent=data["parent"])
        else:
            unit = unit_create(parent=data["parent"], name=data["name"], kind=data["kind"])
        messages.success(request, _("已添加单位 %(unit)s。") % {"unit": unit})
        return redirect("administration:unit_list")
    return render(
        request,
        "portal/form.html",
        {"form": form, "cancel_url": reverse("administration:unit_list"), "title": _("添加单位")},
    )


@require_perm("portal.manage_units")
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_for(request.user), pk=pk)
    form = UnitForm(request.POST or None, instance=unit, by=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("已保存单位 %(unit)s。") % {"unit": unit})
        return redirect("administration:unit_list")
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "cancel_url": reverse("administration:unit_list"),
            "title": _("编辑单位：%(unit)s") % {"unit": unit},
        },
    )
