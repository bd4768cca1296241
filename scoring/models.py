"""新闻宣传考核 (DESIGN §9): a town's scoring rules by the month they take effect, and the
monthly 通报 that freezes a month's scores."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from media_outreach.models import MediaOutlet, MediaPlacement
from portal.models import OrgUnit

POINTS = {"max_digits": 7, "decimal_places": 2}
TOTALS = {"max_digits": 12, "decimal_places": 2}  # a unit's month can sum many pieces
FACTOR = [MinValueValidator(0), MaxValueValidator(10)]
PENALTY = [MinValueValidator(0), MaxValueValidator(100)]


class Rules(models.Model):
    """One version of a town's 考核办法, in force from the first day of a month until the next."""

    town = models.ForeignKey(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    effective_from = models.DateField(_("施行月份"), help_text=_("自该月1日起施行，直到下一版本施行"))
    front_page_factor = models.DecimalField(
        _("头版或头条倍数"), default=Decimal(2), validators=FACTOR, **POINTS
    )
    instruction_factor = models.DecimalField(
        _("获领导批示倍数"), default=Decimal(2), validators=FACTOR, **POINTS
    )
    repost_factor = models.DecimalField(_("转载倍数"), default=Decimal("0.5"), validators=FACTOR, **POINTS)
    long_characters = models.PositiveIntegerField(_("长稿字数"), default=1000)
    long_factor = models.DecimalField(
        _("长稿倍数"),
        default=Decimal(1),
        help_text=_("字数达到长稿字数的稿件乘以此数；1 为不加分"),
        validators=FACTOR,
        **POINTS,
    )
    highest_only = models.BooleanField(
        _("一稿多用只计最高级别"), default=True, help_text=_("同一稿件在多家媒体刊发的，只计得分最高的一次")
    )
    first_share = models.PositiveSmallIntegerField(
        _("两人合写：第一作者份额"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    second_share = models.PositiveSmallIntegerField(
        _("两人合写：第二作者份额"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    untrue_penalty = models.DecimalField(_("失实稿件扣分"), default=Decimal(5), validators=PENALTY, **POINTS)
    negative_penalty = models.DecimalField(
        _("负面报道扣分"), default=Decimal(10), validators=PENALTY, **POINTS
    )
    negative_zeroes_month = models.BooleanField(_("负面报道当月得分清零"), default=True)
    quota_department = models.PositiveSmallIntegerField(_("部门每月任务（篇）"), default=1)
    quota_village = models.PositiveSmallIntegerField(_("村每月任务（篇）"), default=2)
    quota_community = models.PositiveSmallIntegerField(_("社区每月任务（篇）"), default=2)
    quota_person_year = models.PositiveSmallIntegerField(_("通讯员全年任务（篇）"), default=30)
    issuer = models.CharField(_("通报落款"), max_length=100, help_text=_("如：中共青溪镇委宣传办公室"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核办法")
        verbose_name_plural = _("考核办法")
        ordering = ["town", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["town", "effective_from"], name="rules_one_per_month")]
        permissions = [
            ("manage_rules", _("制定新闻宣传考核办法")),
            ("view_scores", _("查看新闻宣传考核得分")),
            ("issue_bulletin", _("印发新闻宣传考核通报")),
        ]

    def __str__(self) -> str:
        return f"{self.town} {self.effective_from:%Y-%m}"

    def quota_for(self, kind: str) -> int | None:
        """A unit's monthly quota by its type; None for units without one (the town itself)."""
        return {
            OrgUnit.Kind.DEPARTMENT: self.quota_department,
            OrgUnit.Kind.VILLAGE: self.quota_village,
            OrgUnit.Kind.COMMUNITY: self.quota_community,
        }.get(kind)


class Points(models.Model):
    """The base points of a piece by its outlet's level and its type, in one version of the rules."""

    rules = models.ForeignKey(Rules, on_delete=models.CASCADE, related_name="points")
    level = models.CharField(_("媒体级别"), max_length=20, choices=MediaOutlet.Level.choices)
    piece_type = models.CharField(_("稿件类型"), max_length=20, choices=MediaPlacement.PieceType.choices)
    points = models.DecimalField(_("基础分"), **POINTS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rules", "level", "piece_type"], name="points_one_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.level}/{self.piece_type}: {self.points}"


class Bulletin(models.Model):
    """A month's 通报 as issued: its scores are kept here and never recomputed."""

    town = models.ForeignKey(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"))
    number = models.PositiveSmallIntegerField(_("期号"))
    rules = models.ForeignKey(Rules, verbose_name=_("考核办法"), on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("印发时间"), auto_now_add=True)
    signed_on = models.DateField(_("成文日期"))

    class Meta:
        verbose_name = _("考核通报")
        verbose_name_plural = _("考核通报")
        ordering = ["town", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year", "month"], name="bulletin_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.town} {self.year}-{self.month:02d}"


class Line(models.Model):
    """A unit's or a correspondent's score in a 通报: for its own month, or a correction
    of an earlier month's (`of_year`, `of_month` before the bulletin's, last year's too)."""

    class Subject(models.TextChoices):
        UNIT = "unit", _("单位")
        PERSON = "person", _("通讯员")

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="lines")
    subject = models.CharField(max_length=10, choices=Subject.choices)
    of_year = models.PositiveSmallIntegerField(_("所属年份"))
    of_month = models.PositiveSmallIntegerField(_("所属月份"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField(null=True)
    pieces = models.IntegerField(default=0)
    points = models.DecimalField(**TOTALS)
    penalty = models.DecimalField(default=Decimal(0), **TOTALS)
    # Pieces by outlet level (units), as {level: count}.
    levels = models.JSONField(default=dict)
    quota = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["bulletin", "subject", "of_year", "of_month", "rank", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.points}"

    @property
    def total(self) -> Decimal:
        return self.points - self.penalty


class Entry(models.Model):
    """A piece as a 通报 listed it, with the points it was given."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="entries")
    placement = models.ForeignKey(MediaPlacement, on_delete=models.SET_NULL, null=True, related_name="+")
    date = models.DateField()
    title = models.CharField(max_length=200)
    outlet = models.CharField(max_length=100)
    level = models.CharField(max_length=20)
    unit = models.CharField(max_length=100)
    authors = models.CharField(max_length=200, blank=True)
    points = models.DecimalField(**TOTALS)
    note = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["bulletin", "date", "pk"]

    def __str__(self) -> str:
        return self.title
