"""Honours the town, its units or its people received (荣誉表彰), a record kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import Record


class Honour(Record):
    """An honour received: its name is the record's title, e.g. 全省基层党员冬训工作示范镇."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")
        TOWN = "town", _("镇级")

    class Recipient(models.TextChoices):
        COLLECTIVE = "collective", _("集体")
        INDIVIDUAL = "individual", _("个人")

    level = models.CharField(_("级别"), max_length=20, choices=Level.choices)
    awarded_by = models.CharField(_("授予单位"), max_length=100, blank=True)
    recipient = models.CharField(
        _("获得者"), max_length=100, blank=True, help_text=_("获得荣誉的单位或个人，例如：石桥村、张三")
    )
    recipient_kind = models.CharField(
        _("集体/个人"), max_length=20, choices=Recipient.choices, default=Recipient.COLLECTIVE
    )

    class Meta:
        verbose_name = _("荣誉表彰")
        verbose_name_plural = _("荣誉表彰")
