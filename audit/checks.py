from django.conf import settings
from django.core.checks import Error, register

from audit.log import MIN_RETENTION_DAYS


@register()
def retention_check(app_configs, **kwargs) -> list[Error]:
    """A retention below the legal minimum is a configuration error, caught at start-up."""
    if settings.AUDIT_RETENTION_DAYS < MIN_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; audit entries must be "
                f"kept at least {MIN_RETENTION_DAYS} days.",
                id="audit.E001",
            )
        ]
    return []
