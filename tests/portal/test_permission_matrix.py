"""Every URL, for anonymous visitors and every role, by GET and by POST.

Each named URL of the site must have a row in MATRIX saying who may use it; a URL
without a row fails `test_every_url_is_in_the_matrix`. Later apps add their rows here.
Each case sends the method the page is not for first (it must change nothing and
admit nobody new), then the one it is for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from portal.jobs import job_enqueue
from portal.models import Job, OrgUnit, User
from portal.roles import Role
from records.models import Record, WorkTheme
from reports.models import ReportDraft
from tests.factories import add_attachment, add_photo, make_record, outlet

ANONYMOUS = "anonymous"
NO_ROLE = "no-role"  # signed in, but no role assigned yet
SIGNED_IN = frozenset({*Role, NO_ROLE})
EVERYONE = SIGNED_IN | {ANONYMOUS}
READERS = frozenset({Role.REPORTER, Role.REVIEWER, Role.LEADER, Role.SECRETARY})
LOGGERS = frozenset({Role.REPORTER, Role.REVIEWER})
REVIEWERS = frozenset({Role.REVIEWER})
SECRETARIES = frozenset({Role.SECRETARY})


def a_reporter(objects: dict) -> dict:
    return {"pk": objects["users"][Role.REPORTER.value].pk}


def a_village(objects: dict) -> dict:
    return {"pk": OrgUnit.objects.get(name="石桥村").pk}


def a_job(objects: dict) -> dict:
    return {"pk": job_enqueue(kind="probe", by=objects["users"][Role.SYSADMIN.value]).pk}


def a_record_in(status: str) -> Callable[[dict], dict]:
    """A study session of the reporter's village, in `status`."""
    return lambda objects: {"pk": make_record(status=status).pk}


def a_kind(objects: dict) -> dict:
    return {"kind": "volunteer"}


def a_photo(objects: dict) -> dict:
    return {"pk": add_photo(make_record()).pk, "size": "thumb"}


def an_attachment(objects: dict) -> dict:
    return {"pk": add_attachment(make_record()).pk}


def a_work_rule(objects: dict) -> dict:
    from reports.models import WorkRule

    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    return {"pk": WorkRule.objects.create(town=town, title="中心组学习制度", text="第一条").pk}


def a_theme(objects: dict) -> dict:
    return {"pk": WorkTheme.objects.first().pk}


def an_outlet(objects: dict) -> dict:
    return {"pk": outlet(OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)).pk}


def a_draft(objects: dict) -> dict:
    from reports.services import draft_compile

    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    return {"pk": draft_compile(town=town, year=2026, by=objects["users"][Role.SECRETARY.value]).pk}


def a_build(objects: dict) -> dict:
    from reports.services import report_build

    return {"pk": report_build(draft=ReportDraft.objects.get(pk=a_draft(objects)["pk"]), by=None).pk}


def an_export(objects: dict) -> dict:
    """A finished export of the leader's: only its requester may download it."""
    from django.core.files.storage import default_storage

    name = default_storage.save("ledger-exports/test.xlsx", ContentFile(b"PK"))
    job = Job.objects.create(
        kind="ledger_export",
        state=Job.State.DONE,
        created_by=objects["users"][Role.LEADER.value],
        result={"file": name, "name": "export.xlsx"},
    )
    return {"pk": job.pk}


def a_binder(objects: dict) -> dict:
    """A finished binder of the secretary's: only its requester may download it."""
    from django.core.files.storage import default_storage

    name = default_storage.save("binders/test.docx", ContentFile(b"PK"))
    job = Job.objects.create(
        kind="binder_build",
        state=Job.State.DONE,
        created_by=objects["users"][Role.SECRETARY.value],
        result={"file": name, "name": "binder.docx"},
    )
    return {"pk": job.pk}


def a_brand(objects: dict) -> dict:
    from records.models import Brand

    return {"pk": Brand.objects.create(town=OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN), name="夜学").pk}


