"""Ideology work (意识形态工作), as the registry knows it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ideology import demo, ledger, writing
from ideology.forms import IdeologyWorkForm
from ideology.models import IdeologyWork
from records.kinds import Figure, Kind, register

register(
    Kind(
        code="ideology",
        model=IdeologyWork,
        form=IdeologyWorkForm,
        label=_("意识形态工作"),
        create_label=_("登记意识形态工作"),
        icon="shield-shaded",
        count_unit=_("次"),
        sheet=ledger.IDEOLOGY,
        example=lambda town: {"work_type": IdeologyWork.Type.ANALYSIS},
        demo=demo.ideology_plans,
        type_field="work_type",
        facts=("topics", "outcome"),
        search=("topics", "outcome"),
        figures=(
            Figure(
                "ideology.participants", _("意识形态工作参与"), _("人次"), "ideology", "sum", "participants"
            ),
        ),
        cards=("ideology.type.analysis",),
        default_theme="意识形态",
        report=writing.IDEOLOGY,
    )
)
