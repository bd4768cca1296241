"""One save per form, however often its button is tapped: a one-time token in each form.

A form carries a token (`new_token`, in a hidden field). The view that saves it asks
`submit_earlier` first, calls `submit_once` inside the transaction that saves, and
`submit_done` with the page it goes on to. A second request with the same token waits
for the first's transaction (the token's unique index), then learns it was taken and
where the first went; if the first failed and rolled back, the second saves as if it
were the first.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.models import SubmitToken, User

# Tokens are only compared within a few minutes of each other; a day is ample.
KEPT = timedelta(days=1)


def new_token() -> str:
    return uuid.uuid4().hex


def _token(raw: str) -> str:
    """The token as `new_token` makes them, or "" for anything else a request sends."""
    return raw if len(raw) == 32 and all(char in "0123456789abcdef" for char in raw) else ""


def submit_once(user: User, token: str) -> str | None:
    """Claim `token`; None if this request is the first, else the page the first went to ("" if unknown).

    Call it inside the transaction that saves, so the claim commits or rolls back with it.
    A form without a token (rendered before tokens existed) is let through.
    """
    token = _token(token)
    if not token:
        return None
    try:
        with transaction.atomic():
            SubmitToken.objects.create(user=user, token=token)
    except IntegrityError:
        found = SubmitToken.objects.filter(user=user, token=token).values_list("result", flat=True)
        return found.first() or ""
    SubmitToken.objects.filter(user=user, created_at__lt=timezone.now() - KEPT).delete()
    return None


def submit_earlier(user: User, token: str) -> str | None:
    """Where an earlier request with `token` went, if one has saved already; else None.

    Asked before the form is validated: a second tap must not be checked as a new
    record (it would look like a duplicate of the first).
    """
    token = _token(token)
    if not token:
        return None
    found = SubmitToken.objects.filter(user=user, token=token).values_list("result", flat=True).first()
    return found


def submit_done(user: User, token: str, url: str) -> None:
    token = _token(token)
    if token:
        SubmitToken.objects.filter(user=user, token=token).update(result=url[:300])