def a_campaign(objects: dict) -> dict:
    from records.models import Campaign

    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    return {"pk": Campaign.objects.create(town=town, year=2026, name="主题教育", lead="聚焦主线。").pk}


def a_year(objects: dict) -> dict:
    return {"year": 2026}


def a_material(objects: dict) -> dict:
    from reports.models import Material, MaterialCall

    reporter = objects["users"][Role.REPORTER.value]
    call = MaterialCall.objects.create(town=reporter.town, year=2026, deadline=date(2026, 12, 20))
    return {
        "pk": Material.objects.create(
            call=call, unit=reporter.unit, sort="highlight", text="亮点", submitted_by=reporter
        ).pk
    }


def a_digest(objects: dict) -> dict:
    """The reviewer's 迎检 digest of the week: only they may mark it read."""
    from inspection.models import Digest

    reviewer = objects["users"][Role.REVIEWER.value]
    digest = Digest.objects.create(
        user=reviewer, town=reviewer.town, week=date(2026, 1, 5), summary="台账完整度 90%"
    )
    return {"pk": digest.pk}


def a_clipping(objects: dict) -> dict:
    placement = make_record("media", clipping=ContentFile(b"%PDF-1.4 clipping", name="c.pdf"))
    return {"pk": placement.pk}


def a_bulletin(objects: dict) -> dict:
    from scoring.models import Bulletin, Rules

    town = OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN)
    rules = Rules.objects.create(town=town, effective_from=date(2025, 1, 1), issuer="宣传办")
    bulletin = Bulletin.objects.create(
        town=town,
        year=2025,
        month=1,
        number=1,
        rules=rules,
        issued_by=objects["users"][Role.SECRETARY.value],
        signed_on=date(2025, 2, 3),
    )
    return {"pk": bulletin.pk, "fmt": "docx"}


# 新闻宣传考核: leaders, reviewers and secretaries read it; reviewers keep the rules and
# check the pieces; reviewers and secretaries issue the 通报.
SCORE_READERS = frozenset({Role.REVIEWER, Role.LEADER, Role.SECRETARY})
ISSUERS = frozenset({Role.REVIEWER, Role.SECRETARY})


@dataclass(frozen=True)
class Rule:
    allowed: frozenset
    method: str = "get"
    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})
    # What a signed-in user outside `allowed` gets: 403, or 404 where even the
    # object's existence is not theirs to know.
    denied_status: int = 403


