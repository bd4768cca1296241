"""Work themes (工作板块): the reviewers keep the town's list and its lead sentences."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import require_perm, town_or_404
from portal.pages import form_page
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
    form = WorkThemeForm(request.POST or None, town=town_or_404(request.user))
    return form_page(
        request,
        form,
        title=_("添加工作板块"),
        back=reverse("records:theme_list"),
        saved=lambda theme: _("已添加工作板块“%(name)s”。") % {"name": theme.name},
    )


@require_perm("records.manage_themes")
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(themes_for(request.user), pk=pk)
    form = WorkThemeForm(request.POST or None, instance=theme, town=theme.town)
    return form_page(
        request,
        form,
        title=_("编辑工作板块：%(name)s") % {"name": theme.name},
        back=reverse("records:theme_list"),
        saved=lambda saved: _("已保存工作板块“%(name)s”。") % {"name": saved.name},
    )
