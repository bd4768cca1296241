from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("年度总结")

    def ready(self) -> None:
        from reports import services  # noqa: F401  (registers the report build job)