MATRIX: dict[str, Rule] = {
    "dashboard:home": Rule(SIGNED_IN),
    "administration:user_list": Rule(frozenset({Role.SYSADMIN})),
    "administration:user_create": Rule(frozenset({Role.SYSADMIN})),
    "administration:user_edit": Rule(frozenset({Role.SYSADMIN}), kwargs=a_reporter),
    "administration:user_password": Rule(frozenset({Role.SYSADMIN}), kwargs=a_reporter),
    "administration:user_toggle_active": Rule(frozenset({Role.SYSADMIN}), method="post", kwargs=a_reporter),
    "administration:user_unlock": Rule(frozenset({Role.SYSADMIN}), method="post", kwargs=a_reporter),
    "administration:role_list": Rule(frozenset({Role.SECADMIN})),
    "administration:role_edit": Rule(frozenset({Role.SECADMIN}), kwargs=a_reporter),
    "administration:unit_list": Rule(frozenset({Role.SYSADMIN})),
    "administration:unit_create": Rule(frozenset({Role.SYSADMIN})),
    "administration:unit_edit": Rule(frozenset({Role.SYSADMIN}), kwargs=a_village),
    "administration:system_status": Rule(frozenset({Role.SYSADMIN})),
    "administration:system_probe": Rule(frozenset({Role.SYSADMIN}), method="post"),
    # A job's state is its creator's (here the sysadmin's) business.
    "portal:job_status": Rule(frozenset({Role.SYSADMIN}), kwargs=a_job, denied_status=404),
    "audit:log": Rule(frozenset({Role.AUDITOR})),
    "audit:verify": Rule(frozenset({Role.AUDITOR}), method="post"),
    "audit:export": Rule(frozenset({Role.AUDITOR})),
    "dashboard:dashboard": Rule(frozenset({Role.REVIEWER, Role.LEADER, Role.SECRETARY})),
    "dashboard:targets": Rule(frozenset({Role.LEADER})),
    "records:list": Rule(READERS),
    "records:kind_list": Rule(READERS, kwargs=a_kind),
    "records:create": Rule(LOGGERS, kwargs=a_kind),
    "records:detail": Rule(READERS, kwargs=a_record_in(Record.Status.SUBMITTED)),
    "records:edit": Rule(LOGGERS, kwargs=a_record_in(Record.Status.DRAFT)),
    "records:submit": Rule(LOGGERS, method="post", kwargs=a_record_in(Record.Status.DRAFT)),
    "records:delete": Rule(LOGGERS, method="post", kwargs=a_record_in(Record.Status.DRAFT)),
    "records:approve": Rule(REVIEWERS, method="post", kwargs=a_record_in(Record.Status.SUBMITTED)),
    "records:return": Rule(REVIEWERS, method="post", kwargs=a_record_in(Record.Status.SUBMITTED)),
    "records:reopen": Rule(REVIEWERS, method="post", kwargs=a_record_in(Record.Status.APPROVED)),
    "records:withdraw": Rule(
        frozenset({Role.REPORTER}), method="post", kwargs=a_record_in(Record.Status.SUBMITTED)
    ),
    # Only the session that kept a photo may see it (tests/records/test_photo_stash.py): nobody here.
    "records:stashed_photo": Rule(frozenset(), kwargs=lambda objects: {"key": "0" * 32}),
    "records:void": Rule(REVIEWERS, method="post", kwargs=a_record_in(Record.Status.SUBMITTED)),
    "records:review_queue": Rule(REVIEWERS),
    "records:photo": Rule(READERS, kwargs=a_photo),
    "records:attachment": Rule(READERS, kwargs=an_attachment),
    "records:attachments_add": Rule(LOGGERS, method="post", kwargs=a_record_in(Record.Status.APPROVED)),
    "records:theme_list": Rule(REVIEWERS),
    "records:theme_create": Rule(REVIEWERS),
    "records:theme_edit": Rule(REVIEWERS, kwargs=a_theme),
    "media_outreach:outlet_list": Rule(REVIEWERS),
    "media_outreach:outlet_create": Rule(REVIEWERS),
    "media_outreach:outlet_edit": Rule(REVIEWERS, kwargs=an_outlet),
    "media_outreach:clipping": Rule(READERS, kwargs=a_clipping),
    "media_outreach:covers_search": Rule(LOGGERS),
    "ledger:import": Rule(REVIEWERS),
    "ledger:import_confirm": Rule(REVIEWERS, method="post"),
    "ledger:template": Rule(READERS),
    "ledger:export": Rule(READERS),
    "ledger:exports": Rule(READERS),
    "ledger:export_download": Rule(frozenset({Role.LEADER}), kwargs=an_export, denied_status=404),
    "reports:home": Rule(SECRETARIES),
    "reports:draft": Rule(SECRETARIES, kwargs=a_draft),
    "reports:regenerate": Rule(SECRETARIES, method="post", kwargs=a_draft),
    "reports:preview": Rule(SECRETARIES, kwargs=a_draft),
    "reports:build": Rule(SECRETARIES, method="post", kwargs=a_draft),
    "reports:confirm_plan": Rule(SECRETARIES, method="post", kwargs=a_draft),
    "reports:download": Rule(SECRETARIES, kwargs=a_build),
    "reports:binder_build": Rule(SECRETARIES, method="post"),
    "reports:binder_download": Rule(SECRETARIES, kwargs=a_binder, denied_status=404),
    "reports:rule_create": Rule(SECRETARIES),
    "reports:rule_edit": Rule(SECRETARIES, kwargs=a_work_rule),
    "reports:material_submit": Rule(frozenset({Role.REPORTER})),
    "records:series_list": Rule(frozenset({Role.REVIEWER, Role.SECRETARY})),
    "records:brand_create": Rule(frozenset({Role.REVIEWER, Role.SECRETARY})),
    "records:brand_edit": Rule(frozenset({Role.REVIEWER, Role.SECRETARY}), kwargs=a_brand, denied_status=403),
    "records:campaign_create": Rule(frozenset({Role.REVIEWER, Role.SECRETARY})),
    "records:campaign_edit": Rule(frozenset({Role.REVIEWER, Role.SECRETARY}), kwargs=a_campaign),
    "reports:materials": Rule(frozenset({Role.REVIEWER, Role.SECRETARY}), kwargs=a_year),
    "reports:material_call": Rule(SECRETARIES, method="post", kwargs=a_year),
    "reports:material_decide": Rule(
        frozenset({Role.REVIEWER, Role.SECRETARY}), method="post", kwargs=a_material
    ),
    "scoring:month": Rule(SCORE_READERS),
    "scoring:rules": Rule(frozenset({Role.REVIEWER})),
    "scoring:pieces": Rule(frozenset({Role.REVIEWER})),
    "scoring:issue": Rule(ISSUERS, method="post"),
    "scoring:bulletin_file": Rule(SCORE_READERS, kwargs=a_bulletin),
    "inspection:gaps": Rule(SCORE_READERS),
    "inspection:checklist": Rule(frozenset({Role.REVIEWER})),
    "inspection:digests": Rule(REVIEWERS),
    "inspection:digest_read": Rule(REVIEWERS, method="post", kwargs=a_digest),
    "login": Rule(EVERYONE),
    "logout": Rule(SIGNED_IN, method="post"),
    "password_change": Rule(SIGNED_IN),
    "password_change_done": Rule(SIGNED_IN),
    "set_language": Rule(EVERYONE, method="post"),
    "healthz": Rule(EVERYONE),
}


