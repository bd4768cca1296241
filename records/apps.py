from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("工作记录")

    def ready(self) -> None:
        from datetime import timedelta

        from portal.files import stash_register
        from records import (
            checks,  # noqa: F401  (the check that every kind is complete)
            stash,
        )

        stash_register(stash.FOLDER, keep=timedelta(days=1), label=_("表单暂存的照片和附件"))
