"""Writing, checking and purging the security audit log (see audit/models.py).

Every write takes the chain's head row under a lock, so entries are numbered without
gaps and each one's hash covers the one before, whichever process writes it. The hash
is an HMAC keyed by settings.AUDIT_KEY, which is not in the database: someone who can
edit the table still cannot forge a consistent chain.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import GENESIS, AuditChain, AuditEvent, Event, Outcome
from portal.models import OrgUnit, User

# Entries are kept at least this long whatever the settings say (网络安全法 第二十一条: six months).
MIN_RETENTION_DAYS = 184
TEXT_LIMIT = 1000

IP_FIELD = AuditEvent._meta.get_field("ip")

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
# Entries written before anyone is signed in, which belong to the town of the account named.
SIGN_IN_EVENTS = {Event.LOGIN_FAILED, Event.LOCKOUT}


class AuditContextMiddleware:
    """Makes the request known to entries written deep in services and signal handlers."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def town_of(obj: models.Model | None) -> OrgUnit | None:
    """The town an object belongs to: a unit's town, or that of its town, unit, draft or creator."""
    if obj is None or isinstance(obj, OrgUnit):
        return obj.town if obj is not None else None
    for name in ("town", "unit", "draft", "created_by"):
        value = getattr(obj, name, None)
        if isinstance(value, OrgUnit):
            return value.town
        if isinstance(value, models.Model):
            return town_of(value) if not isinstance(value, User) else value.town
    return obj.town if isinstance(obj, User) else None


def _town_of_account(username: str) -> OrgUnit | None:
    """The town of the account a sign-in named, if there is one by that name."""
    user = User.objects.filter(username__iexact=username).select_related("unit").first() if username else None
    return user.town if user is not None else None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets (TRUSTED_PROXY_IP_HEADER).

    django-axes uses this too (AXES_CLIENT_IP_CALLABLE), so the lockout and the log agree.
    """
    header = settings.TRUSTED_PROXY_IP_HEADER
    value = request.META.get(header) if header else None
    value = (value or "").split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return None


def audit_write(
    event: Event,
    *,
    outcome: Outcome = Outcome.SUCCESS,
    request: HttpRequest | None = None,
    user=None,
    username: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    detail: dict | None = None,
    town=None,
) -> AuditEvent:
    """Append one entry. Inside the caller's transaction, so a change and its entry commit together."""
    entry = audit_entry(
        event,
        outcome=outcome,
        request=request,
        user=user,
        username=username,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        detail=detail,
        town=town,
    )
    return audit_append([entry])[0]


def audit_entry(
    event: Event,
    *,
    outcome: Outcome = Outcome.SUCCESS,
    request: HttpRequest | None = None,
    user=None,
    username: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    detail: dict | None = None,
    town=None,
) -> AuditEvent:
    """An entry not yet in the chain (`audit_append` puts it there), its user and address from the request."""
    request = request or _current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    town = (
        town
        or (user.town if user is not None else None)
        or town_of(obj)
        or (_town_of_account(username) if event in SIGN_IN_EVENTS else None)
    )
    return AuditEvent(
        user=user,
        username=_clean(username or (user.username if user else ""), 150),
        # As the database will hand it back (an IPv4-mapped IPv6 address is rewritten).
        ip=IP_FIELD.get_prep_value(client_ip(request)) if request is not None else None,
        event=event,
        object_type=_clean(str(object_type), 100),
        object_id=_clean(str(object_id), 64),
        object_repr=_clean(str(object_repr), 200),
        outcome=outcome,
        detail=_clean(detail or {}),
        town_id=town.pk if town else None,
    )


def audit_append(entries: list[AuditEvent]) -> list[AuditEvent]:
    """Chain and save entries in order: the head locked once, one INSERT, the head moved once.

    A bulk action (twenty records approved at once) costs three queries, not sixty.
    """
    if not entries:
        return entries
    with transaction.atomic():
        head, _ = AuditChain.objects.select_for_update().get_or_create(pk=1)
        seq, previous, now = head.seq, head.hash, timezone.now()
        for entry in entries:
            seq += 1
            entry.seq, entry.at, entry.prev_hash = seq, now, previous
            entry.hash = previous = entry_digest(entry)
        AuditEvent.objects.bulk_create(entries)
        AuditChain.objects.filter(pk=1).update(seq=seq, hash=previous, mac=head_mac(seq, previous))
    return entries


def head_mac(seq: int, hash: str) -> str:
    """The head row's own MAC: whoever moves the head back must know the key to sign it."""
    return hmac.new(_key(), f"head:{seq}:{hash}".encode(), hashlib.sha256).hexdigest()


def entry_digest(entry: AuditEvent) -> str:
    content = [
        entry.seq,
        entry.at.astimezone(UTC).isoformat(),
        entry.user_id,
        entry.username,
        entry.ip,
        entry.event,
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.outcome,
        entry.detail,
        entry.town_id,
        entry.prev_hash,
    ]
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def _key() -> bytes:
    return hashlib.sha256(f"portal.audit:{settings.AUDIT_KEY}".encode()).digest()


