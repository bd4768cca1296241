"""Writes on records that span models or touch files: saving with photos, bulk review."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import audit_append, audit_entry
from audit.models import Event
from portal.models import OrgUnit, User
from records.attachments import CONTENT_TYPES
from records.kinds import KINDS, kinds_written
from records.models import Attachment, Photo, Record, WorkTheme
from records.photos import ProcessedImage, image_process

DEFAULT_THEMES = [
    # (name, lead sentence, kinds that default to it), in the order a township's report
    # takes them; each theme's framing sentence is the secretary's to write.
    ("理论武装", "强化理论武装，筑牢思想根基。", ["study"]),
    ("意识形态", "压实工作责任，守牢意识形态阵地。", []),
    ("新闻舆论", "聚焦中心大局，唱响发展强音。", ["media"]),
    ("精神文明", "深化文明实践，培育文明乡风。", ["volunteer"]),
    ("群众文化", "繁荣群众文化，丰富精神生活。", ["event"]),
]


def themes_ensure_defaults(*, town: OrgUnit) -> None:
    """Give a town the default work themes if it has none yet."""
    if WorkTheme.objects.filter(town=town).exists():
        return
    WorkTheme.objects.bulk_create(
        WorkTheme(town=town, name=name, lead_sentence=lead, order=index * 10, default_for=kinds)
        for index, (name, lead, kinds) in enumerate(DEFAULT_THEMES, start=1)
    )


def default_theme(*, town: OrgUnit, kind: str) -> WorkTheme | None:
    """The theme a new record of `kind` starts in: the one the town made its default for the
    kind, else the theme the kind names (`Kind.default_theme`), else the town's first."""
    themes = list(WorkTheme.objects.filter(town=town, is_active=True))
    named = KINDS[kind].default_theme if kind in KINDS else ""
    return (
        next((theme for theme in themes if kind in theme.default_for), None)
        or next((theme for theme in themes if named and theme.name == named), None)
        or (themes[0] if themes else None)
    )


def record_save(
    *,
    form,
    by: User,
    photos: Iterable[UploadedFile] = (),
    processed: Iterable[ProcessedImage] = (),
    remove_photos: Iterable[int] = (),
    attachments: Iterable[tuple[str, File]] = (),
    remove_attachments: Iterable[int] = (),
) -> tuple[Record, list[str]]:
    """Save a record form and its new photos; return the record and the photos refused.

    A record opened in a form carries its version; if someone else saved it since,
    the save is refused rather than overwriting their change. A photo that fails its
    checks is left out with a reason, and the rest of the record is still saved.
    `processed` are photos checked before (kept from a form refused for its errors);
    `attachments` are (sort, file) pairs the form has checked (records/attachments.py).
    """
    record = form.instance
    processed, refused = _photos_process(photos, list(processed))
    with transaction.atomic():
        if record.pk:
            updated = Record.objects.filter(pk=record.pk, version=form.cleaned_data["version"]).update(
                version=F("version") + 1
            )
            if not updated:
                raise ValidationError(
                    _("保存失败：这条记录在您打开之后已被他人修改。请复制您的修改内容，刷新页面后再改。")
                )
            record.version = form.cleaned_data["version"] + 1
        else:
            record.author = by
        record = form.save()
        kinds_written({record.kind: [record.pk]})
        removed = []
        for photo in Photo.objects.filter(record=record, pk__in=list(remove_photos)):
            removed.append(photo.original_name or photo.image.name)
            photo_delete(photo=photo)
        saving = _saving.get()
        _photos_save(record, by=by, processed=processed, removed=removed, saving=saving)
        _attachments_save(record, by=by, added=list(attachments), remove=remove_attachments, saving=saving)
    return record, refused


def record_files_add(
    *,
    record: Record,
    by: User,
    photos: Iterable[UploadedFile] = (),
    attachments: Iterable[tuple[str, File]] = (),
) -> list[str]:
    """补充: photos and attachments added to a record whose facts stay as they are (an
    approved one the 迎检 page found short of its 签到表 or photos). Returns the photos refused."""
    processed, refused = _photos_process(photos, [])
    with transaction.atomic():
        saving = _saving.get()
        _photos_save(record, by=by, processed=processed, removed=[], saving=saving)
        _attachments_save(record, by=by, added=list(attachments), remove=(), saving=saving)
    return refused


def _photos_process(uploads: Iterable[UploadedFile], processed: list[ProcessedImage]):
    refused = []
    for upload in uploads:
        try:
            processed.append(image_process(upload))
        except ValidationError as exc:
            refused.extend(exc.messages)
    return processed, refused


