from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from portal import jobs  # noqa: F401  (registers the core's job handlers)

        _access_watch()


def _access_watch() -> None:
    """Move the access snapshots' generation (portal.access) on every write that changes
    what a user may do: a unit (the tree, a town's subtree), a group or a permission, and
    who holds which. A user's own row needs none: each snapshot names the row it fits."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
    from treebeard.mp_tree import nodes_deleted, path_updated

    from portal.access import access_changed
    from portal.models import OrgUnit, User

    def changed(**kwargs) -> None:
        if kwargs.get("action", "post_").startswith("post_"):
            access_changed()

    for model in (OrgUnit, Group, Permission):
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"access-save-{model.__name__}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"access-delete-{model.__name__}")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"access-{through.__name__}")
    post_migrate.connect(changed, weak=False, dispatch_uid="access-migrate")
    # treebeard rewrites paths with queryset updates (move, fix_tree) and says so by its own signals.
    path_updated.connect(changed, sender=OrgUnit, weak=False, dispatch_uid="access-paths")
    nodes_deleted.connect(changed, sender=OrgUnit, weak=False, dispatch_uid="access-nodes")
