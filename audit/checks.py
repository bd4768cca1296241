from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register(Tags.security, deploy=True)
def key_check(app_configs, **kwargs) -> list[Warning]:
    """The chain's key must outlive SECRET_KEY: rotating that after a leak must not void the log."""
    if settings.AUDIT_KEY == settings.SECRET_KEY:
        return [
            Warning(
                "AUDIT_KEY is not set, so the audit log is chained with SECRET_KEY; rotating "
                "SECRET_KEY would make every existing entry fail audit_verify.",
                hint="Set AUDIT_KEY once to a long random value and keep a copy apart from the database.",
                id="audit.W001",
            )
        ]
    return []
