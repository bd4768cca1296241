from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("理论学习与宣传活动")

    def ready(self) -> None:
        from activities import kinds  # noqa: F401  (registers the record kinds)
