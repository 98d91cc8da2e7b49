"""The client 360 page's alerts tab and timeline: AML alerts leave no trace for anyone but Compliance,
the timeline merges every source newest first, in pages, and DocTypes join it through their timeline.py."""

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from securities_crm.desk import timeline
from securities_crm.doctype.client_interaction.model import ClientInteraction
from securities_crm.doctype.consent_record.model import ConsentRecord
from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the monitoring tests' world and helpers
from monitoring.conftest import feed, make_rule, trade, transfer, world  # noqa: E402,F401

pytestmark = pytest.mark.django_db
ALERT_ID = re.compile(r"ALT-\d{4}-\d{6}")


@pytest.fixture
def alerts(world):  # noqa: F811
    make_rule("large_cash")
    make_rule("frequent_trading", min_trades=2)
    feed("fund_transfers", [transfer(50000, f"2026-03-0{d} 10:00:00", is_cash="1") for d in (2, 3, 4)])
    feed("trades", [trade("2026-03-02 10:00:00"), trade("2026-03-02 11:00:00")])
    engine.evaluate()
    aml = set(RiskAlert.objects.filter(category="AML").values_list("name", flat=True))
    market = set(RiskAlert.objects.exclude(category="AML").values_list("name", flat=True))
    assert aml and market
    return aml, market


def _page(client, user, person):
    client.force_login(user)
    response = client.get(f"/app/securities_crm/client/{person.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def _timeline(client, person, page=1):
    response = client.get(f"/app/securities_crm/client/{person.pk}/timeline/", {"page": page})
    assert response.status_code == 200
    return response.content.decode()


def _tab(client, person, slug):
    response = client.get(f"/app/securities_crm/client/{person.pk}/tab/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["cm", "risk"])
def test_aml_alerts_leave_no_trace_on_the_client_page_but_for_compliance(client, world, alerts, role):  # noqa: F811
    aml, market = alerts
    person = world["person"]
    page = _page(client, world[role], person)
    assert "/tab/riskalert/" in page  # the alerts tab is there; its rows come when it is opened
    tab, timeline_page = _tab(client, person, "riskalert"), _timeline(client, person)
    assert set(ALERT_ID.findall(tab)) == market and set(ALERT_ID.findall(timeline_page)) == market
    for html in (page, tab, timeline_page):
        assert "AML" not in html  # no rule code, no category, no count of what is hidden

    page = _page(client, world["compliance"], person)
    assert set(ALERT_ID.findall(_tab(client, person, "riskalert"))) == aml | market
    assert aml <= set(ALERT_ID.findall(_timeline(client, person)))


def test_record_tabs_come_as_pages_when_opened(client, world):  # noqa: F811
    person, cm = world["person"], world["cm"]
    start = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 0))
    for n in range(12):
        ClientInteraction(
            client=person, subject=f"电话{n:02d}", staff=cm, occurred_at=start + dt.timedelta(days=n)
        ).save()
    page = _page(client, cm, person)
    assert "电话11" not in page  # the form carries the tabs' frames only
    first = _tab(client, person, "clientinteraction")
    assert "电话11" in first and "电话01" not in first and "?page=2" in first
    second = client.get(f"/app/securities_crm/client/{person.pk}/tab/clientinteraction/", {"page": 2})
    assert "电话01" in second.content.decode()
    assert client.get(f"/app/securities_crm/client/{person.pk}/tab/nosuchtab/").status_code == 404


def test_the_timeline_merges_its_sources_newest_first_and_pages(client, world):  # noqa: F811
    person, cm = world["person"], world["cm"]
    start = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 0))
    for n in range(25):
        ClientInteraction(
            client=person, subject=f"回访{n:02d}", staff=cm, occurred_at=start + dt.timedelta(days=n)
        ).save()
    consent = ConsentRecord(client=person, consent_type="Marketing", text_version="MKT-1")
    consent.recorded_at = start + dt.timedelta(days=10, hours=1)
    consent.save()
    feed("trades", [trade("2026-03-05 10:00:00"), trade("2026-03-05 14:00:00", amount=500)])

    events, more = timeline.page(cm, person, 1)
    assert len(events) == timeline.PER_PAGE and more
    moments = [timeline.as_moment(e.when) for e in events]
    assert moments == sorted(moments, reverse=True)
    assert events[0].title == "回访24"
    rest, more = timeline.page(cm, person, 2)
    assert not more
    titles = [e.title for e in events + rest]
    assert len(titles) == 25 + 1 + 1  # every interaction, the consent, one line for the day's two trades
    consent_line = f"{consent.get_consent_type_display()} · {consent.get_action_display()}"
    assert titles.index("回访11") < titles.index(consent_line) < titles.index("回访10")  # an hour after 回访10
    (trades,) = [e for e in events + rest if e.whole_day]
    assert " 2 " in trades.title and "1,500.00" in trades.title  # the day's two trades, one line

    client.force_login(cm)
    first = _timeline(client, person)
    assert "回访24" in first and "回访04" not in first and "?page=2" in first
    second = _timeline(client, person, 2)
    assert "回访04" in second and "?page=3" not in second


def test_each_doctype_adds_its_own_timeline_source():
    models = {model._meta.model_name for model, _ in timeline.SOURCES}
    assert {
        "clientinteraction",
        "riskassessment",
        "suitabilityrecord",
        "trade",
        "fundtransfer",
        "riskalert",
        "consentrecord",
        "datasubjectrequest",
        "serviceticket",
        "caretask",
    } <= models


def test_a_role_without_the_client_gets_no_timeline(client, world, make_user, other_branch):  # noqa: F811
    stranger = make_user("cm_other", roles=["Client Manager"], branch=other_branch)
    client.force_login(stranger)
    response = client.get(f"/app/securities_crm/client/{world['person'].pk}/timeline/")
    assert response.status_code in (403, 404)


def test_the_history_tab_loads_its_recent_changes_when_opened(client, world, make_user, other_branch):  # noqa: F811
    person, cm = world["person"], world["cm"]
    person.occupation = "工程师"
    person.save()
    page = _page(client, cm, person)
    url = f"/app/securities_crm/client/{person.pk}/recent-changes/"
    assert f'hx-get="{url}"' in page and "完整历史" not in page  # the form carries the frame only
    fragment = client.get(url).content.decode()
    assert "完整历史" in fragment and "职业" in fragment  # who changed what, newest first
    for part in ("recent-changes", "trading", "timeline"):  # nor may another branch's manager load a tab
        stranger = make_user(f"cm_far_{part}", roles=["Client Manager"], branch=other_branch)
        client.force_login(stranger)
        assert client.get(f"/app/securities_crm/client/{person.pk}/{part}/").status_code in (403, 404)
