"""The reviewer's form for a new version of the rules: a grid of base points, then the rest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from media_outreach.models import MediaOutlet, MediaPlacement
from scoring.models import Rules

MONTH_INPUT = forms.DateInput(format="%Y-%m", attrs={"type": "month"})


def cell_name(level: str, piece: str) -> str:
    return f"points_{level}_{piece}"


class RulesForm(forms.ModelForm):
    """Every setting of one version; the base points as one field per level and type."""

    effective_from = forms.DateField(
        label=_("施行月份"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=MONTH_INPUT
    )

    class Meta:
        model = Rules
        fields = [
            "effective_from",
            "front_page_factor",
            "instruction_factor",
            "repost_factor",
            "long_characters",
            "long_factor",
            "highest_only",
            "first_share",
            "second_share",
            "untrue_penalty",
            "negative_penalty",
            "negative_zeroes_month",
            "quota_department",
            "quota_village",
            "quota_community",
            "quota_person_year",
            "issuer",
        ]

    def __init__(self, *args, cells: dict[tuple[str, str], Decimal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["effective_from"])
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input me-1"
        for level, level_label in MediaOutlet.Level.choices:
            for piece, piece_label in MediaPlacement.PieceType.choices:
                self.fields[cell_name(level, piece)] = forms.DecimalField(
                    label=f"{level_label}·{piece_label}",
                    min_value=0,
                    max_value=100,
                    max_digits=7,
                    decimal_places=2,
                    initial=cells[(level, piece)],
                    widget=forms.NumberInput(attrs={"step": "0.5", "class": "form-control form-control-sm"}),
                )

    def grid(self):
        """Rows of the base points grid: a level, then its field for each piece type."""
        return [
            (label, [self[cell_name(level, piece)] for piece in MediaPlacement.PieceType.values])
            for level, label in MediaOutlet.Level.choices
        ]

    def other_fields(self):
        return [field for field in self if not field.name.startswith("points_")]

    def clean_effective_from(self) -> date:
        value = self.cleaned_data["effective_from"]
        return value.replace(day=1)

    def cells(self) -> dict[tuple[str, str], Decimal]:
        return {
            (level, piece): self.cleaned_data[cell_name(level, piece)]
            for level in MediaOutlet.Level.values
            for piece in MediaPlacement.PieceType.values
        }
