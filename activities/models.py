"""Study sessions, publicity events and volunteer activities: three record kinds."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import Record


class StudySession(Record):
    """A study session (理论学习): central-group study, lectures, Party classes…"""

    class Type(models.TextChoices):
        CENTRAL_GROUP = "central_group", _("中心组学习")
        COLLECTIVE = "collective", _("集中学习")
        LECTURE = "lecture", _("专题宣讲")
        PARTY_CLASS = "party_class", _("党课")
        READING = "reading", _("读书活动")
        ON_SITE = "on_site", _("实境课堂")
        OTHER = "other", _("其他")

    class Format(models.TextChoices):
        OFFLINE = "offline", _("线下")
        ONLINE = "online", _("线上")

    study_type = models.CharField(_("学习类型"), max_length=20, choices=Type.choices)
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True)
    host = models.CharField(_("主持人"), max_length=100, blank=True)
    format = models.CharField(_("形式"), max_length=10, choices=Format.choices, default=Format.OFFLINE)
    expected_attendance = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    absentees = models.TextField(_("缺席人员及原因"), blank=True, help_text=_("每行一人，例如：张三（出差）"))
    discussion_points = models.TextField(_("研讨发言要点"), blank=True)

    class Meta:
        verbose_name = _("理论学习")
        verbose_name_plural = _("理论学习")

    @property
    def attendance_rate(self) -> float | None:
        """参学率: actual over expected attendance, when both are known."""
        if not self.expected_attendance or self.participants is None:
            return None
        return self.participants / self.expected_attendance


class PublicityEvent(Record):
    """A publicity event (宣传活动): themed publicity, performances, exhibitions, festivals…"""

    class Type(models.TextChoices):
        THEMED = "themed", _("主题宣传")
        MORAL_FORUM = "moral_forum", _("道德讲堂")
        PERFORMANCE = "performance", _("文艺演出")
        EXHIBITION = "exhibition", _("展览展示")
        FESTIVAL = "festival", _("节庆活动")
        SPORTS = "sports", _("群众文体")
        PROMOTION = "promotion", _("推介会")
        OTHER = "other", _("其他")

    event_type = models.CharField(_("活动类型"), max_length=20, choices=Type.choices)
    audience = models.CharField(
        _("活动对象"), max_length=100, blank=True, help_text=_("例如：村民、中小学生、企业职工")
    )

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")


class VolunteerActivity(Record):
    """A volunteer service activity (志愿服务)."""

    class Type(models.TextChoices):
        THEORY = "theory", _("理论宣讲")
        CARE = "care", _("关爱帮扶")
        ENVIRONMENT = "environment", _("环境整治")
        CIVILITY = "civility", _("文明劝导")
        HEALTH = "health", _("卫生健康")
        CULTURE = "culture", _("文体服务")
        OTHER = "other", _("其他")

    service_type = models.CharField(_("服务类别"), max_length=20, choices=Type.choices)
    team = models.CharField(_("志愿服务队"), max_length=100, blank=True)
    volunteers = models.PositiveIntegerField(_("志愿者人数"))
    service_hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=9,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("全体志愿者服务时长的合计，例如 20 人各服务 3 小时填 60"),
    )
    beneficiaries = models.PositiveIntegerField(_("受益人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿服务")
        verbose_name_plural = _("志愿服务")
