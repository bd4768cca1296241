"""Two confirms of one ledger preview at the same moment, as two real requests on PostgreSQL.

A double-click on 确认导入, or two reviewers, must import the workbook once: the
imports of a town are serialised, and the uploaded file is claimed by the first.
"""

from __future__ import annotations

import io
import threading

import openpyxl
import pytest
from django.db import connection

from audit.models import AuditEvent, Event
from records.models import Record
from tests.live import csrf_token, signed_in

pytestmark = pytest.mark.integration
ROWS = 300


def workbook_bytes(rows: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "宣传活动"
    book.active.append(["日期", "标题", "类型", "所属单位", "参与人数"])
    for number in range(rows):
        book.active.append(
            [f"2024-03-{number % 28 + 1:02d}", f"并发导入第{number}场", "主题宣传", "石桥村", 10]
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL)")


def test_two_confirms_at_once_import_the_workbook_once(
    postgresql, live_server, transactional_db, demo, settings
):
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False  # the live server is plain HTTP
    session = signed_in(live_server, demo["reviewer"], first="/records/ledger/import/")
    url = f"{live_server.url}/records/ledger/import/"
    page = session.get(url).text
    preview = session.post(
        url,
        data={"csrfmiddlewaretoken": csrf_token(page)},
        files={"workbook": ("并发.xlsx", workbook_bytes(ROWS))},
        headers={"Referer": url},
    )
    assert "确认导入" in preview.text
    csrf = csrf_token(preview.text)
    start = threading.Barrier(2)
    answers: list[str] = []

    def confirm() -> None:
        start.wait()
        answer = session.post(f"{url}confirm/", data={"csrfmiddlewaretoken": csrf}, headers={"Referer": url})
        answers.append(f"{answer.status_code} {answer.url}")

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    session.close()
    assert len(answers) == 2 and all(answer.startswith("200") for answer in answers), answers
    assert Record.objects.filter(title__startswith="并发导入第").count() == ROWS
    assert AuditEvent.objects.filter(event=Event.IMPORT, outcome="success").count() == 1


def test_a_second_confirm_of_an_imported_preview_is_told_so(client_as, demo, town):
    """The claim on its own, without the race: the import entry names the stored upload."""
    from ledger.services import AlreadyImported, ledger_import, ledger_read

    plan = ledger_read(io.BytesIO(workbook_bytes(3)), town=town, name="三行.xlsx")
    ledger_import(plan, by=demo["reviewer"], upload="ledger-uploads/abc.xlsx")
    again = ledger_read(io.BytesIO(workbook_bytes(3)), town=town, name="三行.xlsx")
    again.records = plan.records  # as read before the first import committed
    with pytest.raises(AlreadyImported, match=r"三行\.xlsx"):
        ledger_import(again, by=demo["reviewer"], upload="ledger-uploads/abc.xlsx")
    assert Record.objects.filter(title__startswith="并发导入第").count() == 3
