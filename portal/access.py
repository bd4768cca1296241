"""Who may see what. Every view goes through one of these helpers, which also decide
the query's shape, so a permission and its query are chosen together."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import QuerySet
from django.http import Http404

from portal.models import OrgUnit, User, in_subtree


# Django's own decorator, answering 403 (not a login redirect) to a signed-in user.
def require_perm(perm: str):
    return permission_required(perm, raise_exception=True)


def town_or_404(user: User) -> OrgUnit:
    """The user's town, for pages that are about one town; 404 for an account without one."""
    if user.town is None:
        raise Http404
    return user.town


def units_for(user: User) -> QuerySet[OrgUnit]:
    """The units `user` may see: their scope's subtree, tree-ordered."""
    scope = user.scope_unit
    if scope is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(in_subtree(scope, field="")).order_by("path")


def users_for(user: User) -> QuerySet[User]:
    """The accounts `user` may see, with what the account lists show."""
    scope = user.scope_unit
    if scope is None:
        return User.objects.none()
    return (
        User.objects.filter(in_subtree(scope))
        .select_related("unit")
        .prefetch_related("groups")
        .order_by("unit__path", "username")
    )
