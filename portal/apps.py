from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from portal import jobs  # noqa: F401  (registers the core's job handlers)
