"""Media outlets and media placements (媒体刊发), a record kind."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import OrgUnit
from records.models import Record


class MediaOutlet(models.Model):
    """A newspaper, station, site or platform the town's pieces appear in."""

    class Level(models.TextChoices):
        # Listed from the top; "市级及以上" and such are explicit sets in the metrics,
        # since the stored codes do not sort by rank.
        CENTRAL = "central", _("中央级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")
        TOWN = "town", _("镇级")

    class Channel(models.TextChoices):
        PRESS = "press", _("报刊")
        BROADCAST = "broadcast", _("广播电视")
        ONLINE = "online", _("网络媒体")
        NEW_MEDIA = "new_media", _("新媒体")
        XUEXI = "xuexi", _("学习强国")
        BRIEFING = "briefing", _("工作简报")

    town = models.ForeignKey(OrgUnit, verbose_name=_("所属镇"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("媒体名称"), max_length=100)
    level = models.CharField(_("媒体级别"), max_length=20, choices=Level.choices)
    channel = models.CharField(_("媒体类型"), max_length=20, choices=Channel.choices)
    is_own_platform = models.BooleanField(
        _("自有平台"),
        default=False,
        help_text=_(
            "本镇自己的公众号、网站、工作简报等：其稿件不计入“各级媒体刊发”，单独写作“发布信息”。镇级媒体都算自有平台。"
        ),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("媒体")
        verbose_name_plural = _("媒体")
        ordering = ["town", "level", "name"]
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="outlet_unique_name_per_town")]
        permissions = [("manage_outlets", _("维护媒体名录"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}·{self.get_channel_display()}）"

    @property
    def is_own(self) -> bool:
        """The town's own platform: marked so, or any town-level outlet."""
        return self.is_own_platform or self.level == self.Level.TOWN


def outlets_by_rank(outlets):
    """Outlets from central to town level, then by name (the stored codes sort otherwise)."""
    rank = Case(*(When(level=value, then=index) for index, value in enumerate(MediaOutlet.Level.values)))
    return outlets.order_by(rank, "channel", "name")


def clipping_path(placement: MediaPlacement, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"clippings/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Verdict(models.TextChoices):
    UNTRUE = "untrue", _("失实")
    NEGATIVE = "negative", _("负面报道")


class MediaPlacement(Record):
    """A piece about the town's work that an outlet published (刊发)."""

    class PieceType(models.TextChoices):
        NEWS = "news", _("新闻报道")
        INFO = "info", _("信息")
        PHOTO = "photo", _("图片")
        VIDEO = "video", _("视频")
        FEATURE = "feature", _("专题")
        EXPERIENCE = "experience", _("经验交流")

    outlet = models.ForeignKey(
        MediaOutlet, verbose_name=_("媒体"), on_delete=models.PROTECT, related_name="placements"
    )
    piece_type = models.CharField(
        _("稿件类型"), max_length=20, choices=PieceType.choices, default=PieceType.NEWS
    )
    url = models.URLField(_("链接"), max_length=500, blank=True)
    authors = models.CharField(_("作者"), max_length=200, blank=True)
    column = models.CharField(
        _("栏目/节目"), max_length=100, blank=True, help_text=_("例如：新闻联播、要闻；不加书名号")
    )
    is_front_page = models.BooleanField(_("头版"), default=False, help_text=_("报纸刊于头版"))
    is_headline = models.BooleanField(_("头条"), default=False, help_text=_("版面、节目或网站的头条"))
    clipping = models.FileField(_("剪报（图片或 PDF）"), upload_to=clipping_path, blank=True)
    covers = models.ForeignKey(
        Record,
        verbose_name=_("报道的活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverage",
    )
    # What the media scoring (新闻宣传考核) weighs beside the outlet and the piece type.
    is_repost = models.BooleanField(_("转载"), default=False, help_text=_("转载、转发其他媒体已刊发的稿件"))
    has_instruction = models.BooleanField(_("获领导批示"), default=False)
    characters = models.PositiveIntegerField(
        _("字数"), null=True, blank=True, help_text=_("文字稿的字数，可不填")
    )
    verdict = models.CharField(
        _("核查结论"),
        max_length=20,
        choices=Verdict.choices,
        blank=True,
        help_text=_("宣传办核查后填写：失实稿件不得分并扣分，负面报道当月清零并扣分"),
    )
    # The same piece placed in another outlet too: its first placement. Scoring counts the
    # piece once, at the placement that scores highest (media_outreach.pieces).
    original = models.ForeignKey(
        "self",
        verbose_name=_("同一稿件"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )

    class Meta:
        verbose_name = _("媒体刊发")
        verbose_name_plural = _("媒体刊发")


class Credit(models.Model):
    """One author of a placement, in the order of its byline: an account, or a name and a unit."""

    placement = models.ForeignKey(MediaPlacement, on_delete=models.CASCADE, related_name="credits")
    position = models.PositiveSmallIntegerField(_("署名顺序"))
    # How many authors the placement has: the share of each (3:2, or equal) is computed
    # in the database from these two.
    of = models.PositiveSmallIntegerField(_("作者人数"))
    person = models.ForeignKey(
        "portal.User",
        verbose_name=_("账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("作者")
        verbose_name_plural = _("作者")
        ordering = ["placement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "position"], name="credit_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


auditlog.register(MediaOutlet)
