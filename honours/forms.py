from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from honours.models import Honour
from records.forms import BASE_FIELDS, RecordForm


class HonourForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = Honour
        fields = ["level", *BASE_FIELDS, "awarded_by", "recipient", "recipient_kind"]
        labels = {"title": _("荣誉名称"), "date": _("获得日期"), "summary": _("备注")}
        help_texts = {"title": _("荣誉的全称，例如：全省基层党员冬训工作示范镇")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The certificate is the record's photo.
        self.fields["photos"].label = _("证书照片")
