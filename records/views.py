"""The generic pages of every record kind: lists, forms, detail, workflow, photos."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max, Min, Prefetch
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import require_perm
from portal.converters import parse_ids
from portal.submits import submit_done, submit_earlier, submit_once
from records import access
from records.forms import ATTACHMENT_FIELDS, AttachmentsForm, ReasonForm, RecordFilterForm
from records.kinds import KINDS, Kind
from records.models import Attachment, Photo, Record
from records.photos import photo_display, photo_flags
from records.queries import records_for
from records.services import (
    attachment_delete,
    photo_delete,
    photo_files_kept_only_if_saved,
    record_files_add,
    record_save,
    records_approve,
)
from records.stash import (
    files_restore,
    files_stash,
    files_stashed,
    files_unstash,
    photos_stash,
    photos_stashed,
    photos_unstash,
)

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
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.select_related("same_as__record").order_by("pk")),
            "attachments",
        )
    )
    return get_object_or_404(shown, pk=pk)


@require_perm("records.read_record")
def record_list(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    kind_obj = _kind(kind) if kind else None
    records = records_for(request.user, kind_obj.model if kind_obj else Record)
    # A kind's own list columns that are foreign keys come with the rows. (Only where it
    # has some: select_related() with no names follows every foreign key there is.)
    relations = (
        [name for name in kind_obj.columns if kind_obj.model._meta.get_field(name).is_relation]
        if kind_obj
        else []
    )
    if relations:
        records = records.select_related(*relations)
    # The years between the first record and the last: two ends of the date index, where
    # DISTINCT DATE_TRUNC read every row of the town (37 ms at 100,000 records).
    span = records.order_by().aggregate(first=Min("date"), last=Max("date"))
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    form = RecordFilterForm(
        request.GET or None, by=request.user, kind=kind_obj, kinds=KINDS.values(), years=years
    )
    listed = form.filter(records, kind_obj)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "records/record_list.html",
        {
            "kind": kind_obj,
            "kinds": KINDS.values(),
            "form": form,
            "page": page,
            "figure": _figure_of(form, listed, page),
        },
    )


def _figure_of(form: RecordFilterForm, listed, page) -> dict | None:
    """The figure a dashboard link opened the list for: its value over these records, and
    for a sum the summed field of each record on the page, so the list shows what adds up."""
    figure = form.chosen_figure
    if figure is None:
        return None
    rows = figure.model.objects.filter(pk__in=listed.values("pk"))
    value = rows.aggregate(value=figure.aggregate())["value"] or 0
    if figure.how == "sum":
        shown = [record.pk for record in page]
        each = dict(figure.model.objects.filter(pk__in=shown).values_list("pk", figure.over))
        field = figure.model._meta.get_field(figure.over).verbose_name
        for record in page:
            record.figure_part = each.get(record.pk)
    else:
        field = None
    return {
        "label": figure.full_label,
        "value": value,
        "unit": figure.unit,
        "how": figure.how,
        "field": field,
    }


@require_perm("records.log_record")
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    """A new record; `?copy=<id>` starts it from an earlier one (a monthly 中心组 session repeats)."""
    kind_obj = _kind(kind)
    source = _copied(request, kind_obj)
    initial = _copy_initial(source, kind_obj) if source else None
    form = kind_obj.form(
        request.POST or None, request.FILES or None, initial=initial, by=request.user, kind=kind_obj
    )
    if source and request.method == "GET":
        messages.info(request, _("已按“%(title)s”填好，请改成这一次的日期和内容。") % {"title": source.title})
    latest = None if source else _latest_own(request, kind_obj)
    return _save(request, form, kind_obj, title=str(kind_obj.create_label), latest=latest)


# What a copy leaves out: when, what happened this time, and the review's marks.
NOT_COPIED = {"date", "summary", "participants", "is_highlight", "discussion_points", "absentees", "covers"}


def _copied(request: HttpRequest, kind: Kind) -> Record | None:
    pk = request.GET.get("copy", "")
    return (
        records_for(request.user, kind.model).filter(pk=pk).first() if pk.isascii() and pk.isdigit() else None
    )


def _copy_initial(source: Record, kind: Kind) -> dict:
    names = [name for name in kind.form.Meta.fields if name not in NOT_COPIED]
    return {
        name: value for name, value in model_to_dict(source, fields=names).items() if value not in (None, "")
    }


def _latest_own(request: HttpRequest, kind: Kind) -> Record | None:
    """The user's last record of the kind, offered to copy from."""
    own = records_for(request.user, kind.model).filter(author=request.user).exclude(status=Record.Status.VOID)
    own = own.select_related(None).prefetch_related(None).only("pk", "title", "date")
    return own.order_by("-date", "-pk").first()


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


