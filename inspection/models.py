"""迎检 (DESIGN §10): what an inspector will ask of a town's 台账, as the town sets it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import OrgUnit


class Checklist(models.Model):
    """A town's completeness rules; a town without one is checked by the defaults."""

    town = models.OneToOneField(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    photos_required = models.BooleanField(_("每条记录至少一张照片"), default=True)
    central_group_monthly = models.BooleanField(_("中心组每月至少学习一次"), default=True)
    attendance_min = models.PositiveSmallIntegerField(
        _("中心组参学率不低于（%）"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    central_group_details = models.BooleanField(
        _("中心组记录写明主持人、缺席人员及原因、研讨要点"), default=True
    )
    sign_in_required = models.BooleanField(_("中心组学习须上传签到表"), default=True)
    speakers_min = models.PositiveSmallIntegerField(
        _("中心组每次中心发言人数不少于"),
        default=2,
        help_text=_("研讨发言要点每行写一人，如“张三：……”"),
        validators=[MaxValueValidator(10)],
    )
    station_monthly_min = models.PositiveSmallIntegerField(
        _("每个文明实践站每月活动不少于（次）"), default=2, validators=[MaxValueValidator(31)]
    )
    moral_forum_yearly_min = models.PositiveSmallIntegerField(
        _("道德讲堂全年不少于（场）"), default=5, validators=[MaxValueValidator(100)]
    )
    ideology_quarterly = models.BooleanField(_("意识形态每季度召开研判会议"), default=True)
    review_days = models.PositiveSmallIntegerField(
        _("待审核超过（天）提醒"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    returned_days = models.PositiveSmallIntegerField(
        _("退回后超过（天）未重新提交提醒"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("迎检清单")
        verbose_name_plural = _("迎检清单")
        permissions = [("view_inspection", _("查看迎检台账完整度")), ("manage_checklist", _("设置迎检清单"))]

    def __str__(self) -> str:
        return str(self.town)


class Digest(models.Model):
    """A reviewer's weekly 迎检 notice (inspection/digest.py): shown on their home until they
    mark it read, and mailed to them when the site sends e-mail. One per reviewer a week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="+"
    )
    town = models.ForeignKey(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("周（周一的日期）"))
    summary = models.CharField(_("摘要"), max_length=300)
    # [{"message": …, "url": …}], the urls the site's own paths (a mail makes them absolute).
    lines = models.JSONField(_("内容"), default=list)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # Set just before the mail is sent, cleared if sending failed: a second run sends no
    # second mail, and a later run tries a failed one again.
    mailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("迎检周提示")
        verbose_name_plural = _("迎检周提示")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="inspection_digest_one_a_week")]

    def __str__(self) -> str:
        return f"{self.title} · {self.user_id}"

    @property
    def title(self) -> str:
        """The week as an office names it, "本周迎检提示（12月第1周）": a week across two
        months is the month of its Thursday, which holds most of its days (as ISO weeks)."""
        thursday = self.week + timedelta(days=3)
        return gettext("本周迎检提示（%(month)s月第%(n)s周）") % {
            "month": thursday.month,
            "n": (thursday.day - 1) // 7 + 1,
        }

    def mark_read(self) -> None:
        """Off the reviewer's home; the first reading is the one kept."""
        now = timezone.now()
        if Digest.objects.filter(pk=self.pk, read_at__isnull=True).update(read_at=now):
            self.read_at = now
