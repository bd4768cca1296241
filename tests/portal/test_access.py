"""What a page knows of its user comes from one cached snapshot, and a change to an
account, a role or the tree acts on the very next page (portal.access)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal import access
from portal import cache as portal_cache
from portal.models import OrgUnit
from portal.roles import Role
from portal.services import unit_create, user_set_roles
from tests.live import signed_in

REVIEW = "/records/review/"  # a reviewer's page: 403 to anyone else


class Broken:
    """A cache that times out, as a hung Redis does."""

    def get_many(self, keys):
        raise TimeoutError("Timeout reading from socket")

    def set(self, key, value, seconds):
        raise TimeoutError("Timeout reading from socket")


def queries(client: Client, path: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries), response


def test_the_second_page_reads_the_users_access_from_the_snapshot(client_as):
    client = client_as(Role.REVIEWER)
    client.get(REVIEW)  # the session's first page writes its last-seen time
    access.access_forget()
    made, _ = queries(client, REVIEW)
    kept, response = queries(client, REVIEW)
    # Permissions (two), groups, unit, town and the scope's ids: read once, not every page.
    assert made - kept == 6
    user = response.wsgi_request.user
    assert user.scope_unit.kind == OrgUnit.Kind.TOWN and user.scope_unit.pk in user.scope_unit.subtree_ids
    assert user.has_perm("records.review_record") and Role.REVIEWER in user.roles


def test_without_a_shared_cache_every_page_reads_access_from_the_database(client_as, settings):
    client = client_as(Role.REVIEWER)
    client.get(REVIEW)
    kept, _ = queries(client, REVIEW)
    settings.ACCESS_SNAPSHOTS = False  # the cache in one process's memory: make run, no REDIS_URL
    assert queries(client, REVIEW)[0] == queries(client, REVIEW)[0] == kept + 6


def test_a_role_taken_away_acts_on_the_next_page(client_as, demo):
    client = client_as(Role.REVIEWER)
    assert client.get(REVIEW).status_code == 200
    user_set_roles(user=demo["reviewer"], roles=[Role.REPORTER.value], by=demo["secadmin"])
    assert client.get(REVIEW).status_code == 403


def test_a_user_moved_to_another_unit_sees_it_on_the_next_page(client_as, demo):
    reporter = demo["reporter"]
    client = client_as(Role.REPORTER)
    client.get("/")
    other = OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).exclude(pk=reporter.unit_id).first()
    reporter.unit = other
    reporter.save(update_fields=["unit"])
    _, response = queries(client, "/")
    assert response.wsgi_request.user.scope_unit == other


def test_a_new_unit_is_in_the_scope_on_the_next_page(client_as, town):
    client = client_as(Role.REVIEWER)
    client.get(REVIEW)
    unit = unit_create(parent=town, name="新设社区", kind=OrgUnit.Kind.COMMUNITY)
    _, response = queries(client, REVIEW)
    assert unit.pk in response.wsgi_request.user.scope_unit.subtree_ids


def test_with_the_cache_down_the_page_reads_access_from_the_database(client_as, monkeypatch):
    monkeypatch.setattr(access, "cache", Broken())
    assert client_as(Role.REVIEWER).get(REVIEW).status_code == 200
    assert client_as(Role.REPORTER).get(REVIEW).status_code == 403


def test_a_change_made_while_the_cache_was_down_is_made_good_before_a_snapshot_is_trusted(
    client_as, demo, monkeypatch
):
    client = client_as(Role.REVIEWER)
    assert client.get(REVIEW).status_code == 200  # a snapshot with the reviewer's role
    with monkeypatch.context() as down:
        down.setattr(access, "cache", Broken())
        user_set_roles(user=demo["reviewer"], roles=[Role.REPORTER.value], by=demo["secadmin"])
    monkeypatch.setattr(portal_cache, "_down_until", 0.0)  # the cache is back
    assert client.get(REVIEW).status_code == 403


def test_the_generation_moves_again_when_the_change_commits(db, django_capture_on_commit_callbacks):
    before = access.cache.get(access.ACCESS_GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        access.access_changed()
        during = access.cache.get(access.ACCESS_GENERATION_KEY)
    after = access.cache.get(access.ACCESS_GENERATION_KEY)
    assert len(callbacks) == 1
    assert len({before, during, after}) == 3


@pytest.mark.integration
def test_a_snapshot_made_before_a_change_committed_is_not_used_after_it(
    live_server, transactional_db, demo, settings
):
    """Two requests at once: one made a snapshot from the rows before another's change
    committed; the next page after the commit has the change."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (DATABASE_URL)")
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False  # the live server is plain HTTP
    reviewer = demo["reviewer"]
    session = signed_in(live_server, reviewer, first=REVIEW)
    url = f"{live_server.url}{REVIEW}"

    def page() -> int:
        return session.get(url, allow_redirects=False, timeout=30).status_code

    with transaction.atomic():
        reviewer.groups.set(Group.objects.filter(name=Role.REPORTER.value))
        # The live server's own connection sees the rows as they were: the old role.
        assert page() == 200
    assert page() == 403


def test_a_snapshot_is_not_used_for_a_row_it_was_not_made_for(client_as, demo):
    """A superuser flag, the active flag or the unit changed on the row outside any
    service: the snapshot names the row it fits and is not used for another."""
    client = client_as(Role.REPORTER)
    assert client.get(REVIEW).status_code == 403
    type(demo["reporter"]).objects.filter(pk=demo["reporter"].pk).update(is_superuser=True)
    assert client.get(REVIEW).status_code == 200


def test_treebeards_own_path_rewrites_start_a_new_generation(db, town):
    villages = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.VILLAGE).order_by("path")[:2])
    before = access.cache.get(access.ACCESS_GENERATION_KEY)
    OrgUnit.objects.move(villages[0], villages[1], pos="sorted-child")  # paths rewritten by an update()
    assert access.cache.get(access.ACCESS_GENERATION_KEY) != before


def test_two_installs_on_one_redis_keep_their_snapshots_apart(settings):
    production, queue = settings.DATABASES["default"], settings.CELERY_TASK_DEFAULT_QUEUE
    here = access._install(production, queue)
    assert access._install({**production, "NAME": "portal_staging"}, queue) != here
    assert access._install(production, "portal-staging") != here
    assert access.ACCESS_GENERATION_KEY.startswith(access.ACCESS_PREFIX)
