from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("台账导入导出")

    def ready(self) -> None:
        from ledger import jobs  # noqa: F401  (registers the export job)
