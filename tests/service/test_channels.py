"""Channel webhooks: HMAC-SHA256 over the timestamp and body; forged, stale and replayed calls get 401 and
store nothing; a known sender's message joins their open ticket; an unknown sender opens an unmatched one."""

import json
import sys
import time
from pathlib import Path

import pytest
from django.test import Client as HttpClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from service_fixtures import make_policy, service_world  # noqa: E402,F401

from securities_crm.doctype.service_ticket.model import ServiceTicket  # noqa: E402
from securities_crm.doctype.service_ticket_message.model import ServiceTicketMessage  # noqa: E402
from securities_crm.service.channels import sign  # noqa: E402

pytestmark = pytest.mark.django_db
SECRET = "wechat-test-secret"


@pytest.fixture(autouse=True)
def secrets(settings, service_world):
    settings.CRM_CHANNEL_SECRETS = {"wechat": SECRET, "sms": "sms-secret"}
    settings.CRM_API_RATE_LIMIT = settings.CRM_API_RATE_LIMIT_IP = 0
    make_policy()


def call(payload, channel="wechat", secret=SECRET, stamp=None, signature=None, body=None):
    body = body if body is not None else json.dumps(payload, ensure_ascii=False).encode()
    stamp = str(int(time.time()) if stamp is None else stamp)
    return HttpClient().post(
        f"/api/method/securities_crm.api.service.{channel}",
        body,
        content_type="application/json",
        HTTP_X_CRM_TIMESTAMP=stamp,
        HTTP_X_CRM_SIGNATURE=signature or sign(secret, stamp, body),
    )


def test_signed_messages_thread_by_sender(service_world):
    r = call({"message_id": "w1", "sender": "oWx-123", "text": "你好，想咨询两融"})
    assert r.status_code == 200, r.content
    first = r.json()["message"]
    assert first["matched"] is False  # an unknown sender: an unmatched ticket
    again = call({"message_id": "w2", "sender": "oWx-123", "text": "在吗"}).json()["message"]
    assert again["ticket"] == first["ticket"]
    retry = call({"message_id": "w2", "sender": "oWx-123", "text": "在吗"}, stamp=int(time.time()) - 5)
    assert retry.json()["message"]["message"] == again["message"]  # a retried (re-signed) delivery: stored once
    sms = call(
        {"message_id": "s1", "sender": service_world["clients"]["a"].mobile, "text": "查询余额"},
        channel="sms",
        secret="sms-secret",
    ).json()["message"]
    assert sms["matched"] is True
    assert ServiceTicket.objects.get(pk=sms["ticket"]).client == service_world["clients"]["a"]


def test_forged_stale_and_replayed_calls_are_refused_and_store_nothing():
    payload = {"message_id": "f1", "sender": "oWx-9", "text": "伪造"}
    assert call(payload, secret="wrong").status_code == 401
    assert call(payload, stamp=int(time.time()) - 301).status_code == 401
    assert call(payload, signature="sha256=" + "0" * 64).status_code == 401
    assert call(payload, channel="app").status_code == 401  # a channel without a secret
    assert not ServiceTicketMessage.objects.exists()
    body = json.dumps(payload).encode()
    stamp = str(int(time.time()))
    signature = sign(SECRET, stamp, body)
    assert call(None, body=body, stamp=stamp, signature=signature).status_code == 200
    replay = call(None, body=body, stamp=stamp, signature=signature)
    assert replay.status_code == 401 and replay.json()["exc_type"] == "AuthenticationError"
    assert ServiceTicketMessage.objects.count() == 1


def test_the_webhooks_are_documented_with_a_verification_example(client):
    doc = client.get("/api/openapi.json").json()
    op = doc["paths"]["/api/method/securities_crm.api.service.wechat"]["post"]
    assert "X-CRM-Signature" in op["description"] and "hmac.new" in op["description"]
