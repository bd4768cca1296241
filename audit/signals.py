"""What writes to the audit log without being asked: sign-in events and every data change.

Data changes reach it through django-auditlog: each LogEntry it saves (a record, an
account, a unit, a target…) is copied into the chained log as one entry, so there is
one place that sees every create, change and delete of a registered model.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from audit.log import audit_write, town_of
from audit.models import AuditEvent, Event, Outcome

SETTINGS_MODELS = {"portal.orgunit", "figures.target", "records.worktheme", "media_outreach.mediaoutlet"}
# A change to any of these is a change of what the account may do.
PRIVILEGE_FIELDS = {"groups", "is_staff", "is_superuser"}
DATA_EVENTS = {
    LogEntry.Action.CREATE: Event.DATA_CREATE,
    LogEntry.Action.UPDATE: Event.DATA_CHANGE,
    LogEntry.Action.DELETE: Event.DATA_DELETE,
}


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_write(Event.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_write(Event.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_write(
        Event.LOGIN_FAILED,
        outcome=Outcome.FAILURE,
        request=request,
        username=str(credentials.get("username", "")),
        detail={"reason": "locked" if locked else "bad_credentials"},
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """Once per lockout: django-axes signals again at every attempt while locked, and those
    attempts are logged as refused sign-ins (登录失败, 账号已锁定) already."""
    username = str(username or "")
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if AuditEvent.objects.filter(event=Event.LOCKOUT, username=username, at__gte=since).exists():
        return
    audit_write(Event.LOCKOUT, outcome=Outcome.FAILURE, request=request, username=username)


@receiver(post_save, sender=LogEntry)
def _data_changed(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created or instance.action not in DATA_EVENTS:
        return
    model = instance.content_type.model_class()
    town = None
    if instance.actor is None and model is not None:  # a worker or a command: the object's own town
        town = town_of(model._base_manager.filter(pk=instance.object_pk).first())
    audit_write(
        _event_for(instance, model),
        user=instance.actor,
        town=town,
        object_type=model._meta.label if model else instance.content_type.model,
        object_id=instance.object_pk,
        object_repr=instance.object_repr,
        detail={"changes": instance.changes or {}},
    )


def _event_for(entry: LogEntry, model) -> Event:
    from portal.models import User

    changes = entry.changes or {}
    label = model._meta.label_lower if model else ""
    if model is not None and issubclass(model, User):
        if entry.action == LogEntry.Action.CREATE:  # its fields all "change" from nothing
            return Event.USER_CREATE
        if changes.keys() & PRIVILEGE_FIELDS:
            return Event.ROLE_CHANGE
        return Event.USER_CHANGE
    updated = entry.action == LogEntry.Action.UPDATE
    if updated and "status" in changes:  # a record's workflow
        return Event.STATUS_CHANGE
    if label in SETTINGS_MODELS:
        return Event.SETTINGS_CHANGE
    return DATA_EVENTS[entry.action]
