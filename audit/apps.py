from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self) -> None:
        from audit import checks, signals  # noqa: F401  (registers the check, connects the listeners)
