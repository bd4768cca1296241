"""The reviewers' weekly 迎检 digest: once a week, on their home and by mail where mail is set up."""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from inspection.digest import digests_send, week_of
from inspection.models import Digest
from inspection.tasks import digest_weekly
from portal.models import User
from portal.roles import Role
from records.models import Record
from tests.factories import add_photo, make_record
from tests.queries import SIGNED_IN, queries

pytestmark = pytest.mark.django_db
MAIL = {"EMAIL_HOST": "smtp.example.org", "SITE_URL": "https://portal.example.gov.cn"}


def second_reviewer(demo, **fields) -> User:
    user = User.objects.create_user(
        "reviewer2", password="x", name="张敏", unit=demo["reviewer"].unit, **fields
    )
    user.groups.add(Group.objects.get(name=Role.REVIEWER.value))
    return user


def with_email(user: User, address: str) -> User:
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_a_reviewer_gets_one_digest_a_week_however_often_it_runs(demo):
    today = timezone.localdate()
    assert digests_send(today=today) == 1
    assert digests_send(today=today) == 0
    assert digest_weekly() == 0  # the beat's task is the same service
    assert digests_send(today=today + timedelta(days=7)) == 1
    weeks = Digest.objects.filter(user=demo["reviewer"]).values_list("week", flat=True)
    assert sorted(weeks) == [week_of(today), week_of(today) + timedelta(days=7)]


def test_only_reviewers_get_it_not_liaisons_leaders_or_secretaries(demo):
    digests_send()
    assert list(Digest.objects.values_list("user", flat=True)) == [demo["reviewer"].pk]


def test_its_lines_are_the_towns_real_gaps_each_with_a_link(demo):
    today = timezone.localdate()
    waiting = make_record("event", on=today, status=Record.Status.SUBMITTED, title="等审核的活动")
    Record.objects.filter(pk=waiting.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    returned = make_record("event", on=today, status=Record.Status.RETURNED, title="待修改")
    Record.objects.filter(pk=returned.pk).update(reviewed_at=timezone.now() - timedelta(days=20))
    digests_send()
    digest = Digest.objects.get(user=demo["reviewer"])
    lines = {line["message"]: line["url"] for line in digest.lines}
    assert lines["待审核超过 7 天 1 条"] == reverse("records:review_queue")
    assert lines["石桥村：“待修改”退回已 20 天未重新提交"] == reverse("records:edit", args=[returned.pk])
    assert lines["青溪镇：本月尚未登记中心组学习"].startswith(reverse("records:create", args=["study"]))


def test_its_summary_and_first_line_are_the_score_and_a_photo_fixes_a_gap(demo):
    today = timezone.localdate()
    bare = make_record("event", on=today, title="无照片的活动")
    digests_send()
    before = Digest.objects.get(user=demo["reviewer"])
    add_photo(bare)
    Digest.objects.all().delete()
    digests_send()
    after = Digest.objects.get(user=demo["reviewer"])
    assert before.summary.startswith("台账完整度 ") and before.lines[0]["url"] == reverse("inspection:gaps")
    missing = [int(digest.lines[0]["message"].split("缺 ")[1].split(" ")[0]) for digest in (before, after)]
    assert missing[0] == missing[1] + 1


@override_settings(**MAIL)
def test_it_is_mailed_once_with_absolute_links_when_email_host_is_set(demo):
    with_email(demo["reviewer"], "wangfang@example.org")
    digests_send()
    digests_send()
    assert [message.to for message in mail.outbox] == [["wangfang@example.org"]]
    assert "https://portal.example.gov.cn/inspection/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("本周迎检提示（")


@override_settings(EMAIL_HOST="smtp.example.org", SITE_URL="")
def test_without_a_site_url_the_mail_links_are_the_sites_paths(demo):
    with_email(demo["reviewer"], "wangfang@example.org")
    digests_send()
    body = mail.outbox[0].body
    assert f"  {reverse('inspection:gaps')}\n" in body and "http" not in body


@override_settings(EMAIL_HOST="")
def test_nothing_is_mailed_without_email_host(demo):
    with_email(demo["reviewer"], "wangfang@example.org")
    digests_send()
    assert mail.outbox == [] and Digest.objects.filter(user=demo["reviewer"], mailed_at=None).exists()


@override_settings(**MAIL)
def test_a_mail_error_leaves_the_notice_and_the_other_reviewers_mail(demo, monkeypatch, caplog):
    broken = with_email(demo["reviewer"], "broken@example.org")
    second_reviewer(demo, email="zhangmin@example.org")
    send = EmailBackend.send_messages

    def refusing(self, messages):
        if any("broken@example.org" in message.to for message in messages):
            raise ConnectionRefusedError("SMTP server refused")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refusing)
    with caplog.at_level(logging.ERROR, logger="inspection.digest"):
        assert digests_send() == 2
    assert [message.to for message in mail.outbox] == [["zhangmin@example.org"]]
    assert Digest.objects.get(user=broken).mailed_at is None and "could not be mailed" in caplog.text
    monkeypatch.setattr(EmailBackend, "send_messages", send)
    digests_send()  # the next run tries the failed mail again, and only it
    assert [message.to for message in mail.outbox] == [["zhangmin@example.org"], ["broken@example.org"]]