def _photos_save(
    record: Record, *, by: User, processed, removed: list[str], saving: list[str] | None
) -> None:
    for image in processed:
        photo = Photo.of(image, record=record, by=by)
        try:
            photo.save()
        finally:  # the files are written before the row: note them even if the row fails
            if saving is not None:
                files = (photo.image, photo.thumbnail, photo.display)
                saving.extend(file.name for file in files if file and file._committed)
    if removed or processed:
        added = [image.original_name for image in processed]
        _log_files(record, by=by, label=_("照片"), added=added, removed=removed)


def _attachments_save(record: Record, *, by: User, added, remove, saving: list[str] | None) -> None:
    removed = []
    for attachment in Attachment.objects.filter(record=record, pk__in=list(remove)):
        removed.append(attachment.original_name)
        attachment_delete(attachment=attachment)
    for sort, content in added:
        attachment = Attachment(
            record=record,
            sort=sort,
            original_name=content.name,
            size=content.size,
            content_type=CONTENT_TYPES.get(content.name.rsplit(".", 1)[-1], "application/octet-stream"),
            uploaded_by=by,
        )
        attachment.file.save(content.name, content, save=False)
        if saving is not None:
            saving.append(attachment.file.name)
        attachment.save()
    if removed or added:
        names = [content.name for _sort, content in added]
        _log_files(record, by=by, label=_("附件"), added=names, removed=removed)


def attachment_delete(*, attachment: Attachment) -> None:
    """Delete an attachment's row, and its file once the deletion has committed."""
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name) if file.name else None)


_saving: ContextVar[list[str] | None] = ContextVar("photo_files_saving", default=None)


@contextmanager
def photo_files_kept_only_if_saved():
    """Around a transaction that saves photos: their files go again if it fails.

    A photo's files are written when its row is inserted; a rollback after that (a
    stale version, a database error) would leave them in the media folder for ever.
    """
    saved: list[str] = []
    token = _saving.set(saved)
    try:
        yield
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    finally:
        _saving.reset(token)


def _log_files(record: Record, *, by: User, label: str, added: list[str], removed: list[str]) -> None:
    """Photo and attachment changes belong to the record's history, next to its field changes."""
    before = "、".join(removed) if removed else "—"
    after = "、".join(added) if added else "—"
    LogEntry.objects.log_create(
        record.specific(), action=LogEntry.Action.UPDATE, changes={str(label): [before, after]}, actor=by
    )


def photo_delete(*, photo: Photo) -> None:
    """Delete a photo's row, and its files once the deletion has committed."""
    files = [photo.image, photo.thumbnail, photo.display]
    photo.delete()
    transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files if file.name])


def records_approve(*, records: QuerySet[Record], by: User) -> tuple[int, list[str]]:
    """Approve the chosen records at once; return how many were approved and why others were not.

    A constant number of queries however many are chosen: the rows locked in one SELECT
    (in id order, as every transition locks them), those still waiting moved in one
    UPDATE, their history (django-auditlog) in one INSERT and their security-log entries
    appended together. A record someone else moved on since the page was shown is named
    with its state.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Record.objects.select_for_update()
            .filter(pk__in=records.values("pk"))
            .order_by("pk")
            .only("pk", "kind", "title", "status", "unit_id")
        )
        ready = [record for record in locked if record.can("approve")]
        problems = [
            _("%(title)s：该记录当前状态为“%(status)s”，不能执行此操作。")
            % {"title": record.title, "status": record.get_status_display()}
            for record in locked
            if not record.can("approve")
        ]
        if not ready:
            return 0, problems
        Record.objects.filter(pk__in=[record.pk for record in ready]).update(
            status=Record.Status.APPROVED,
            reviewed_by=by,
            reviewed_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
        types = ContentType.objects.get_for_models(*{KINDS[record.kind].model for record in ready})
        change = {"status": [Record.Status.SUBMITTED, Record.Status.APPROVED], "reviewed_by": ["", str(by)]}
        LogEntry.objects.bulk_create(
            LogEntry(
                content_type=types[KINDS[record.kind].model],
                object_pk=str(record.pk),
                object_id=record.pk,
                object_repr=record.title,
                action=LogEntry.Action.UPDATE,
                changes=change,
                changes_text="",
                actor=by,
                timestamp=now,
            )
            for record in ready
        )
        audit_append(
            [
                audit_entry(
                    Event.STATUS_CHANGE,
                    user=by,
                    object_type=KINDS[record.kind].model._meta.label,
                    object_id=str(record.pk),
                    object_repr=record.title,
                    detail={"changes": change, "bulk": len(ready)},
                )
                for record in ready
            ]
        )
    return len(ready), problems
