"""Who may do what to a record. Views ask these; templates show buttons by them."""

from __future__ import annotations

from portal.models import User
from records.models import Record

EDITABLE = {Record.Status.DRAFT, Record.Status.RETURNED}


def can_edit(user: User, record: Record) -> bool:
    """Reporters edit their unit's drafts and returned records; reviewers any not yet approved.

    An approved record is locked for everyone until a reviewer reopens it; a voided one for good.
    """
    if not user.can_see_unit(record.unit) or record.status == Record.Status.VOID:
        return False
    if user.has_perm("records.review_record"):
        return record.status != Record.Status.APPROVED
    return user.has_perm("records.log_record") and record.status in EDITABLE


def can_attach(user: User, record: Record) -> bool:
    """Who logs for the record's unit may add a 签到表 or minutes to it whatever its state,
    even approved: the files are evidence beside its facts, not a change to them."""
    return (
        user.has_perm("records.log_record")
        and user.can_see_unit(record.unit)
        and record.status != Record.Status.VOID
    )


def can_submit(user: User, record: Record) -> bool:
    return record.can("submit") and can_edit(user, record)


def can_delete(user: User, record: Record) -> bool:
    """A draft (never submitted) can be deleted by its author; anything else stays on file."""
    return record.status == Record.Status.DRAFT and record.author_id == user.pk and can_edit(user, record)


def can_review(user: User, record: Record) -> bool:
    return user.has_perm("records.review_record") and user.can_see_unit(record.unit)


def can_withdraw(user: User, record: Record) -> bool:
    """The author takes back a record still waiting for review (撤回)."""
    return record.can("withdraw") and record.author_id == user.pk and user.can_see_unit(record.unit)


def can_void(user: User, record: Record) -> bool:
    """A reviewer voids a duplicate or a mistake (作废) once it has been submitted."""
    return record.can("void") and can_review(user, record)