def _clean(value, limit: int = TEXT_LIMIT):
    """Text as PostgreSQL stores it (no NUL), bounded, so the entry is written whatever was typed."""
    if isinstance(value, str):
        value = value.replace("\x00", "")
        return value if len(value) <= limit else value[: limit - 1] + "…"
    if isinstance(value, dict):
        return {str(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if value is None or isinstance(value, bool | int):
        return value
    return _clean(str(value))


@dataclass(frozen=True)
class Checkpoint:
    """The head as `audit_verify` saw it once, kept outside the database (a file the operator names)."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"

    @classmethod
    def parse(cls, line: str) -> Checkpoint:
        seq, hash = line.split()[:2]
        return cls(int(seq), hash)


def checkpoints_read(path: Path) -> list[Checkpoint]:
    """The checkpoints in a file `audit_verify --checkpoints` keeps; none if it is not there yet."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="ascii").splitlines()
    return [Checkpoint.parse(line) for line in lines if line.strip() and not line.startswith("#")]


@dataclass
class ChainReport:
    checked: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def audit_verify(*, checkpoints: list[Checkpoint] = (), max_problems: int = 100) -> ChainReport:
    """Recompute every entry's hash and link; report each entry edited, missing or out of place.

    With `checkpoints` (heads seen by earlier runs, kept outside the database) it also
    fails when the chain is shorter than one, or holds another entry at its number:
    what someone who can rewrite the whole table and knows the key could still do.
    """
    report = ChainReport()

    def problem(seq: int | None, message: str) -> None:
        if len(report.problems) < max_problems:
            report.problems.append((seq, message))

    previous: AuditEvent | None = None
    for entry in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if previous is None:
            report.first_seq = entry.seq
            if entry.prev_hash != _anchor(entry.seq):
                problem(entry.seq, "the entries before this one were deleted without a purge")
        elif entry.seq != previous.seq + 1:
            problem(entry.seq, f"entries {previous.seq + 1}–{entry.seq - 1} are missing")
        elif entry.prev_hash != previous.hash:
            problem(entry.seq, "does not follow from the entry before it")
        if entry_digest(entry) != entry.hash:
            problem(entry.seq, "its content was changed after it was written")
        report.checked += 1
        previous = entry
    head = AuditChain.objects.filter(pk=1).first()
    last_seq, last_hash = (previous.seq, previous.hash) if previous else (0, GENESIS)
    report.last_seq = previous.seq if previous else None
    if head is None:
        if previous is not None:
            problem(None, "the chain's head row was deleted")
    elif (head.seq, head.hash) != (last_seq, last_hash):
        problem(head.seq, f"the newest entries up to {head.seq} were deleted")
    elif head.seq and not hmac.compare_digest(head.mac, head_mac(head.seq, head.hash)):
        problem(head.seq, "the chain's head was rewritten (its MAC does not match)")
    _checkpoints_check(checkpoints, last_seq, problem)
    return report


def _checkpoints_check(checkpoints, last_seq: int, problem) -> None:
    hashes = dict(
        AuditEvent.objects.filter(seq__in=[point.seq for point in checkpoints]).values_list("seq", "hash")
    )
    purged = (
        AuditEvent.objects.filter(event=Event.PURGE)
        .order_by("-seq")
        .values_list("detail__through_seq", flat=True)
        .first()
    ) or 0
    for point in checkpoints:
        if point.seq > last_seq:
            problem(
                point.seq,
                f"the chain ends at {last_seq}, before checkpoint {point.seq}: entries were removed",
            )
        elif point.seq in hashes and hashes[point.seq] != point.hash:
            problem(point.seq, "is not the entry the checkpoint saw: the log was replaced")
        elif point.seq not in hashes and point.seq > purged:
            problem(point.seq, "the checkpoint's entry is missing")


def _anchor(seq: int) -> str:
    """The hash the entry numbered `seq` must follow: the start, or the last one a purge removed."""
    if seq == 1:
        return GENESIS
    purges = AuditEvent.objects.filter(event=Event.PURGE, detail__through_seq=seq - 1)
    purge = purges.order_by("seq").first()
    return purge.detail.get("through_hash", "") if purge else ""


def audit_purge(*, days: int) -> int:
    """Delete the entries older than `days` (never fewer than 184) and log that it happened.

    The purge entry keeps the last deleted entry's hash, so the chain can still be
    checked from the oldest entry left.
    """
    if days < MIN_RETENTION_DAYS:
        raise ValueError(f"audit entries must be kept at least {MIN_RETENTION_DAYS} days")
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        AuditChain.objects.select_for_update().get_or_create(pk=1)
        last = AuditEvent.objects.filter(at__lt=cutoff).order_by("-seq").first()
        if last is None:
            return 0
        deleted = AuditEvent.objects.filter(seq__lte=last.seq).purge()
        audit_write(
            Event.PURGE,
            username="manage.py audit_purge",
            detail={"through_seq": last.seq, "through_hash": last.hash, "days": days, "deleted": deleted},
        )
    return deleted
