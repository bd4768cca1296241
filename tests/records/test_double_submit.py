"""Three taps on 保存并提交审核 save one record: the form's one-time token is claimed once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from activities.models import VolunteerActivity
from portal.roles import Role
from tests.live import form_fields, signed_in
from tests.records.test_record_pages import volunteer_form


def test_a_second_post_of_the_same_form_goes_where_the_first_went(client_as, db):
    client = client_as(Role.REPORTER)
    url = reverse("records:create", args=["volunteer"])
    token = form_fields(client.get(url).content.decode())["submit_token"]
    first = client.post(url, volunteer_form(submit_token=token, submit=""))
    again = client.post(url, volunteer_form(submit_token=token, submit=""), follow=True)
    record = VolunteerActivity.objects.get()
    assert first.url == reverse("records:detail", args=[record.pk])
    assert again.redirect_chain[-1][0] == first.url
    assert "重复的提交已忽略" in again.content.decode()


def test_a_form_refused_for_its_errors_can_be_sent_again_with_its_token(client_as, db):
    client = client_as(Role.REPORTER)
    url = reverse("records:create", args=["volunteer"])
    token = form_fields(client.get(url).content.decode())["submit_token"]
    client.post(url, volunteer_form(submit_token=token, title=""))
    client.post(url, volunteer_form(submit_token=token))
    assert VolunteerActivity.objects.count() == 1


@pytest.mark.integration
def test_three_taps_at_once_save_one_record(live_server, transactional_db, demo, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need PostgreSQL (DATABASE_URL)")
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False  # the live server is plain HTTP
    url = f"{live_server.url}{reverse('records:create', args=['volunteer'])}"
    session = signed_in(live_server, demo["reporter"], first=reverse("records:create", args=["volunteer"]))
    hidden = form_fields(session.get(url).text)
    data = volunteer_form(submit="") | {
        key: hidden[key] for key in ("csrfmiddlewaretoken", "submit_token", "version")
    }
    start = threading.Barrier(3)
    answers: list[int] = []

    def tap() -> None:
        start.wait()
        answers.append(session.post(url, data=data, headers={"Referer": url}).status_code)

    taps = [threading.Thread(target=tap) for _ in range(3)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join(timeout=60)
    session.close()
    assert answers == [200, 200, 200]
    assert VolunteerActivity.objects.filter(title="石桥村关爱老人志愿服务").count() == 1
