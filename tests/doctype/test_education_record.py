"""The investor-education record: the content and test sources, a client's record (client 360 tab and
portal), and the firm's statistics for a period with its spreadsheet."""

import datetime as dt
import io

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401
from django.utils import timezone
from education_fixtures import answers, knowledge_test, published
from openpyxl import load_workbook

from securities_crm.doctype.content_read.model import ContentRead
from securities_crm.education import knowledge, reading, record, statistics

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    users, clients = world
    guide = published(users["marketing"], users["compliance"], title="认识可转债", kind="Guide")
    notice = published(
        users["marketing"], users["compliance"], title="期权风险揭示", kind="Risk Notice", mandatory=True
    )
    a1, a2 = clients["a1"], clients["a2"]
    reading.progress(a1, guide, 300, reached_end=True)
    reading.progress(a1, guide, 60)
    reading.acknowledge(a2, notice)
    reading.opened(clients["b1"], guide)  # opened, never finished: not an item read
    test = knowledge_test()
    knowledge.submit(knowledge.start(a1, test), answers(test))
    knowledge.submit(knowledge.start(a2, test), answers(test, (False, False, False)))  # failed: not in the record
    return users, clients, guide, notice


def test_the_sources_are_registered():
    assert {"content", "test"} <= set(record.sources())


def test_a_clients_record(history):
    users, clients, guide, _notice = history
    mine = statistics.client_record(clients["a1"].pk)
    assert (mine.items_read, mine.tests_passed, mine.events_attended) == (1, 1, 0)
    assert {a.title for a in mine.activities} == {"认识可转债", "期权知识测试 (v1)"}
    assert mine.hours >= 0.1  # the six minutes read, to two decimals
    assert statistics.client_record(clients["b1"].pk).items_read == 0


def test_the_firm_statistics_for_a_period(history):
    today = timezone.localdate()
    rows, totals = statistics.firm_statistics(today - dt.timedelta(days=1), today)
    table = {(r.source, r.channel, r.kind): (r.activities, r.participants) for r in rows}
    assert table == {
        ("content", "Portal", "Guide"): (1, 1),
        ("content", "Portal", "Risk Notice"): (1, 1),
        ("test", "Portal", "Options"): (1, 1),
    }
    assert totals["activities"] == 3 and totals["participants"] == 2
    assert statistics.firm_statistics(today + dt.timedelta(days=1), None)[1]["activities"] == 0
    ContentRead.objects.update(finished_at=timezone.now() - dt.timedelta(days=40))
    assert statistics.firm_statistics(today - dt.timedelta(days=1), today)[1]["activities"] == 1  # the test only


def test_the_statistics_export_and_page(history):
    users, *_ = history
    book = load_workbook(io.BytesIO(statistics.xlsx(None, None)))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:6] == ["Education activity", "Channel", "Kind", "Activities", "Participants", "Hours"]
    assert values[2][:5] == ["Items read", "Portal", "Guide", 1, 1]
    assert values[-1][0] == "Total" and values[-1][3] == 3 and values[-1][4] == 2
    desk = desk_for(users["compliance"])
    page = desk.get("/app/securities_crm/contentread/statistics/")
    assert page.status_code == 200 and "Items read" in page.content.decode()
    download = desk.get("/app/securities_crm/contentread/statistics/", {"format": "xlsx"})
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        desk_for(users["cm_a"]).get("/app/securities_crm/contentread/statistics/", {"format": "xlsx"}).status_code
        == 403
    )


def test_the_record_in_the_portal_and_on_the_client_page(history, client):
    users, clients, *_ = history
    client.force_login(users["portal"])
    page = client.get("/portal/learning/record/").content.decode()
    assert 'data-testid="items-read">1<' in page and 'data-testid="tests-passed">1<' in page
    tab = desk_for(users["cm_a"]).get(f"/app/securities_crm/client/{clients['a1'].pk}/tab/contentread/")
    assert tab.status_code == 200 and "认识可转债" in tab.content.decode()
