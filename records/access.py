"""Who may do what to a record. Views ask these; templates show buttons by them."""

from __future__ import annotations

from portal.models import User
from records.models import Record

EDITABLE = {Record.Status.DRAFT, Record.Status.RETURNED}


def can_edit(user: User, record: Record) -> bool:
    """Reporters edit their unit's drafts and returned records; reviewers any not yet approved.

    An approved record is locked for everyone until a reviewer reopens it.
    """
    if not user.can_see_unit(record.unit):
        return False
    if user.has_perm("records.review_record"):
        return record.status != Record.Status.APPROVED
    return user.has_perm("records.log_record") and record.status in EDITABLE


def can_submit(user: User, record: Record) -> bool:
    return record.can("submit") and can_edit(user, record)


def can_delete(user: User, record: Record) -> bool:
    """A draft (never submitted) can be deleted by its author; anything else stays on file."""
    return record.status == Record.Status.DRAFT and record.author_id == user.pk and can_edit(user, record)


def can_review(user: User, record: Record) -> bool:
    return user.has_perm("records.review_record") and user.can_see_unit(record.unit)