def _save(
    request: HttpRequest, form, kind: Kind, *, title: str, latest: Record | None = None
) -> HttpResponse:
    if request.method == "POST":
        earlier = submit_earlier(request.user, request.POST.get(form.add_prefix("submit_token"), ""))
        if earlier is not None:
            return _already_saved(request, earlier, kind)
    stashed = photos_stashed(request, request.POST.getlist("stashed_photo"))
    kept_files = files_stashed(request, request.POST.getlist("stashed_file"))
    if request.method == "POST" and form.is_valid():
        files_restore(form, kept_files)
        token = form.cleaned_data.get("submit_token", "")
        try:
            with photo_files_kept_only_if_saved(), transaction.atomic():
                earlier = submit_once(request.user, token)
                if earlier is None:
                    record, refused, submitted = _save_valid(request, form, stashed)
                    submit_done(request.user, token, reverse("records:detail", args=[record.pk]))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            photos_unstash(request, stashed)
            files_unstash(request, kept_files)
            if earlier is not None:  # a second tap on the button, while the first was saving it
                return _already_saved(request, earlier, kind)
            refused += getattr(form, "refused", [])
            for reason in refused:
                messages.warning(request, _("%(reason)s 记录的其他内容已保存。") % {"reason": reason})
            if refused and "submit" in request.POST:
                # Not sent for review with a photo missing: back on the form, to choose another.
                messages.info(request, _("有文件未通过检查，记录已保存但尚未提交；请重新选择后再提交审核。"))
                return redirect("records:edit", pk=record.pk)
            messages.success(request, _("已保存并提交审核。") if submitted else _("已保存。"))
            return redirect("records:detail", pk=record.pk)
    if request.method == "POST":
        for reason in getattr(form, "refused", []):  # said now: the next save would lose it silently
            messages.warning(request, reason)
        stashed += _photos_kept(request, form)
        # A new file in a one-file field replaces the kept one; attachments add up.
        kept_files = [
            kept for kept in kept_files if kept.field not in request.FILES or kept.field in ATTACHMENT_FIELDS
        ]
        kept_files += files_stash(request, form)
    return _render_form(
        request, form, kind, title=title, stashed=stashed, latest=latest, kept_files=kept_files
    )


def _already_saved(request: HttpRequest, earlier: str, kind: Kind) -> HttpResponse:
    messages.info(request, _("这条记录已经保存过了，重复的提交已忽略。"))
    return HttpResponseRedirect(earlier or reverse("records:kind_list", args=[kind.code]))


def _photos_kept(request: HttpRequest, form) -> list:
    """The photos of a form refused for its errors, kept so that they need not be chosen again."""
    uploads = request.FILES.getlist(form["photos"].html_name) if "photos" in form.fields else []
    if not uploads or form.has_error("photos"):
        return []
    kept, refused = photos_stash(request, uploads)
    for reason in refused:
        messages.warning(request, reason)
    if kept:
        messages.info(
            request,
            _("已暂存 %(n)d 张照片，不必重新选择：更正标出的问题后保存即可。") % {"n": len(kept)},
        )
    return kept


def _save_valid(request: HttpRequest, form, stashed) -> tuple[Record, list[str], bool]:
    record, refused = record_save(
        form=form,
        by=request.user,
        photos=form.cleaned_data.get("photos", []),
        processed=[photo.processed() for photo in stashed],
        remove_photos=parse_ids(request.POST.getlist("remove_photo")),
        attachments=[
            (sort, content)
            for field, sort in ATTACHMENT_FIELDS.items()
            for content in form.cleaned_data.get(field, [])
        ],
        remove_attachments=parse_ids(request.POST.getlist("remove_attachment")),
    )
    refused_any = refused or getattr(form, "refused", [])
    submitted = "submit" in request.POST and not refused_any and access.can_submit(request.user, record)
    if submitted:
        record.submit(by=request.user)
    return record, refused, submitted


