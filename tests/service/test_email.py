"""Inbound email: a new message opens a ticket; replies thread by the subject's token or by References;
quoted text is cut; a message naming someone else's ticket opens a new one; a Message-ID seen before is
stored once; outbound replies carry the token and the threading headers."""

import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core import mail

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from service_fixtures import make_policy, service_world  # noqa: E402,F401

from securities_crm.doctype.service_ticket.model import ServiceTicket  # noqa: E402
from securities_crm.service import inbound_email, tickets  # noqa: E402

pytestmark = pytest.mark.django_db
URL = "/api/method/securities_crm.api.service.inbound_email"


def raw(sender, subject, body, message_id, references="", attachment=None):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = sender, "service@broker.cn", subject, message_id
    if references:
        msg["In-Reply-To"] = msg["References"] = references
    msg.set_content(body)
    if attachment:
        msg.add_attachment(attachment[1], maintype="application", subtype="octet-stream", filename=attachment[0])
    return msg.as_bytes()


@pytest.fixture
def gateway(service_world, make_user, api_as):
    make_policy()
    return api_as(make_user("mailgw", roles=["Integration"], staff=False))


def post(gateway, body):
    return gateway.client.post(URL, body, content_type="message/rfc822", HTTP_AUTHORIZATION=gateway.auth)


def test_threading_by_token_and_references_and_quotes_cut(gateway, service_world, django_capture_on_commit_callbacks):
    first = post(gateway, raw("王先生 <wang@example.cn>", "转账问题", "我的转账没到账。", "<m1@mail.example.cn>"))
    assert first.status_code == 200, first.content
    ticket = ServiceTicket.objects.get(pk=first.json()["message"]["ticket"])
    assert ticket.channel == "Email" and ticket.client == service_world["clients"]["a"]  # matched by email
    with django_capture_on_commit_callbacks(execute=True):
        staff = tickets.reply(ticket, service_world["agents"][0], "请提供转账时间。")
    sent = mail.outbox[-1]
    assert f"[{ticket.pk}]" in sent.subject and sent.extra_headers["In-Reply-To"] == "<m1@mail.example.cn>"
    staff.refresh_from_db()
    by_token = post(
        gateway,
        raw(
            "wang@example.cn",
            f"Re: 转账问题 [{ticket.pk}]",
            "昨天下午三点。\n\n在 2026年3月9日 周一 10:00, 客服 写道：\n> 请提供转账时间。",
            "<m2@x>",
        ),
    )
    assert by_token.json()["message"]["ticket"] == ticket.pk
    assert ticket.messages.get(external_id="m2@x").body == "昨天下午三点。"
    by_refs = post(
        gateway,
        raw(
            "wang@example.cn",
            "回复: 没有主题标记",
            "补充：金额5万元。\n\nOn Mon, 9 Mar 2026 agent wrote:\n> old",
            "<m3@x>",
            references=f"<{staff.external_id}>",
        ),
    )
    assert by_refs.json()["message"]["ticket"] == ticket.pk
    assert ticket.messages.get(external_id="m3@x").body == "补充：金额5万元。"


def test_someone_elses_ticket_token_opens_a_new_ticket(gateway, service_world):
    theirs = tickets.open_ticket("李女士的问题", "内容", channel="Email", client=service_world["clients"]["b"])
    r = post(gateway, raw("wang@example.cn", f"Re: [{theirs.pk}]", "我想看看别人的工单", "<x1@x>"))
    landed = r.json()["message"]["ticket"]
    assert landed != theirs.pk and theirs.messages.count() == 1
    assert ServiceTicket.objects.get(pk=landed).client == service_world["clients"]["a"]
    unknown = post(gateway, raw("stranger@nowhere.cn", "你好", "新客户咨询", "<x2@x>"))
    assert ServiceTicket.objects.get(pk=unknown.json()["message"]["ticket"]).client is None


def test_the_same_message_is_stored_once_and_bad_attachments_are_refused(gateway):
    body = raw("wang@example.cn", "开户", "请问开户流程", "<dup@x>")
    a, b = post(gateway, body), post(gateway, body)
    assert a.json()["message"] == b.json()["message"]
    disguised = post(
        gateway,
        raw(
            "wang@example.cn",
            "附件",
            "见附件",
            "<att@x>",
            attachment=("statement.pdf", b"MZ\x90\x00 this is a program"),
        ),
    )
    assert disguised.status_code == 417 and "statement.pdf" in disguised.content.decode()
    assert not ServiceTicket.objects.filter(subject="附件").exists()


def test_only_a_gateway_may_post_mail(service_world, api_as):
    r = api_as(service_world["agents"][0]).client.post(URL, b"From: a@b\n\nhi", content_type="message/rfc822")
    assert r.status_code in (401, 403)


def test_quote_stripping():
    text = "好的，谢谢\n\n-----原始邮件-----\n发件人: 客服\n内容"
    assert inbound_email.strip_quoted(text) == "好的，谢谢"
    assert inbound_email.strip_quoted("Thanks\n> quoted\nmore") == "Thanks\nmore"
