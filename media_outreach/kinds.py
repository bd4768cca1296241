from django.utils.translation import gettext_lazy as _

from media_outreach.forms import MediaPlacementForm
from media_outreach.models import MediaPlacement
from records.kinds import Kind, register

register(
    Kind(
        code="media",
        model=MediaPlacement,
        form=MediaPlacementForm,
        label=_("媒体刊发"),
        create_label=_("登记媒体刊发"),
        icon="newspaper",
        type_field="piece_type",
        columns=("outlet",),
        unused=("participants", "place", "is_practical_project"),
    )
)
