"""Year-end material (素材征集): the secretary opens the call, each unit's liaison sends its
highlights, honours and a short summary, a reviewer accepts or returns each piece, and what
is accepted sits beside the draft for the secretary to insert."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.access import require_perm, town_or_404, units_for
from portal.models import OrgUnit
from records.models import Record
from records.queries import records_for, themes_for
from reports.models import Material, MaterialCall
from reports.services import HighlightText, material_call_open, material_review, materials_submit


class CallForm(forms.Form):
    deadline = forms.DateField(label=gettext_lazy("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=gettext_lazy("征集说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=gettext_lazy("请各单位报送本年度工作亮点（最多5条，每条不超过300字）、所获荣誉和工作小结。"),
    )


@require_GET
@require_perm("reports.review_material")
def materials(request: HttpRequest, year: int) -> HttpResponse:
    """The call of a year with every unit's pieces to review, and the secretary's form to open it."""
    return _materials_page(request, year)


def _materials_page(request: HttpRequest, year: int, form: CallForm | None = None) -> HttpResponse:
    town = town_or_404(request.user)
    call = MaterialCall.objects.filter(town=town, year=year).first()
    form = form or CallForm(initial={"deadline": timezone.localdate() + timedelta(days=14)})
    pieces = (
        Material.objects.filter(call=call).select_related("unit", "theme").prefetch_related("records")
        if call
        else Material.objects.none()
    )
    units = units_for(request.user).exclude(pk=town.pk)
    by_unit = {unit: [piece for piece in pieces if piece.unit_id == unit.pk] for unit in units}
    return render(
        request,
        "reports/materials.html",
        {"year": year, "call": call, "form": form, "by_unit": by_unit, "town": town},
    )


@require_POST
@require_perm("reports.compile_report")
def material_call(request: HttpRequest, year: int) -> HttpResponse:
    """The secretary opens (or reopens) the year's call to every unit."""
    town = town_or_404(request.user)
    form = CallForm(request.POST)
    if not form.is_valid():
        return _materials_page(request, year, form)
    material_call_open(town=town, year=year, by=request.user, **form.cleaned_data)
    messages.success(request, _("已向各单位发起%(year)s年素材征集。") % {"year": year})
    return redirect("reports:materials", year=year)


@require_POST
@require_perm("reports.review_material")
def material_decide(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(
        Material.objects.select_related("call"), pk=pk, call__town=town_or_404(request.user)
    )
    try:
        material_review(
            material=material,
            by=request.user,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", "")[:300],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:materials", year=material.call.year)


HIGHLIGHT_FIELDS = Material.HIGHLIGHTS_PER_UNIT


class SubmissionForm(forms.Form):
    """A unit's pieces: five highlights (each with its theme and records), honours, a summary."""

    honours = forms.CharField(
        label=gettext_lazy("所获荣誉"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每行一项，例如：石桥村获评“云州市文明村”"),
    )
    summary = forms.CharField(
        label=gettext_lazy("工作小结"),
        required=False,
        max_length=Material.SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("本单位全年宣传思想文化工作的简要小结，不超过800字"),
    )

    def __init__(self, *args, user, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        themes = themes_for(user).filter(is_active=True)
        records = (
            records_for(user)
            .filter(date__year=year, status=Record.Status.APPROVED)
            .select_related(None)
            .prefetch_related(None)
            .order_by("-is_highlight", "-date")
            .only("pk", "title", "date")[:200]
        )
        choices = [(record.pk, f"{record.date:%m-%d} {record.title}") for record in records]
        for index in range(1, HIGHLIGHT_FIELDS + 1):
            self.fields[f"text_{index}"] = forms.CharField(
                label=_("工作亮点%(n)d") % {"n": index},
                required=False,
                max_length=Material.HIGHLIGHT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": Material.HIGHLIGHT_LENGTH}),
                help_text=_("不超过 %(n)d 字") % {"n": Material.HIGHLIGHT_LENGTH},
            )
            self.fields[f"theme_{index}"] = forms.ModelChoiceField(
                label=_("所属板块"), queryset=themes, required=False, empty_label=_("（不指定）")
            )
            self.fields[f"records_{index}"] = forms.TypedMultipleChoiceField(
                label=_("相关记录"), choices=choices, coerce=int, required=False
            )

    def highlights(self) -> list[HighlightText]:
        data = self.cleaned_data
        return [
            HighlightText(
                data[f"text_{index}"].strip(),
                data[f"theme_{index}"],
                tuple(Record.objects.filter(pk__in=data[f"records_{index}"])),
            )
            for index in range(1, HIGHLIGHT_FIELDS + 1)
            if data.get(f"text_{index}", "").strip()
        ]

    def rows(self) -> list[tuple]:
        return [
            (self[f"text_{i}"], self[f"theme_{i}"], self[f"records_{i}"])
            for i in range(1, HIGHLIGHT_FIELDS + 1)
        ]


def _unit(request: HttpRequest) -> OrgUnit:
    unit = request.user.unit
    if unit is None or unit.kind in (OrgUnit.Kind.TOWN, OrgUnit.Kind.DISTRICT):
        raise Http404
    return unit


@require_perm("reports.submit_material")
def material_submit(request: HttpRequest) -> HttpResponse:
    """A liaison's page: the open call of their town, and their unit's pieces."""
    unit = _unit(request)
    town = unit.town
    call = MaterialCall.objects.filter(town=town, closed_at__isnull=True).order_by("-year").first()
    if call is None:
        return render(request, "reports/material_submit.html", {"call": None, "unit": unit})
    mine = Material.objects.filter(call=call, unit=unit).prefetch_related(
        Prefetch("records", queryset=Record.objects.only("pk", "title"))
    )
    initial = _initial(mine)
    form = SubmissionForm(request.POST or None, user=request.user, year=call.year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            count = materials_submit(
                call=call,
                unit=unit,
                by=request.user,
                highlights=form.highlights(),
                honours=form.cleaned_data["honours"].splitlines(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已报送 %(n)d 条素材，等待宣传办审核。") % {"n": count})
            return redirect("reports:material_submit")
    accepted = [piece for piece in mine if piece.status == Material.Status.ACCEPTED]
    returned = [piece for piece in mine if piece.status == Material.Status.RETURNED]
    return render(
        request,
        "reports/material_submit.html",
        {"call": call, "unit": unit, "form": form, "accepted": accepted, "returned": returned},
    )


def _initial(pieces) -> dict:
    """What the unit sent and is not accepted yet, back in the form to edit."""
    initial: dict = {}
    open_pieces = [piece for piece in pieces if piece.status != Material.Status.ACCEPTED]
    highlights = [piece for piece in open_pieces if piece.sort == Material.Sort.HIGHLIGHT]
    for index, piece in enumerate(highlights[:HIGHLIGHT_FIELDS], start=1):
        initial[f"text_{index}"] = piece.text
        initial[f"theme_{index}"] = piece.theme_id
        initial[f"records_{index}"] = [record.pk for record in piece.records.all()]
    initial["honours"] = "\n".join(piece.text for piece in open_pieces if piece.sort == Material.Sort.HONOUR)
    initial["summary"] = next(
        (piece.text for piece in open_pieces if piece.sort == Material.Sort.SUMMARY), ""
    )
    return initial
