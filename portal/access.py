"""Who may see what. Every view goes through one of these helpers, which also decide
the query's shape, so a permission and its query are chosen together."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from portal.cache import cache_call, redis_is_down
from portal.models import OrgUnit, User, in_subtree
from portal.roles import Role


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


# What a signed-in request knows of its user before the view runs -----------------------
#
# Every page asks the same of its user: their permissions (two queries), roles (their
# groups), unit, town and the ids of the units they may see: six queries and about 3 ms
# of CPU a request, for facts that change when an administrator changes an account or
# the tree. They are kept in the cache as one snapshot per user, valid while the
# generation it was made in is the current one; any change of users, groups,
# permissions or units starts a new generation (`access_changed`, from the signals in
# portal.apps; `manage.py restore` and treebeard's moves included). The user row itself
# is read every request as before and the snapshot names the row it was made for, so a
# deactivated account, a changed password or a move to another unit acts at once.


def _install(database: dict, queue: str) -> str:
    """This install in a key: its database and its Celery queue (README: what keeps
    several installs on one Redis apart). Two installs on one Redis (a staging copy of
    production's backup, say, whose user 5 is production's user 5) never share
    snapshots or a generation."""
    where = f"{queue}|{database.get('HOST', '')}:{database.get('PORT', '')}/{database['NAME']}"
    return hashlib.sha256(where.encode()).hexdigest()[:12]


# v1: what _Access holds; a change to it takes a new prefix, so a deploy never reads old ones.
ACCESS_PREFIX = f"access:v1:{_install(settings.DATABASES['default'], settings.CELERY_TASK_DEFAULT_QUEUE)}"
ACCESS_GENERATION_KEY = f"{ACCESS_PREFIX}:generation"
# A snapshot's longest life, whatever else fails: a generation move that could not reach
# Redis (a process that made a change while Redis was unreachable) is made good by the
# process that owed it, and in every other process within this time.
ACCESS_SECONDS = 60


@dataclass(frozen=True)
class _Access:
    generation: str
    # What the snapshot was made for: if any differs from the row just read, it is not used.
    stamp: tuple
    user_perms: frozenset[str]
    group_perms: frozenset[str]
    roles: frozenset[Role]
    unit: OrgUnit | None  # with its town and the scope's subtree ids filled in


def _access_key(user: User) -> str:
    return f"{ACCESS_PREFIX}:user:{user.pk}"


def _stamp(user: User) -> tuple:
    # date_joined tells a new account from a deleted one whose id SQLite gave again.
    return (user.is_active, user.is_superuser, user.unit_id, user.date_joined)


def access_prime(user: User) -> None:
    """Give `user` what every page asks of it, from the cache when a current snapshot is
    there; otherwise it is read as usual and kept. With the cache down, nothing is
    primed and the page reads the database, as it would without this."""
    if not user.is_active or redis_is_down():
        return
    if _generation_owed:
        access_forget()
        if _generation_owed:
            return
    key = _access_key(user)
    answered, found = cache_call(
        "reading access from the database", lambda: cache.get_many([ACCESS_GENERATION_KEY, key])
    )
    if not answered:
        return
    generation = found.get(ACCESS_GENERATION_KEY)
    snapshot = found.get(key)
    if snapshot is not None and snapshot.generation == generation and snapshot.stamp == _stamp(user):
        _apply(user, snapshot)
        return
    if generation is None:
        generation = _generation_new()
        if generation is None:
            return
    snapshot = _snapshot(user, generation)
    cache_call("not keeping access", lambda: cache.set(key, snapshot, ACCESS_SECONDS))


def _snapshot(user: User, generation: str) -> _Access:
    backend = ModelBackend()
    scope = user.scope_unit  # reads the groups, the unit and, for town-wide roles, the town
    if scope is not None:  # read now, to be kept
        scope.subtree_ids  # noqa: B018
        scope.town  # noqa: B018
    return _Access(
        generation=generation,
        stamp=_stamp(user),
        user_perms=frozenset(backend.get_user_permissions(user)),
        group_perms=frozenset(backend.get_group_permissions(user)),
        roles=user.roles,
        unit=user.unit,
    )


def _apply(user: User, snapshot: _Access) -> None:
    User.unit.field.set_cached_value(user, snapshot.unit)
    user.__dict__["roles"] = snapshot.roles
    # ModelBackend's own caches, as it fills them on the first has_perm.
    user._user_perm_cache = set(snapshot.user_perms)
    user._group_perm_cache = set(snapshot.group_perms)
    user._perm_cache = {*snapshot.user_perms, *snapshot.group_perms}


def _generation_new() -> str | None:
    generation = uuid.uuid4().hex
    answered, _ = cache_call(
        "access snapshots not renewed", lambda: cache.set(ACCESS_GENERATION_KEY, generation, None)
    )
    return generation if answered else None


def access_changed() -> None:
    """Users, groups, permissions or units changed: every access snapshot is out of date.

    Now, for the rest of this request's own transaction, and again when it commits, so
    that a snapshot another request made from the rows before the commit is not used
    after it."""
    access_forget()
    transaction.on_commit(access_forget, robust=True)


def access_forget() -> None:
    """Start a new generation now: no snapshot made before is used again."""
    global _generation_owed
    # With the cache down the move is owed: this process makes it before it next reads
    # a snapshot, and a snapshot lives ACCESS_SECONDS at most.
    _generation_owed = _generation_new() is None


_generation_owed = False
