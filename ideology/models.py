"""Ideology work (意识形态工作): analysis meetings, campaigns, handling of online opinion."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import Record


class IdeologyWork(Record):
    """A piece of the town's ideology work: a 研判会议, a 专项行动, a 舆情 handled…"""

    class Type(models.TextChoices):
        ANALYSIS = "analysis", _("研判会议")
        STUDY = "study", _("专题研究")
        CAMPAIGN = "campaign", _("专项行动")
        OPINION = "opinion", _("舆情处置")
        COMMENTARY = "commentary", _("网评引导")
        INSPECTION = "inspection", _("阵地检查")
        ANTI_PORN = "anti_porn", _("扫黄打非")
        OTHER = "other", _("其他")

    work_type = models.CharField(_("工作类型"), max_length=20, choices=Type.choices)
    topics = models.TextField(_("议题"), blank=True, help_text=_("研判或研究的议题，每行一项"))
    outcome = models.TextField(_("处置结果"), blank=True, help_text=_("采取的措施和处置结果"))

    class Meta:
        verbose_name = _("意识形态工作")
        verbose_name_plural = _("意识形态工作")
