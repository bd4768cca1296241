from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaOutreachConfig(AppConfig):
    name = "media_outreach"
    verbose_name = _("媒体刊发")

    def ready(self) -> None:
        from media_outreach import kinds  # noqa: F401  (registers the record kind)
