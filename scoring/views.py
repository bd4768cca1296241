"""新闻宣传考核 pages: a month's ranking, the rules, the pieces to link or judge, the 通报."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import audit_write
from audit.models import Event
from figures.metrics import Period
from media_outreach.models import MediaPlacement, Verdict
from portal.access import require_perm, town_or_404
from portal.models import in_subtree
from records.models import Record
from scoring.documents import bulletin_content, bulletin_docx, bulletin_xlsx
from scoring.forms import RulesForm
from scoring.models import Bulletin, Rules
from scoring.scores import OWN_PLATFORM, month_standing, rules_in_force, rules_versions
from scoring.services import (
    bulletin_issue,
    links_suggested,
    pieces_link,
    pieces_unlink,
    rules_save,
    verdict_set,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PIECES_SHOWN = 300


def _month_asked(request: HttpRequest) -> tuple[int, int]:
    """The month asked for (?month=2025-10), else the last month that has ended."""
    today = timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        date(year, month, 1)
    except (TypeError, ValueError):
        return last.year, last.month
    if not 2000 <= year <= today.year + 1:
        return last.year, last.month
    return year, month


def _neighbours(year: int, month: int) -> tuple[str, str]:
    first = date(year, month, 1)
    before = first - timedelta(days=1)
    after = Period.month(year, month).end + timedelta(days=1)
    return f"{before:%Y-%m}", f"{after:%Y-%m}"


@require_perm("scoring.view_scores")
def month(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    year, number = _month_asked(request)
    bulletin = Bulletin.objects.filter(town=town, year=year, month=number).select_related("rules").first()
    context = {"year": year, "month": number, "bulletin": bulletin, "month_value": f"{year}-{number:02d}"}
    context["before"], context["after"] = _neighbours(year, number)
    if bulletin is not None:
        context["content"] = bulletin_content(bulletin)
    else:
        standing = month_standing(town, year, number)
        context["standing"] = standing
        # A page lists the first of a busy month's pieces; the 通报's annex has them all.
        context["pieces_shown"] = standing.pieces[:PIECES_SHOWN]
        context["can_issue"] = Period.month(year, number).end < timezone.localdate()
    return render(request, "scoring/month.html", context)


@require_POST
@require_perm("scoring.issue_bulletin")
def issue(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    year, number = _month_asked(request)
    try:
        bulletin = bulletin_issue(town=town, year=year, month=number, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("已印发%(year)s年%(month)s月考核通报，得分已冻结。") % {"year": year, "month": number}
        )
        return redirect(f"{reverse('scoring:month')}?month={bulletin.year}-{bulletin.month:02d}")
    return redirect(f"{reverse('scoring:month')}?month={year}-{number:02d}")


@require_perm("scoring.view_scores")
def bulletin_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    town = town_or_404(request.user)
    bulletin = get_object_or_404(Bulletin.objects.select_related("rules", "town"), pk=pk, town=town)
    stream = io.BytesIO()
    if fmt == "docx":
        bulletin_docx(bulletin, out=stream)
        content_type = DOCX
    elif fmt == "xlsx":
        bulletin_xlsx(bulletin, stream)
        content_type = XLSX
    else:
        raise Http404
    name = f"{town.name}{bulletin.year}年{bulletin.month}月新闻宣传考核通报.{fmt}"
    audit_write(Event.DOWNLOAD, request=request, obj=bulletin, detail={"file": name}, town=town)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=name, content_type=content_type)


@require_perm("scoring.manage_rules")
def rules(request: HttpRequest) -> HttpResponse:
    town = town_or_404(request.user)
    versions = rules_versions(town)
    today = timezone.localdate()
    current = rules_in_force(versions, today)
    initial = {
        field.name: getattr(current, field.name)
        for field in Rules._meta.concrete_fields
        if field.name not in ("id", "town", "created_by", "created_at", "effective_from")
    }
    next_month = Period.month(today.year, today.month).end + timedelta(days=1)
    initial["effective_from"] = next_month
    initial["issuer"] = current.issuer
    form = RulesForm(request.POST or None, initial=initial, cells=current.cells)
    if request.method == "POST" and form.is_valid():
        new = form.save(commit=False)
        new.town = town
        try:
            rules_save(rules=new, cells=form.cells(), by=request.user)
        except ValidationError as error:
            form.add_error("effective_from", error)
        else:
            day = new.effective_from
            month = _("%(year)s年%(month)s月") % {"year": day.year, "month": day.month}
            messages.success(request, _("已保存考核办法，自%(month)s起施行。") % {"month": month})
            return redirect("scoring:rules")
    saved = [rules for rules in versions if rules.pk]
    context = {
        "form": form,
        "versions": saved[::-1],
        "current": current,
        "piece_types": MediaPlacement.PieceType.choices,
    }
    return render(request, "scoring/rules.html", context)


def _placement(placements, value) -> MediaPlacement:
    """The town's placement a form names by id; 404 for anything else (a huge number too)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return get_object_or_404(placements, pk=pk)


@require_perm("scoring.manage_rules")
def pieces(request: HttpRequest) -> HttpResponse:
    """The month's placements: link copies of one piece, give verdicts, undo a link."""
    town = town_or_404(request.user)
    year, number = _month_asked(request)
    back = f"{reverse('scoring:pieces')}?month={year}-{number:02d}"
    placements = MediaPlacement.objects.filter(in_subtree(town))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "link":
                copy = _placement(placements, request.POST.get("copy"))
                original = _placement(placements, request.POST.get("original"))
                pieces_link(copy=copy, original=original, by=request.user)
                messages.success(request, _("已合并为同一稿件，只计最高得分的一次。"))
            elif action == "unlink":
                pieces_unlink(placement=_placement(placements, request.POST.get("pk")), by=request.user)
                messages.success(request, _("已取消合并。"))
            elif action == "verdict":
                verdict = request.POST.get("verdict", "")
                if verdict not in ("", *Verdict.values):
                    raise ValidationError(_("核查结论无效。"))
                verdict_set(
                    placement=_placement(placements, request.POST.get("pk")),
                    verdict=verdict,
                    by=request.user,
                )
                messages.success(request, _("已保存核查结论。"))
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(back)
    first, last = date(year, number, 1), Period.month(year, number).end
    month_placements = (
        placements.filter(date__gte=first, date__lte=last, status=Record.Status.APPROVED)
        .exclude(OWN_PLATFORM)  # the town's own posts are not scored
        .select_related("outlet", "unit", "original")
        .order_by("date", "pk")
    )
    context = {
        "year": year,
        "month": number,
        "month_value": f"{year}-{number:02d}",
        "placements": month_placements,
        "suggested": links_suggested(town, since=first - timedelta(days=31), until=last),
        "verdicts": Verdict.choices,
    }
    context["before"], context["after"] = _neighbours(year, number)
    return render(request, "scoring/pieces.html", context)
