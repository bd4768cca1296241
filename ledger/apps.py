from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("台账导入导出")

    def ready(self) -> None:
        from datetime import timedelta

        from ledger import jobs  # registers the export job
        from portal.files import stash_register

        # A preview is confirmed within minutes; half a day covers a lunch break.
        stash_register(jobs.UPLOADS, keep=timedelta(hours=12), label=_("台账上传文件"))
        stash_register(jobs.EXPORTS, keep=timedelta(days=7), label=_("台账导出文件"))
