"""The year's targets: a value per figure, year and unit, that the dashboard compares against."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import OrgUnit


class Target(models.Model):
    """A year's target for one figure (figures/metrics.py), town-wide or for one unit."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    figure = models.CharField(_("指标"), max_length=60)
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=1)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设定人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "figure"], name="target_unique_per_unit_year_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.figure} {self.value}"


auditlog.register(Target)
