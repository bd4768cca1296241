"""Work themes (工作板块): the reviewers keep the town's list and its lead sentences."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import require_perm
from records.forms import WorkThemeForm
from records.kinds import KINDS
from records.queries import themes_for
from records.services import themes_ensure_defaults


@require_perm("records.manage_themes")
def theme_list(request: HttpRequest) -> HttpResponse:
    town = request.user.town
    if town is not None:
        themes_ensure_defaults(town=town)
    themes = themes_for(request.user)
    return render(request, "records/theme_list.html", {"themes": themes, "kinds": KINDS})


@require_perm("records.manage_themes")
def theme_create(request: HttpRequest) -> HttpResponse:
    town = request.user.town
    form = WorkThemeForm(request.POST or None, town=town)
    if town is not None and form.is_valid():
        theme = form.save()
        messages.success(request, _("已添加工作板块“%(name)s”。") % {"name": theme.name})
        return redirect("records:theme_list")
    return render(
        request,
        "portal/form.html",
        {"form": form, "cancel_url": reverse("records:theme_list"), "title": _("添加工作板块")},
    )


@require_perm("records.manage_themes")
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(themes_for(request.user), pk=pk)
    form = WorkThemeForm(request.POST or None, instance=theme, town=theme.town)
    if form.is_valid():
        form.save()
        messages.success(request, _("已保存工作板块“%(name)s”。") % {"name": theme.name})
        return redirect("records:theme_list")
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "cancel_url": reverse("records:theme_list"),
            "title": _("编辑工作板块：%(name)s") % {"name": theme.name},
        },
    )
