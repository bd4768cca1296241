"""Honours received (荣誉表彰), as the registry knows them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from honours import demo, ledger, writing
from honours.forms import HonourForm
from honours.models import Honour
from records.kinds import Kind, register

register(
    Kind(
        code="honours",
        model=Honour,
        form=HonourForm,
        label=_("荣誉表彰"),
        create_label=_("登记荣誉表彰"),
        icon="award",
        count_unit=_("项"),
        sheet=ledger.HONOURS,
        example=lambda town: {"level": Honour.Level.DISTRICT},
        demo=demo.honour_plans,
        type_field="level",
        columns=("recipient",),
        unused=("participants", "place", "is_practical_project"),
        facts=("level", "awarded_by", "recipient", "recipient_kind"),
        listed=("level", "awarded_by", "recipient"),
        search=("awarded_by", "recipient"),
        cards=("honours.count",),
        report=writing.HONOURS,
    )
)
