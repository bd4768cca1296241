"""The security audit log (等保 安全审计): append-only, each entry chained to the last by a hash.

Entries are written only by `audit.log.audit_write`; nothing updates them, and only
`audit.log.audit_purge` deletes them, past the retention period. The database
refuses the rest too (migration 0002 installs triggers), and `manage.py audit_verify`
detects any entry edited or deleted behind the application's back: each entry's hash
covers its content and the previous entry's hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class Event(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    UNLOCK = "unlock", _("解除锁定")
    LOGOUT = "logout", _("退出登录")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_RESET = "password_reset", _("重设他人密码")
    USER_CREATE = "user_create", _("新建账号")
    USER_CHANGE = "user_change", _("修改账号")
    ROLE_CHANGE = "role_change", _("变更角色")
    DATA_CREATE = "data_create", _("新增数据")
    DATA_CHANGE = "data_change", _("修改数据")
    DATA_DELETE = "data_delete", _("删除数据")
    STATUS_CHANGE = "status_change", _("记录状态变更")
    IMPORT = "import", _("导入台账")
    EXPORT = "export", _("导出数据")
    REPORT_BUILD = "report_build", _("生成报告")
    DOWNLOAD = "download", _("下载文件")
    SETTINGS_CHANGE = "settings_change", _("修改设置")
    BACKUP = "backup", _("备份数据")
    RESTORE = "restore", _("恢复数据")
    PURGE = "purge", _("清理过期日志")
    FILES_PURGE = "files_purge", _("清理过期文件")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class AppendOnlyError(RuntimeError):
    """Raised by any attempt to change or delete an audit entry through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are never changed")

    def delete(self):
        raise AppendOnlyError("audit entries are deleted only by audit_purge, past retention")

    def purge(self) -> int:
        """Delete these entries: the one sanctioned deletion, used only by audit.log.audit_purge."""
        deleted, _ = models.QuerySet.delete(self)
        return deleted


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("序号"), primary_key=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    # As the user was called then, or as typed at a failed sign-in.
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True)
    event = models.CharField(_("事件"), max_length=30, choices=Event.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    detail = models.JSONField(_("详情"), default=dict)
    # The town the entry belongs to, so each town's auditor reads only their own.
    town = models.ForeignKey(
        "portal.OrgUnit",
        verbose_name=_("所属镇"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    prev_hash = models.CharField(_("前一条摘要"), max_length=64)
    hash = models.CharField(_("摘要"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["town", "at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_event_display()} {self.username}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are deleted only by audit_purge, past retention")


class AuditChain(models.Model):
    """The chain's head: the last entry's number and hash, one row, locked to append.

    Holding it apart from the entries makes the tail checkable too: deleting the
    newest entries leaves the head pointing past the end. Its MAC (`audit.log.head_mac`)
    means the head cannot be moved back to an older entry without the key either.
    """

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
    mac = models.CharField(max_length=64, default="")

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