def url_names(patterns=None, namespace: str = ""):
    """Every URL name the site resolves, namespaced; unnamed patterns by their route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, prefix)
        else:
            yield f"{namespace}{pattern.name or f'<unnamed {pattern.pattern}>'}"


def test_every_url_is_in_the_matrix():
    site_urls = {name for name in url_names() if not name.startswith("admin:")}
    assert site_urls == set(MATRIX)


@pytest.fixture
def objects(demo) -> dict:
    nobody = User.objects.create_user("nobody", password="x", name="无角色", unit=demo["reporter"].unit)
    return {"users": {**demo, NO_ROLE: nobody}}


PUBLIC = {"login", "set_language", "healthz"}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(objects, url_name):
    """Every role and anonymous in turn, each on the same data: a savepoint undoes each one's requests."""
    for who in sorted(EVERYONE):
        with transaction.atomic():
            check_access(url_name, who, objects)
            transaction.set_rollback(True)


def check_access(url_name: str, who: str, objects: dict) -> None:
    rule = MATRIX[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(objects))
    client = Client()
    if who != ANONYMOUS:
        client.force_login(objects["users"][who])
    other = "post" if rule.method == "get" else "get"
    for method in (other, rule.method):
        response = getattr(client, method)(url)
        status = response.status_code
        case = (who, method, status)
        if who == ANONYMOUS and url_name not in PUBLIC:
            assert status == 302, case
            assert response.url.startswith(reverse("login") + "?next="), case
        elif who in rule.allowed:
            # The page's own method works; the other may be refused with 405.
            assert status in ((200, 302) if method == rule.method else (200, 302, 405)), case
            if who != ANONYMOUS and status == 302:
                assert "?next=" not in response.url, f"{who} was sent to sign in"
        else:
            assert status in (
                (rule.denied_status,) if method == rule.method else (rule.denied_status, 405)
            ), case


@pytest.mark.parametrize("who", sorted(SIGNED_IN))
def test_django_admin_is_for_superusers_only(client, objects, who):
    client.force_login(objects["users"][who])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
