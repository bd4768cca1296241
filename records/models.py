"""The base every record kind shares: work themes, the record itself, its photos.

A record is one row of `Record` (title, date, unit, theme, status…) and one row of its
kind's table (`activities.StudySession`, `media_outreach.MediaPlacement`…), joined by
Django's multi-table inheritance. Lists, the review queue, the dashboard and the
report can then read every kind at once from one table; a kind's own fields are one
join away.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import OrgUnit
from records.photos import fingerprint_bands, fingerprint_distance


class WorkTheme(models.Model):
    """A section of the town's work (工作板块); its lead sentence heads the report's paragraph."""

    town = models.ForeignKey(
        OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("板块名称"), max_length=50)
    lead_sentence = models.CharField(
        _("引领句"),
        max_length=200,
        help_text=_("年度总结中该板块段落的开头一句，例如“坚持理论武装，筑牢思想根基。”"),
    )
    framing = models.CharField(
        _("总体表述"),
        max_length=200,
        blank=True,
        help_text=_("引领句之后的一句总体表述，例如“坚持把学习贯彻党的创新理论作为首要政治任务。”；可不填"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # Record kinds (codes) whose new records start in this theme.
    default_for = models.JSONField(_("默认用于"), default=list, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("工作板块")
        verbose_name_plural = _("工作板块")
        ordering = ["town", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="theme_unique_name_per_town")]
        permissions = [("manage_themes", _("维护工作板块"))]

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    """A town's named series of work (品牌), e.g. a "周三夜学" study series or a "青溪之夜" stage."""

    town = models.ForeignKey(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("品牌名称"), max_length=50, help_text=_("不加引号，例如：青溪之夜"))
    description = models.CharField(
        _("简介"), max_length=200, blank=True, help_text=_("一句话说明这个品牌做什么，年度总结中可引用")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("活动品牌")
        verbose_name_plural = _("活动品牌")
        ordering = ["town", "name"]
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="brand_unique_name_per_town")]
        permissions = [("manage_brands", _("维护活动品牌和年度主线"))]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """The year's campaign (年度主线), e.g. a 主题教育: it opens the summary with a paragraph of its own."""

    town = models.ForeignKey(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：深入贯彻中央八项规定精神学习教育"))
    lead = models.CharField(
        _("引领句"),
        max_length=200,
        help_text=_("年度总结中该段的开头一句，例如“突出主线主题，扎实开展学习教育。”"),
    )
    framing = models.CharField(_("总体表述"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("年度主线")
        verbose_name_plural = _("年度主线")
        ordering = ["town", "-year"]
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="campaign_unique_per_town_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class CampaignTask(models.Model):
    """A sub-task of the year's campaign (学习研讨, 查摆整改…): a sub-lead of its paragraph."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("年度主线"), on_delete=models.CASCADE, related_name="tasks"
    )
    name = models.CharField(_("子任务"), max_length=100, help_text=_("例如：抓实学习研讨"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主线子任务")
        verbose_name_plural = _("主线子任务")
        ordering = ["campaign", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    """A piece of the office's work, of one of the registered kinds (records/kinds.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")
        # A duplicate or a mistake, taken out of every figure, list and export by a
        # reviewer, with the reason; it stays readable with its history and in the log.
        VOID = "void", _("已作废")

    kind = models.CharField(_("类别"), max_length=20, editable=False, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    date = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(
        WorkTheme, verbose_name=_("工作板块"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("内容摘要"), blank=True)
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    is_highlight = models.BooleanField(
        _("亮点"), default=False, help_text=_("特色做法或突出成效，年度总结中会重点写到。")
    )
    is_practical_project = models.BooleanField(
        _("实事项目"), default=False, help_text=_("为群众办实事项目，年度总结中按项目名称列出、以“项”计")
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("活动品牌"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
    )
    campaign_task = models.ForeignKey(
        CampaignTask,
        verbose_name=_("年度主线"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        help_text=_("属于年度主线（如主题教育）的哪一项任务"),
    )

    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("退回理由"), blank=True)
    void_reason = models.TextField(_("作废理由"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    # Bumped by every save; a form carries the version it was opened at, and a save
    # from a stale form is refused (records/services.py).
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["status", "date"]),
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["kind", "status", "date"]),
        ]
        permissions = [
            ("log_record", _("登记工作记录")),
            ("review_record", _("审核工作记录")),
            ("read_record", _("查看工作记录")),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.kind:  # the kind follows from the model; never left blank
            from records.kinds import code_for

            self.kind = code_for(type(self))
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        """Approved records change only after a reviewer reopens them."""
        return self.status == self.Status.APPROVED

    # The workflow: each transition names the states it leaves from.
    TRANSITIONS = {
        "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
        "approve": ({Status.SUBMITTED}, Status.APPROVED),
        "return": ({Status.SUBMITTED}, Status.RETURNED),
        "reopen": ({Status.APPROVED}, Status.RETURNED),
        # The author takes back what is still waiting, to change it before anyone reviews it.
        "withdraw": ({Status.SUBMITTED}, Status.DRAFT),
        "void": ({Status.SUBMITTED, Status.RETURNED, Status.APPROVED}, Status.VOID),
    }

    def can(self, action: str) -> bool:
        return self.status in self.TRANSITIONS[action][0]

    def submit(self, *, by) -> None:
        self._transition("submit", by=by, submitted_at=timezone.now(), return_reason="")

    def approve(self, *, by) -> None:
        self._transition("approve", by=by, reviewed_by=by, reviewed_at=timezone.now())

    def return_to_author(self, *, by, reason: str) -> None:
        self._transition("return", by=by, reason=reason, reviewed_by=by, reviewed_at=timezone.now())

    def reopen(self, *, by, reason: str) -> None:
        self._transition("reopen", by=by, reason=reason, reviewed_by=by, reviewed_at=timezone.now())

    def withdraw(self, *, by) -> None:
        self._transition("withdraw", by=by, submitted_at=None)

    def void(self, *, by, reason: str) -> None:
        self._transition(
            "void",
            by=by,
            reason=reason,
            reason_field="void_reason",
            reviewed_by=by,
            reviewed_at=timezone.now(),
        )

    def _transition(
        self, action: str, *, by, reason: str | None = None, reason_field: str = "return_reason", **fields
    ) -> None:
        """Move to the action's target state, or refuse if the record is not in a state it leaves from.

        The row is locked and re-read first, so two reviewers acting at once cannot
        both succeed; the save goes through the kind's model so the audit log sees it.
        The shared row is locked before the kind's row, as a save (records.services.
        record_save) takes them: the join's lock alone takes the kind's row first, and a
        save in progress then deadlocked with it.
        """
        from records.kinds import KINDS

        sources, target = self.TRANSITIONS[action]
        if reason is not None:
            reason = reason.strip()
            if not reason:
                raise ValidationError(gettext("请填写理由，让填报人知道需要修改什么。"))
            fields[reason_field] = reason
        with transaction.atomic():
            Record.objects.select_for_update().filter(pk=self.pk).values_list("pk").get()
            current = KINDS[self.kind].model.objects.select_for_update().get(pk=self.pk)
            if current.status not in sources:
                raise ValidationError(
                    gettext("该记录当前状态为“%(status)s”，不能执行此操作。")
                    % {"status": current.get_status_display()}
                )
            current.status = target
            for name, value in fields.items():
                setattr(current, name, value)
            current.version += 1
            current.save(update_fields=["status", "version", "updated_at", *fields])
        for name in ("status", "version", "updated_at", *fields):
            setattr(self, name, getattr(current, name))

    def specific(self) -> Record:
        """This record as an instance of its kind's model (with its own fields)."""
        from records.kinds import KINDS

        model = KINDS[self.kind].model
        return self if isinstance(self, model) else model.objects.get(pk=self.pk)


def photo_path(photo: Photo, filename: str) -> str:
    """Random names, so a photo's address reveals nothing and cannot be guessed."""
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Photo(models.Model):
    """A photo of a record, re-encoded at upload (records/photos.py) with a thumbnail."""

    record = models.ForeignKey(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to=photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("缩略图"), upload_to=photo_path)
    # What a phone is sent to look at (long side 1,000 px) and the binder prints; made at
    # upload, or on first need for photos older than it (records.photos.photo_display).
    display = models.ImageField(_("显示图"), upload_to=photo_path, blank=True)
    width = models.PositiveIntegerField(_("宽"), default=0)
    height = models.PositiveIntegerField(_("高"), default=0)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # Its difference hash and the hash's four quarters, indexed, to find a reused photo
    # among every other (records.photos.fingerprint); null for photos stored before.
    fingerprint = models.BigIntegerField(null=True, blank=True, editable=False)
    band0 = models.PositiveIntegerField(null=True, editable=False, db_index=True)
    band1 = models.PositiveIntegerField(null=True, editable=False, db_index=True)
    band2 = models.PositiveIntegerField(null=True, editable=False, db_index=True)
    band3 = models.PositiveIntegerField(null=True, editable=False, db_index=True)
    # The photo of another record this one is, or nearly is (found at upload), for the
    # reviewer to look at: never refused on its own.
    same_as = models.ForeignKey(
        "self",
        verbose_name=_("疑似重复使用"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.image.name

    @classmethod
    def of(cls, processed, *, record: Record, by) -> Photo:
        """The unsaved photo of `record` an upload made (records.photos.ProcessedImage),
        with the photo of another record it repeats, if any."""
        photo = cls(
            record=record,
            image=processed.image,
            thumbnail=processed.thumbnail,
            display=processed.display,
            taken_at=processed.taken_at,
            original_name=processed.original_name,
            uploaded_by=by,
        )
        if processed.fingerprints:
            photo.fingerprint = processed.fingerprints[0]
            photo.band0, photo.band1, photo.band2, photo.band3 = fingerprint_bands(photo.fingerprint)
            photo.same_as = photo_reused(processed.fingerprints, record=record)
        return photo


def attachment_path(attachment: Attachment, filename: str) -> str:
    """Random names, as photos have; the extension is the one its content was checked as."""
    suffix = PurePosixPath(filename).suffix.lower() or ".bin"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file of a record besides its photos (签到表, 会议记录), checked at upload
    (records/attachments.py) and handed only to those who may see the record."""

    class Sort(models.TextChoices):
        SIGN_IN = "sign_in", _("签到表")
        MINUTES = "minutes", _("会议记录")
        OTHER = "other", _("其他材料")

    record = models.ForeignKey(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="attachments"
    )
    sort = models.CharField(_("类别"), max_length=20, choices=Sort.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    content_type = models.CharField(_("文件类型"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["record", "sort", "pk"]
        indexes = [models.Index(fields=["sort", "record"], name="attachment_sort_record")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_picture(self) -> bool:
        return self.content_type == "image/jpeg"


# Two photos this many bits apart or closer are one picture, resized or re-compressed.
SAME_PICTURE_BITS = 3


def photo_reused(fingerprints: tuple[int, ...], *, record: Record) -> Photo | None:
    """The earliest photo of another record within SAME_PICTURE_BITS of any of
    `fingerprints` (a photo and its turns): one indexed query, then the few candidates
    sharing a quarter are measured."""
    match = Q()
    for value in fingerprints:
        for index, band in enumerate(fingerprint_bands(value)):
            match |= Q(**{f"band{index}": band})
    candidates = (
        Photo.objects.filter(match)
        .exclude(record_id=record.pk)
        .exclude(record__status=Record.Status.VOID)
        .order_by("pk")
        .only("pk", "record_id", "fingerprint")[:200]
    )
    for candidate in candidates:
        if (
            min(fingerprint_distance(candidate.fingerprint, value) for value in fingerprints)
            <= SAME_PICTURE_BITS
        ):
            return candidate
    return None


auditlog.register(WorkTheme)
auditlog.register(Brand)
auditlog.register(Campaign)
auditlog.register(CampaignTask)
auditlog.register(Photo, include_fields=["record", "original_name", "taken_at"])
auditlog.register(Attachment, include_fields=["record", "sort", "original_name"])
