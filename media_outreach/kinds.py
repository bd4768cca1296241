from django.utils.translation import gettext_lazy as _

from media_outreach.forms import MediaPlacementForm
from media_outreach.models import MediaPlacement
from records.kinds import Kind, register

register(
    Kind(
        "media",
        MediaPlacement,
        MediaPlacementForm,
        _("媒体刊发"),
        "newspaper",
        "piece_type",
        ("outlet",),
        unused=("participants", "place", "is_practical_project"),
    )
)
