"""The annual report (年度工作总结及下一年工作计划): its draft, sections, plan and builds."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Job, OrgUnit
from records.models import WorkTheme


class ReportDraft(models.Model):
    """The secretary's draft of one town's report for one year.

    Its text may hold figure placeholders such as {study.count}; they are resolved
    from portal/metrics.py when the document is built, so figures never go stale.
    """

    class Rounding(models.TextChoices):
        EXACT = "exact", _("精确数字（如 23 次）")
        OFFICIAL = "official", _("公文习惯（如 20余次）")

    town = models.ForeignKey(OrgUnit, verbose_name=_("镇"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    opening = models.TextField(_("开头段落"))
    plan_opening = models.TextField(_("工作计划开头段落"))
    rounding = models.CharField(
        _("数字写法"), max_length=10, choices=Rounding.choices, default=Rounding.EXACT
    )
    signature = models.CharField(_("落款"), max_length=100)
    # Empty: the day the document is built. Never after that day.
    signed_on = models.DateField(_("成文日期"), null=True, blank=True, help_text=_("不填则为生成文件的当天"))
    plan_confirmed_at = models.DateTimeField(_("计划目标确认时间"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度总结草稿")
        verbose_name_plural = _("年度总结草稿")
        constraints = [models.UniqueConstraint(fields=["town", "year"], name="report_draft_unique_town_year")]
        permissions = [("compile_report", _("编写和生成年度总结"))]

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    """One theme's run-in paragraph: the lead sentence, then the text.

    `generated` is what the portal last wrote (figure sentences with placeholders and
    the theme's highlights); `text` is what goes in the document. Regenerating
    replaces `text` only while the secretary has not changed it.
    """

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="sections")
    theme = models.ForeignKey(WorkTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    lead = models.CharField(_("引领句"), max_length=200)
    text = models.TextField(_("正文"), blank=True)
    generated = models.TextField(_("系统生成的内容"), blank=True)
    # The generated text sentence by sentence, each with the records it came from:
    # [{"text": "…", "records": [12, 31]}, …], so the editor can link each to its records.
    sources = models.JSONField(_("句子来源"), default=list, blank=True)
    include = models.BooleanField(_("写入总结"), default=True)

    class Meta:
        verbose_name = _("总结段落")
        verbose_name_plural = _("总结段落")
        ordering = ["draft", "order", "pk"]

    def __str__(self) -> str:
        return self.lead

    @property
    def edited(self) -> bool:
        """Whether the secretary changed the text since the portal last wrote it."""
        return self.text.strip() != self.generated.strip()


class PlanItem(models.Model):
    """One item of next year's plan ("一是…。"), optionally with numeric targets."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="plan_items")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    heading = models.CharField(_("要点"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    # {figure code: target value} for next year's dashboard, set when the plan is confirmed.
    targets = models.JSONField(_("目标"), default=dict, blank=True)

    class Meta:
        verbose_name = _("工作计划要点")
        verbose_name_plural = _("工作计划要点")
        ordering = ["draft", "order", "pk"]

    def __str__(self) -> str:
        return self.heading


def build_path(build: ReportBuild, filename: str) -> str:
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix}"


class ReportBuild(models.Model):
    """A built .docx: kept with its time, author, checksum and the figures it used."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="builds")
    # One build per job: a job run twice (a worker killed after writing) finds its build.
    job = models.OneToOneField(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_build"
    )
    file = models.FileField(_("文件"), upload_to=build_path)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    figures = models.JSONField(_("所用数字"), default=dict)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    built_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度总结文件")
        verbose_name_plural = _("年度总结文件")
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"{self.draft} {self.built_at:%Y-%m-%d %H:%M}"


class MaterialCall(models.Model):
    """The secretary's year-end call for material (素材征集): every unit sends its highlights."""

    town = models.ForeignKey(OrgUnit, verbose_name=_("镇"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    deadline = models.DateField(_("截止日期"))
    note = models.TextField(_("征集说明"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("素材征集")
        verbose_name_plural = _("素材征集")
        ordering = ["town", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["town", "year"], name="material_call_unique_town_year")
        ]
        permissions = [
            ("submit_material", _("报送年终素材")),
            ("review_material", _("审核年终素材")),
        ]

    def __str__(self) -> str:
        return f"{self.town} {self.year}年素材征集"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Material(models.Model):
    """One piece a unit sends: a highlight (≤ 300 字), an honour, or its short self-summary."""

    class Sort(models.TextChoices):
        HIGHLIGHT = "highlight", _("工作亮点")
        HONOUR = "honour", _("所获荣誉")
        SUMMARY = "summary", _("工作小结")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已采用")
        RETURNED = "returned", _("已退回")

    HIGHLIGHTS_PER_UNIT = 5
    HIGHLIGHT_LENGTH = 300
    SUMMARY_LENGTH = 800

    call = models.ForeignKey(
        MaterialCall, verbose_name=_("素材征集"), on_delete=models.CASCADE, related_name="materials"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    sort = models.CharField(_("类别"), max_length=20, choices=Sort.choices)
    theme = models.ForeignKey(
        WorkTheme,
        verbose_name=_("工作板块"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("内容"))
    records = models.ManyToManyField(
        "records.Record", verbose_name=_("相关记录"), blank=True, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年终素材")
        verbose_name_plural = _("年终素材")
        ordering = ["call", "unit", "sort", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class WorkRule(models.Model):
    """A document of the town's as issued, for the binder's parts before the records: a
    工作制度 (中心组学习制度, 意识形态工作责任制…), a document of its 组织网络 (the
    领导小组's 通知, the 分工), or a year's 工作要点 (the 年度计划 the year began with)."""

    class Part(models.TextChoices):
        RULES = "rules", _("工作制度")
        NETWORK = "network", _("组织网络及分工")
        PLAN = "plan", _("年度计划")

    town = models.ForeignKey(OrgUnit, verbose_name=_("镇"), on_delete=models.CASCADE, related_name="+")
    part = models.CharField(_("编入部分"), max_length=20, choices=Part.choices, default=Part.RULES)
    year = models.PositiveSmallIntegerField(
        _("适用年度"), null=True, blank=True, help_text=_("年度计划填它所计划的年度；制度和组织文件可不填。")
    )
    title = models.CharField(_("文件名称"), max_length=200)
    text = models.TextField(_("正文"), help_text=_("从印发的文件中复制；每段一行。"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("现行有效"), default=True, help_text=_("废止的制度不再编入台账。"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("台账文件")
        verbose_name_plural = _("台账文件")
        ordering = ["town", "part", "order", "pk"]

    def __str__(self) -> str:
        return self.title


auditlog.register(WorkRule)
auditlog.register(ReportDraft)
auditlog.register(MaterialCall)
auditlog.register(Material, include_fields=["sort", "text", "status", "return_reason", "theme"])
auditlog.register(ReportSection, include_fields=["lead", "text", "include", "order"])
auditlog.register(PlanItem)
auditlog.register(ReportBuild, include_fields=["checksum", "built_by"])
