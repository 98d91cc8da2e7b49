"""Reading: tracking per client (opened, read to the end, time spent), acknowledgement of mandatory risk
notices in the portal, staff's list of who has not acknowledged, and the API methods the portal shares."""

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401
from django.core.exceptions import ValidationError
from education_fixtures import published

from securities_crm.doctype.client.model import Client
from securities_crm.doctype.content_read.model import ContentRead
from securities_crm.education import reading

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    users, clients = world
    Client.objects.filter(pk__in=[c.pk for c in clients.values()]).update(risk_level="C1", investor_type="Ordinary")
    doc = published(
        users["marketing"], users["compliance"], title="融资融券风险揭示", kind="Risk Notice", mandatory=True
    )
    return doc, users, clients


def test_reading_is_tracked_once_per_client(notice):
    doc, _users, clients = notice
    me = clients["a1"]
    first = reading.opened(me, doc)
    assert reading.opened(me, doc) == first and not first.read_to_end
    reading.progress(me, doc, 40)
    read = reading.progress(me, doc, 100000, reached_end=True)  # one report counts at most five minutes
    assert read.seconds_spent == 40 + reading.MAX_SECONDS_PER_REPORT and read.read_to_end and read.finished_at
    with pytest.raises(ValidationError):
        reading.progress(me, doc, "soon")
    assert ContentRead.objects.filter(content=doc).count() == 1


def test_acknowledgement_and_who_has_not(notice):
    doc, users, clients = notice
    assert set(reading.unacknowledged(doc)) == set(clients.values())
    assert list(reading.pending_acknowledgements(clients["a1"])) == [doc]
    read = reading.acknowledge(clients["a1"], doc)
    first_time = read.acknowledged_at
    assert reading.acknowledge(clients["a1"], doc).acknowledged_at == first_time  # the first time is kept
    assert clients["a1"] not in set(reading.unacknowledged(doc))
    assert not reading.pending_acknowledgements(clients["a1"]).exists()
    page = desk_for(users["compliance"]).get(f"/app/securities_crm/educationcontent/{doc.pk}/unacknowledged/")
    assert page.status_code == 200
    text = page.content.decode()
    assert clients["a2"].pk in text and f'data-testid="client-{clients["a1"].pk}"' not in text


def test_a_notice_that_asks_nothing_cannot_be_acknowledged(notice):
    doc, users, clients = notice
    plain = published(users["marketing"], users["compliance"], title="什么是ETF")
    with pytest.raises(ValidationError) as refused:
        reading.acknowledge(clients["a1"], plain)
    assert "content" in refused.value.message_dict


def test_the_portal_reads_and_acknowledges(notice, client):
    doc, users, clients = notice
    client.force_login(users["portal"])
    assert 'data-testid="pending-notices"' in client.get("/portal/").content.decode()
    centre = client.get("/portal/learning/").content.decode()
    assert f'data-testid="pending-{doc.pk}"' in centre
    page = client.get(f"/portal/learning/{doc.pk}/")
    assert page.status_code == 200 and ContentRead.objects.filter(content=doc, client=clients["a1"]).exists()
    beat = client.post(f"/portal/learning/{doc.pk}/progress/", {"seconds": 30, "end": "1"})
    assert beat.json() == {"seconds_spent": 30, "read_to_end": True}
    client.post(f"/portal/learning/{doc.pk}/acknowledge/", {"confirm": "yes"})
    assert ContentRead.objects.get(content=doc, client=clients["a1"]).acknowledged_at is not None
    assert f'data-testid="pending-{doc.pk}"' not in client.get("/portal/learning/").content.decode()
    assert 'data-testid="pending-notices"' not in client.get("/portal/").content.decode()


def test_unsanitised_html_never_reaches_the_page(notice, client):
    doc, users, _clients = notice
    type(doc).objects.filter(pk=doc.pk).update(
        body='<p>正文</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )
    client.force_login(users["portal"])
    html = client.get(f"/portal/learning/{doc.pk}/").content.decode()
    assert "正文" in html and 'alert("x")' not in html and "onerror" not in html


def test_the_api_methods_for_a_client(notice, client):
    doc, users, clients = notice
    client.force_login(users["portal"])
    url = "/api/method/securities_crm.api.education."
    mine = client.get(url + "content_for_me").json()["message"]
    assert [m["name"] for m in mine] == [doc.pk]
    done = client.post(url + "acknowledge", {"content": doc.pk}).json()["message"]
    assert done["acknowledged_at"]
    other = published(
        users["marketing"], users["compliance"], title="专业投资者专享", investor_types=["Professional II"]
    )
    assert client.post(url + "read", {"content": other.pk, "seconds": 5}).status_code == 404
    assert client.get(url + "review", {"content": doc.pk}).status_code == 403