def test_the_home_card_shows_it_until_the_reviewer_says_they_know(client_as, demo):
    digests_send()
    client, home = client_as(Role.REVIEWER), reverse("dashboard:home")
    digest = Digest.objects.get(user=demo["reviewer"])
    page = client.get(home).content.decode()
    assert 'data-testid="digest"' in page and digest.summary in page and "知道了" in page
    response = client.post(reverse("inspection:digest_read", args=[digest.pk]))
    assert response.status_code == 302 and response.url == home
    assert 'data-testid="digest"' not in client.get(home).content.decode()


def test_a_reviewer_cannot_mark_another_reviewers_digest_read(client, demo):
    digests_send()
    other = second_reviewer(demo)
    client.force_login(other)
    digest = Digest.objects.get(user=demo["reviewer"])
    assert client.post(reverse("inspection:digest_read", args=[digest.pk])).status_code == 404
    assert Digest.objects.get(pk=digest.pk).read_at is None


def test_a_liaisons_home_has_no_digest(client_as):
    digests_send()
    assert (
        'data-testid="digest"' not in client_as(Role.REPORTER).get(reverse("dashboard:home")).content.decode()
    )


def test_the_home_card_costs_one_query_whether_or_not_there_is_a_digest(client_as):
    client, home = client_as(Role.REVIEWER), reverse("dashboard:home")
    without = queries(client, home)
    for weeks in range(10):
        digests_send(today=timezone.localdate() - timedelta(days=7 * weeks))
    # the pending count, the latest digest, their own returned records
    assert queries(client, home) == without == SIGNED_IN + 3


def test_the_past_digests_page_lists_a_reviewers_own_in_one_query(client_as, demo):
    client, url = client_as(Role.REVIEWER), reverse("inspection:digests")
    digests_send()
    few = queries(client, url)
    for weeks in range(1, 20):
        digests_send(today=timezone.localdate() - timedelta(days=7 * weeks))
    # Signed in (tests.queries), then the digests, newest first
    assert queries(client, url) == few == SIGNED_IN + 1
    assert client.get(url).content.decode().count('data-testid="digest-') == 20


def test_the_command_runs_the_same_service_and_its_dry_run_writes_nothing(demo):
    out = io.StringIO()
    call_command("inspection_digest", "--dry-run", stdout=out)
    assert "青溪镇 → 王芳" in out.getvalue() and not Digest.objects.exists()
    call_command("inspection_digest", "--town", "青溪镇", stdout=io.StringIO())
    assert Digest.objects.filter(user=demo["reviewer"]).count() == 1
    with pytest.raises(CommandError):
        call_command("inspection_digest", "--town", "没有这个镇", stdout=io.StringIO())


def test_the_beat_sends_it_on_monday_morning_and_names_the_week_as_an_office_does():
    entry = settings.CELERY_BEAT_SCHEDULE["inspection-digest-weekly"]
    assert entry["task"] == "inspection.tasks.digest_weekly"
    assert entry["schedule"] == crontab(minute=0, hour=8, day_of_week="mon")
    assert week_of(date(2025, 12, 3)) == date(2025, 12, 1)
    assert Digest(week=date(2025, 12, 1)).title == "本周迎检提示（12月第1周）"
    # a week across two months is the month of its Thursday
    assert Digest(week=date(2025, 12, 29)).title == "本周迎检提示（1月第1周）"
    assert Digest(week=date(2026, 11, 30)).title == "本周迎检提示（12月第1周）"
    assert Digest(week=date(2026, 11, 23)).title == "本周迎检提示（11月第4周）"


def test_a_gap_that_stands_for_several_records_counts_them_all(town, demo):
    from datetime import datetime

    from inspection.digest import digest_content
    from inspection.gaps import LISTED

    stale = [
        make_record("event", on=date(2026, 11, 2), status=Record.Status.RETURNED, title=f"待修改{i}")
        for i in range(LISTED + 5)
    ]
    Record.objects.filter(pk__in=[record.pk for record in stale]).update(
        reviewed_at=timezone.make_aware(datetime(2026, 11, 3, 9))
    )
    content = digest_content(town, today=date(2026, 12, 1))
    assert f"退回未重新提交 {LISTED + 5} 条" in content.summary
