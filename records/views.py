"""The generic pages of every record kind: lists, forms, detail, workflow, photos."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import require_perm
from portal.converters import parse_ids
from records import access
from records.forms import ReasonForm, RecordFilterForm
from records.kinds import KINDS, Kind
from records.models import Photo, Record
from records.queries import records_for
from records.services import photo_delete, record_save, records_approve

PAGE_SIZE = 25


def _kind(code: str) -> Kind:
    if code not in KINDS:
        raise Http404
    return KINDS[code]


def _record(request: HttpRequest, pk: int) -> Record:
    """The record as its kind's model, with its photos, if the user may see it; 404 otherwise."""
    kind = records_for(request.user).filter(pk=pk).values_list("kind", flat=True).first()
    if kind not in KINDS:
        raise Http404
    shown = (
        records_for(request.user, KINDS[kind].model)
        .prefetch_related(None)
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("pk")))
    )
    return get_object_or_404(shown, pk=pk)


@require_perm("records.read_record")
def record_list(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    kind_obj = _kind(kind) if kind else None
    records = records_for(request.user, kind_obj.model if kind_obj else Record)
    if kind_obj:  # a kind's own list columns that are foreign keys come with the rows
        relations = [name for name in kind_obj.columns if kind_obj.model._meta.get_field(name).is_relation]
        records = records.select_related(*relations)
    years = [day.year for day in records.dates("date", "year", order="DESC")]
    form = RecordFilterForm(
        request.GET or None, by=request.user, kind=kind_obj, kinds=KINDS.values(), years=years
    )
    page = Paginator(form.filter(records, kind_obj), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "records/record_list.html",
        {"kind": kind_obj, "kinds": KINDS.values(), "form": form, "page": page},
    )


@require_perm("records.log_record")
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    kind_obj = _kind(kind)
    form = kind_obj.form(request.POST or None, request.FILES or None, by=request.user, kind=kind_obj)
    return _save(request, form, kind_obj, title=str(kind_obj.create_label))


@require_perm("records.log_record")
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    kind = KINDS[record.kind]
    title = _("修改：%(title)s") % {"title": record.title}
    if access.can_edit(request.user, record):
        form = kind.form(
            request.POST or None, request.FILES or None, instance=record, by=request.user, kind=kind
        )
        return _save(request, form, kind, title=title)
    locked = _("这条记录现为“%(status)s”，您不能再修改；如需修改，请联系审核员退回。") % {
        "status": record.get_status_display()
    }
    if request.method != "POST":
        messages.error(request, locked)
        return redirect("records:detail", pk=record.pk)
    # The record moved on while this form was open: show what was typed, save nothing.
    form = kind.form(request.POST, instance=record, by=request.user, kind=kind)
    form.is_valid()
    form.add_error(None, locked)
    return _render_form(request, form, kind, title=title)


def _save(request: HttpRequest, form, kind: Kind, *, title: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            record, refused = record_save(
                form=form,
                by=request.user,
                photos=form.cleaned_data.get("photos", []),
                remove_photos=parse_ids(request.POST.getlist("remove_photo")),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            if request.FILES:
                messages.warning(request, _("照片没有保存：请先处理上面的问题，再重新选择照片。"))
        else:
            for reason in refused + getattr(form, "refused", []):
                messages.warning(request, _("%(reason)s 记录的其他内容已保存。") % {"reason": reason})
            if "submit" in request.POST and access.can_submit(request.user, record):
                record.submit(by=request.user)
                messages.success(request, _("已保存并提交审核。"))
            else:
                messages.success(request, _("已保存。"))
            return redirect("records:detail", pk=record.pk)
    elif request.method == "POST" and request.FILES:
        messages.warning(request, _("照片需要重新选择：请更正标出的错误后再选一次照片。"))
    return _render_form(request, form, kind, title=title)


def _render_form(request: HttpRequest, form, kind: Kind, *, title: str) -> HttpResponse:
    return render(request, kind.form_template, {"form": form, "kind": kind, "title": title})


@require_perm("records.read_record")
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    kind = KINDS[record.kind]
    # The title heads the page; every other field of the kind's form is listed.
    shown = [name for name in kind.form.Meta.fields if name != "title" and name not in kind.unused]
    labels = kind.form.Meta.labels if hasattr(kind.form.Meta, "labels") else {}
    fields = [
        (labels.get(name) or record._meta.get_field(name).verbose_name, _display(record, name))
        for name in shown
    ]
    history = (
        LogEntry.objects.get_for_object(record).select_related("actor", "content_type").order_by("-timestamp")
    )
    rate = getattr(record, "attendance_rate", None)
    user = request.user
    return render(
        request,
        "records/record_detail.html",
        {
            "record": record,
            "kind": kind,
            "fields": fields,
            "attendance_percent": round(rate * 100) if rate is not None else None,
            "history": history,
            "can_edit": access.can_edit(user, record),
            "can_submit": access.can_submit(user, record),
            "can_delete": access.can_delete(user, record),
            "can_review": access.can_review(user, record),
            "reason_form": ReasonForm(),
        },
    )


def _display(record: Record, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value in (None, ""):
        return "—"
    return str(value)


@require_POST
@require_perm("records.log_record")
def record_submit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    if not access.can_edit(request.user, record):
        raise PermissionDenied
    return _transition(request, record, lambda: record.submit(by=request.user), _("已提交审核。"))


@require_POST
@require_perm("records.review_record")
def record_approve(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    return _transition(request, record, lambda: record.approve(by=request.user), _("已审核通过。"))


def _reason(request: HttpRequest) -> str:
    """The reviewer's reason, checked by the form (required, at most 1,000 characters)."""
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["reason"])
    return form.cleaned_data["reason"]


@require_POST
@require_perm("records.review_record")
def record_return(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    return _transition(
        request,
        record,
        lambda: record.return_to_author(by=request.user, reason=_reason(request)),
        _("已退回填报人。"),
    )


@require_POST
@require_perm("records.review_record")
def record_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    return _transition(
        request,
        record,
        lambda: record.reopen(by=request.user, reason=_reason(request)),
        _("已重新打开，填报人可以修改。"),
    )


def _transition(request: HttpRequest, record: Record, action, done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    # Only a path on this site: `redirect` would take a bare word ("0") for a URL name.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("records:detail", args=[record.pk])
    return HttpResponseRedirect(back)


@require_POST
@require_perm("records.log_record")
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    if not access.can_delete(request.user, record):
        messages.error(request, _("只有自己的草稿可以删除；提交过的记录会保留在台账中。"))
        return redirect("records:detail", pk=record.pk)
    for photo in record.photos.all():
        photo_delete(photo=photo)
    record.delete()
    messages.success(request, _("已删除“%(title)s”。") % {"title": record.title})
    return redirect("records:kind_list", kind=record.kind)


@require_perm("records.review_record")
def review_queue(request: HttpRequest) -> HttpResponse:
    pending = records_for(request.user).filter(status=Record.Status.SUBMITTED).order_by("submitted_at", "pk")
    if request.method == "POST":
        chosen = records_for(request.user).filter(pk__in=parse_ids(request.POST.getlist("record")))
        approved, problems = records_approve(records=chosen, by=request.user)
        if approved:
            messages.success(request, _("已审核通过 %(n)d 条记录。") % {"n": approved})
        for problem in problems:
            messages.error(request, problem)
        if not approved and not problems:
            messages.warning(request, _("请先勾选要通过的记录。"))
        return redirect("records:review_queue")
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    return render(request, "records/review_queue.html", {"page": page, "kinds": KINDS})


@require_perm("records.read_record")
def photo_file(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """A photo, to those who may see its record; never a public media URL."""
    photo = get_object_or_404(Photo.objects.select_related("record__unit"), pk=pk)
    if size not in ("full", "thumb") or not request.user.can_see_unit(photo.record.unit):
        raise Http404
    file = photo.thumbnail if size == "thumb" else photo.image
    try:
        response = FileResponse(file.open("rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response
