from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("工作记录")

    def ready(self) -> None:
        from records import jobs  # noqa: F401  (registers the export job)
