"""The registry of record kinds. A new kind is a model, a form and one `register` call.

Everything generic — lists, forms pages, the review queue, photos, the audit trail —
reads this registry instead of naming kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.registry import auditlog
from django.utils.functional import Promise

from records.models import Record


@dataclass(frozen=True)
class Kind:
    code: str
    model: type[Record]
    form: type
    label: Promise
    create_label: Promise  # the button and page title for a new record of this kind
    icon: str
    # The kind's own type field (a TextChoices field), filterable in lists.
    type_field: str | None = None
    # Fields of the kind shown as extra columns in its list.
    columns: tuple[str, ...] = field(default_factory=tuple)
    # Base fields this kind does not use (hidden from its form and detail).
    unused: tuple[str, ...] = field(default_factory=tuple)

    @property
    def type_choices(self) -> list[tuple[str, str]]:
        if not self.type_field:
            return []
        return list(self.model._meta.get_field(self.type_field).choices)


KINDS: dict[str, Kind] = {}
# Bookkeeping that changes on every save and says nothing to an auditor.
AUDIT_EXCLUDED = ["updated_at", "version", "record_ptr"]


def register(kind: Kind) -> Kind:
    """Add a kind; its model's creates, changes and deletions go to the audit log."""
    KINDS[kind.code] = kind
    auditlog.register(kind.model, exclude_fields=AUDIT_EXCLUDED)
    return kind


def code_for(model: type[Record]) -> str:
    for kind in KINDS.values():
        if kind.model is model:
            return kind.code
    raise TypeError(
        f"{model.__name__} is not a registered record kind; save records through their kind's model"
    )


def kind_choices() -> list[tuple[str, Promise]]:
    return [(kind.code, kind.label) for kind in KINDS.values()]
