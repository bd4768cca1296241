from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeologyConfig(AppConfig):
    name = "ideology"
    verbose_name = _("意识形态工作")

    def ready(self) -> None:
        from ideology import kinds  # noqa: F401  (registers the record kind)
