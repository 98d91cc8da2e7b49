"""Service Ticket Message: internal notes never reach the client (portal or API), another client's ticket
is not found, attachments are checked by content and size, AML matters never reach the client, and the
portal's My requests opens, replies and rates."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from service_fixtures import make_policy, service_world  # noqa: F401

from securities_crm.core import workflow
from securities_crm.service import attachments, tickets

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def portal(user):
    browser = Browser(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(user)
    return browser


@pytest.fixture
def thread(service_world):
    make_policy()
    ticket = tickets.open_ticket("理财产品咨询", "想了解R3产品", client=service_world["clients"]["a"])
    agent = service_world["agents"][0]
    tickets.reply(ticket, agent, "内部：客户风险等级C3", internal=True)
    tickets.reply(ticket, agent, "您好，R3产品适合您的风险等级。")
    return ticket


def test_the_client_never_sees_internal_notes(thread, service_world, api_as):
    page = portal(service_world["portal"]).get(f"/portal/requests/{thread.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "R3产品适合" in text and "客户风险等级C3" not in text
    api = api_as(service_world["portal"])
    rows = api.get(
        "/api/resource/Service Ticket Message",
        {"fields": '["body","internal"]', "filters": f'[["ticket","=","{thread.pk}"]]'},
    ).json()["data"]
    assert [r["internal"] for r in rows] == [False, False] and all("C3" not in r["body"] for r in rows)


def test_another_clients_ticket_is_not_found(thread, service_world, api_as):
    assert portal(service_world["other_portal"]).get(f"/portal/requests/{thread.pk}/").status_code == 404
    api = api_as(service_world["other_portal"])
    assert api.get(f"/api/resource/Service Ticket/{thread.pk}").status_code == 404
    r = api.post(
        "/api/method/securities_crm.api.service.transition", {"ticket": thread.pk, "to": "Closed", "reason": "x"}
    )
    assert r.status_code == 404


def test_a_status_change_outside_the_workflow_is_refused_over_the_api(thread, service_world, api_as):
    api = api_as(service_world["agents"][0])
    r = api.post(
        "/api/method/securities_crm.api.service.transition", {"ticket": thread.pk, "to": "Replied", "reason": "x"}
    )
    assert r.status_code == 417 and "to" in r.json()["_server_messages"]
    r = api.put(f"/api/resource/Service Ticket/{thread.pk}", {"status": "Closed"})
    assert r.status_code == 417
    ok = api.post(
        "/api/method/securities_crm.api.service.transition", {"ticket": thread.pk, "to": "Resolved", "reason": "已答复"}
    )
    assert ok.status_code == 200 and ok.json()["message"]["status"] == "Resolved"


def test_attachments_are_checked_by_content_and_size(settings):
    assert attachments.check("statement.pdf", PDF) == "application/pdf"
    assert attachments.check("photo.png", PNG) == "image/png"
    for name, data in (
        ("photo.jpg", PNG),
        ("statement.pdf", b"MZ\x90\x00program"),
        ("run.exe", b"MZ"),
        ("notes.txt", b"\x00\x01binary"),
    ):
        with pytest.raises(ValidationError) as refused:
            attachments.check(name, data)
        assert "attachments" in refused.value.message_dict
    settings.CRM_ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError):
        attachments.check("big.pdf", PDF + b"0" * (1024 * 1024))


def test_aml_matters_never_reach_the_client(thread, service_world):
    agent = service_world["agents"][0]
    for text in ("您的账户涉及可疑交易报告", "We filed a suspicious transaction report", "反洗钱调查中"):
        with pytest.raises(ValidationError) as refused:
            tickets.reply(thread, agent, text)
        assert "body" in refused.value.message_dict
    tickets.reply(thread, agent, "内部：与反洗钱岗核对", internal=True)  # staff may note it internally
    with pytest.raises(ValidationError):
        tickets.open_ticket("反洗钱核查", "内容", client=service_world["clients"]["a"])


def test_portal_opens_replies_with_an_attachment_and_rates(service_world):
    make_policy()
    browser = portal(service_world["portal"])
    r = browser.post(
        "/portal/requests/",
        {"subject": "资金划转失败", "body": "银证转账提示失败", "attachment": SimpleUploadedFile("screen.png", PNG)},
    )
    assert r.status_code == 302
    ticket = service_world["clients"]["a"].service_tickets.get()
    assert ticket.channel == "Portal" and ticket.messages.get().attachments[0]["content_type"] == "image/png"
    bad = browser.post(
        f"/portal/requests/{ticket.pk}/", {"body": "补充", "attachment": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}
    )
    assert bad.status_code == 400 and ticket.messages.count() == 1
    workflow.apply(ticket, "resolve", service_world["agents"][0], "已处理")
    browser.post(f"/portal/requests/{ticket.pk}/", {"body": "还是不行"})
    ticket.refresh_from_db()
    assert ticket.status == "Open"  # the client wrote back
    workflow.apply(ticket, "resolve", service_world["agents"][0], "已处理")
    browser.post(f"/portal/requests/{ticket.pk}/rate/", {"csat_score": "5", "csat_comment": "很快"})
    ticket.refresh_from_db()
    assert (ticket.csat_score, ticket.csat_comment) == (5, "很快")
    browser.post(f"/portal/requests/{ticket.pk}/rate/", {"csat_score": "1"})
    ticket.refresh_from_db()
    assert ticket.csat_score == 5  # once