def _render_form(
    request: HttpRequest, form, kind: Kind, *, title: str, stashed=(), latest=None, kept_files=()
) -> HttpResponse:
    context = {"form": form, "kind": kind, "title": title, "stashed_photos": stashed, "latest": latest}
    context["kept_files"] = {}
    for kept in kept_files:
        context["kept_files"].setdefault(kept.field, []).append(kept)
    context["attachment_groups"] = [
        (form[name], context["kept_files"].get(name, [])) for name in ATTACHMENT_FIELDS if name in form.fields
    ]
    context["attachments_kept"] = any(kept for _field, kept in context["attachment_groups"])
    context["existing_attachments"] = form.instance.attachments.all() if form.instance.pk else []
    return render(request, kind.form_template, context)


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
            "can_attach": access.can_attach(user, record),
            "attachments_form": AttachmentsForm(prefix="more"),
            "can_submit": access.can_submit(user, record),
            "can_delete": access.can_delete(user, record),
            "can_withdraw": access.can_withdraw(user, record),
            "can_copy": user.has_perm("records.log_record"),
            "can_void": access.can_void(user, record),
            "can_review": access.can_review(user, record),
            # For whoever reviews: what in the photos to look at before approving.
            "photo_flags": photo_flags(record, record.photos.all())
            if user.has_perm("records.review_record")
            else [],
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
def record_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    if not access.can_withdraw(request.user, record):
        raise PermissionDenied
    return _transition(
        request, record, lambda: record.withdraw(by=request.user), _("已撤回，现为草稿：修改后可再次提交。")
    )


@require_POST
@require_perm("records.review_record")
def record_void(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    return _transition(
        request,
        record,
        lambda: record.void(by=request.user, reason=_reason(request)),
        _("已作废：这条记录不再计入任何统计、列表和导出，仍可在此查看。"),
    )


@require_POST
@require_perm("records.log_record")
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    if not access.can_delete(request.user, record):
        messages.error(request, _("只有自己的草稿可以删除；提交过的记录会保留在台账中。"))
        return redirect("records:detail", pk=record.pk)
    with transaction.atomic():  # the files go only once the record has
        for photo in record.photos.all():
            photo_delete(photo=photo)
        for attachment in record.attachments.all():
            attachment_delete(attachment=attachment)
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


@require_perm("records.log_record")
def stashed_photo(request: HttpRequest, key: str) -> FileResponse:
    """A photo kept from a refused form, to the session that kept it."""
    found = photos_stashed(request, [key])
    if not found:
        raise PermissionDenied
    try:
        response = FileResponse(default_storage.open(found[0].thumbnail, "rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404 from None
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_perm("records.read_record")
def photo_file(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """A photo, to those who may see its record; never a public media URL.

    `thumb` for lists, `display` (1,000 px) to look at on a phone, `full` the stored photo.
    """
    photo = get_object_or_404(Photo.objects.select_related("record__unit"), pk=pk)
    if size not in ("full", "display", "thumb") or not request.user.can_see_unit(photo.record.unit):
        raise Http404
    try:
        if size == "display":
            photo_display(photo)
        file = {"thumb": photo.thumbnail, "display": photo.display, "full": photo.image}[size]
        response = FileResponse(file.open("rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_POST
@require_perm("records.log_record")
def record_attachments_add(request: HttpRequest, pk: int) -> HttpResponse:
    """补充照片和附件: files added to a record without opening its facts, e.g. the 签到表
    or the photos of an approved session the 迎检 page found missing."""
    record = _record(request, pk)
    if not access.can_attach(request.user, record):
        messages.error(request, _("作废的记录不能再补充附件。"))
        return redirect("records:detail", pk=record.pk)
    form = AttachmentsForm(request.POST, request.FILES, prefix="more")
    if form.is_valid():
        files, photos = form.chosen(), form.cleaned_data["photos"]
        if files or photos:
            with photo_files_kept_only_if_saved():
                photos_refused = record_files_add(
                    record=record, by=request.user, photos=photos, attachments=files
                )
            form.refused += photos_refused
            added = len(files) + len(photos) - len(photos_refused)
            if added:
                messages.success(request, _("已补充 %(n)d 个文件，记在下方修改记录中。") % {"n": added})
        elif not form.refused:
            messages.warning(request, _("请先选择要补充的照片或附件。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    for reason in form.refused:
        messages.warning(request, reason)
    return redirect("records:detail", pk=record.pk)


@require_perm("records.read_record")
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment, to those who may see its record, by the name it came with; PDFs
    and pictures open in the browser, Office files download."""
    attachment = get_object_or_404(Attachment.objects.select_related("record__unit"), pk=pk)
    if not request.user.can_see_unit(attachment.record.unit):
        raise Http404
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = attachment.content_type in ("application/pdf", "image/jpeg")
    response = FileResponse(
        stored,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
