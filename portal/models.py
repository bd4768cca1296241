"""The shared core: the organisation tree, users and background jobs."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import cached_property

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from portal.roles import ADMIN_ROLES, TOWN_WIDE_ROLES, Role


class OrgUnit(MP_Node):
    """A node of the organisation tree: a district, a town, or a unit inside a town.

    The tree is stored as materialised paths (django-treebeard), so "this unit and
    everything below it" is one indexed `path LIKE 'prefix%'` condition, which every
    scoped query uses through `in_subtree`.
    """

    class Kind(models.TextChoices):
        DISTRICT = "district", _("区")
        TOWN = "town", _("镇（街道）")
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")
        DEPARTMENT = "department", _("部门")
        STATION = "station", _("新时代文明实践站")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    # The body's full name as it signs documents: "中共青溪镇委员会". Empty: derived from the name.
    full_name = models.CharField(_("全称（落款）"), max_length=100, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    node_order_by = ["kind", "name"]

    class Meta:
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")
        constraints = [
            models.UniqueConstraint(fields=["path"], name="orgunit_unique_path"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def signing_name(self) -> str:
        """How the unit signs a document: its full name, or the Party committee's name for a town."""
        if self.full_name:
            return self.full_name
        return f"中共{self.name}委员会" if self.kind in (self.Kind.TOWN, self.Kind.DISTRICT) else self.name

    @cached_property
    def subtree_ids(self) -> list[int]:
        """The ids of this unit and every unit below it (one query, then cached)."""
        return list(OrgUnit.objects.filter(path__startswith=self.path).values_list("pk", flat=True))

    @cached_property
    def town(self) -> OrgUnit | None:
        """The town this unit belongs to (itself if it is one), None above town level."""
        if self.kind == self.Kind.TOWN:
            return self
        return OrgUnit.objects.get_ancestors(self).filter(kind=self.Kind.TOWN).last()


def in_subtree(unit: OrgUnit, *, field: str = "unit") -> Q:
    """Rows whose `field` (a foreign key to OrgUnit) is `unit` or any unit below it.

    With `field=""` it filters OrgUnit itself. Other rows are filtered by the list of
    the subtree's unit ids rather than a join on paths: with the ids in hand the
    database uses the rows' own (unit, date) index, so a small town's figures cost
    what its own records cost however many other towns share the tables.
    """
    if not field:
        return Q(path__startswith=unit.path)
    return Q(**{f"{field}__in": unit.subtree_ids})


class TownNotFound(LookupError):
    """No town, or more than one, has the name asked for; the message says which."""


def town_named(name: str) -> OrgUnit:
    """The one town (镇/街道) called `name`; refuses a name that no town or several towns have.

    Commands take towns by name (`--org 青溪镇`); a district can hold two towns of one
    name, and guessing between them would write into the wrong one.
    """
    towns = list(OrgUnit.objects.filter(name=name.strip(), kind=OrgUnit.Kind.TOWN)[:2])
    if not towns:
        raise TownNotFound(_("没有名为“%(name)s”的镇（街道）。") % {"name": name})
    if len(towns) > 1:
        raise TownNotFound(_("有多个名为“%(name)s”的镇（街道），无法确定是哪一个。") % {"name": name})
    return towns[0]


