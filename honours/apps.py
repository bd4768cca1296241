from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "honours"
    verbose_name = _("荣誉表彰")

    def ready(self) -> None:
        from honours import kinds  # noqa: F401  (registers the record kind)
