"""Ideology work (意识形态工作), as the registry knows it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ideology import demo, ledger
from ideology.forms import IdeologyWorkForm
from ideology.models import IdeologyWork
from records.kinds import Figure, Kind, register
from records.writing import Tally

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
        report=Tally(
            "全年开展意识形态工作{ideology.count}次",
            (
                ("ideology.type.analysis", "，其中召开意识形态领域情况分析研判会{ideology.type.analysis}次"),
                ("ideology.type.study", "、专题研究意识形态工作{ideology.type.study}次"),
                ("ideology.type.campaign", "；开展专项行动{ideology.type.campaign}次"),
                ("ideology.type.opinion", "，妥善处置网络舆情{ideology.type.opinion}起"),
                ("ideology.type.inspection", "，开展阵地检查{ideology.type.inspection}次"),
            ),
        ),
    )
)