class User(AbstractUser):
    """A person who signs in: belongs to one unit and holds roles (groups)."""

    first_name = None
    last_name = None
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    password_changed_at = models.DateTimeField(_("密码设置时间"), null=True, blank=True, editable=False)
    # Set when an administrator creates the account or resets its password: the
    # first sign-in then asks for a password only its holder knows.
    must_change_password = models.BooleanField(_("须修改密码"), default=False, editable=False)

    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [
            ("manage_users", _("管理用户账号")),
            ("manage_units", _("管理组织单位")),
            ("assign_roles", _("分配角色")),
            ("view_system_status", _("查看系统状态")),
            ("view_audit_log", _("查看审计日志")),
            ("view_dashboard", _("查看领导驾驶舱")),
            ("set_targets", _("设定年度目标")),
        ]
        constraints = [
            # "Reporter" and "reporter" would be two accounts that both sign in.
            models.UniqueConstraint(Lower("username"), name="portal_user_username_unique_any_case"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）" if self.name else self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        self.must_change_password = False

    @property
    def password_expired(self) -> bool:
        if self.password_changed_at is None:
            return False
        return timezone.now() - self.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)

    def get_short_name(self) -> str:
        return self.name or self.username

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The user's roles, from their groups (prefetch `groups` for lists)."""
        codes = {group.name for group in self.groups.all()}
        return frozenset(role for role in Role if role.value in codes)

    @property
    def role_list(self) -> list[Role]:
        """The roles in their fixed order, for display."""
        return [role for role in Role if role in self.roles]

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_administrator(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    @cached_property
    def scope_unit(self) -> OrgUnit | None:
        """The root of the part of the tree this user may see.

        Reporters see their own unit and below; every other role sees its whole
        town (or, for a user placed above town level, everything under their unit).
        """
        if self.unit is None:
            return None
        if self.roles & TOWN_WIDE_ROLES:
            return self.unit.town or self.unit
        return self.unit

    @property
    def town(self) -> OrgUnit | None:
        """The town the user works in (their scope's town), None without a unit."""
        return self.scope_unit.town if self.scope_unit else None

    def can_see_unit(self, unit: OrgUnit) -> bool:
        scope = self.scope_unit
        return scope is not None and unit.path.startswith(scope.path)


# What each kind of job is called on the system status page; `portal.jobs.register` fills it.
JOB_KIND_LABELS: dict[str, str] = {}


class Job(models.Model):
    """A piece of background work (a report build, a large export, a worker probe).

    The row is saved first and the Celery task, which carries only its id, is sent
    after the transaction commits. Progress and failure live here, not in Celery's
    result backend, so the page that polls a job needs only the database.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("任务类型"), max_length=50)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    queue_error = models.TextField(_("排队错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # A running job's claim expires unless its worker renews it: a killed worker's
    # job can then be claimed again instead of staying "running" for ever.
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.get_state_display()}"

    @property
    def kind_label(self) -> str:
        return str(JOB_KIND_LABELS.get(self.kind, self.kind))

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    MAX_ATTEMPTS = 3

    @staticmethod
    def lease() -> timedelta:
        """How long a claim lasts unrenewed (settings.JOB_LEASE_SECONDS)."""
        return timedelta(seconds=settings.JOB_LEASE_SECONDS)

    def claim(self) -> bool:
        """Take the job to run it: pending, or running under a lease nobody renewed.

        One conditional UPDATE, so of two workers holding the same job only one wins.
        """
        now = timezone.now()
        claimable = Q(state=self.State.PENDING) | Q(state=self.State.RUNNING, lease_until__lt=now)
        claimed = Job.objects.filter(claimable, pk=self.pk, attempts__lt=self.MAX_ATTEMPTS).update(
            state=self.State.RUNNING,
            started_at=now,
            lease_until=now + self.lease(),
            attempts=models.F("attempts") + 1,
        )
        if claimed:
            self.refresh_from_db()
        return bool(claimed)

    def renew_lease(self) -> None:
        Job.objects.filter(pk=self.pk, state=self.State.RUNNING).update(
            lease_until=timezone.now() + self.lease()
        )

    def set_progress(self, percent: int) -> None:
        self.progress = max(0, min(100, percent))
        Job.objects.filter(pk=self.pk).update(progress=self.progress)

    def finish(self, result: dict) -> None:
        self._end(self.State.DONE, result=result, progress=100)

    def fail(self, error: str) -> None:
        self._end(self.State.FAILED, error=error)

    def _end(self, state: str, **fields) -> None:
        fields.update(state=state, finished_at=timezone.now())
        Job.objects.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)


class PasswordHistory(models.Model):
    """A password's hash as it was set, so a new one can be refused for repeating it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class SubmitToken(models.Model):
    """A form's one-time token, claimed by the request that saves the form (portal.submits).

    Three taps on 保存 send the same token three times; the second and third find it
    claimed and go where the first went, instead of saving the record again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.CharField(max_length=300, blank=True)  # the page the first request went on to

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="portal_submit_token_once")]

    def __str__(self) -> str:
        return self.token


auditlog.register(
    User,
    include_fields=["username", "name", "unit", "phone", "is_active", "is_staff", "is_superuser"],
    m2m_fields={"groups"},
)
auditlog.register(OrgUnit, include_fields=["name", "kind", "is_active"])
