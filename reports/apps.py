from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("年度总结")

    def ready(self) -> None:
        from datetime import timedelta

        from portal.files import stash_register
        from reports import services  # registers the report build job

        # A binder is fetched the day it is built; the builds of the report itself are kept.
        stash_register(services.BINDERS, keep=timedelta(days=7), label=_("台账汇编文件"))
