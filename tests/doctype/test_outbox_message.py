"""The outbox: a message queued twice is one row; the send job delivers each message once, on its channel,
retries a failure and then keeps it Failed with its reason; cancelled and not-yet-due messages stay unsent;
a real RQ worker sends what a committed queue() asked for."""

import datetime as dt

import django_rq
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from service_fixtures import service_world  # noqa: F401

from securities_crm import outbox
from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.doctype.outbox_message.model import OutboxMessage
from securities_crm.tasks.schedule import SCHEDULE

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down (Django's backend interface, not one of ours)."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def invite(client, key="k1", channel="Portal", **kw):
    return outbox.queue(
        recipient_client=client, channel=channel, subject="活动邀请", body="欢迎参加", dedup_key=key, **kw
    )


def test_queuing_the_same_message_twice_is_one_row(service_world):
    client = service_world["clients"]["a"]
    first = invite(client, context=client)
    again = outbox.queue(recipient_client=client, channel="Email", subject="另一个", body="", dedup_key="k1")
    assert again.pk == first.pk and OutboxMessage.objects.count() == 1
    assert again.channel == "Portal" and again.subject == "活动邀请"  # the first one stands
    assert (first.status, first.attempts, first.context_doctype, first.context_name) == (
        "Queued",
        0,
        "Client",
        client.pk,
    )


def test_portal_messages_reach_the_inbox_once(service_world):
    client = service_world["clients"]["a"]
    message = invite(client, context=client)
    assert outbox.send_pending() == {"sent": 1, "failed": 0, "retry": 0}
    assert outbox.send_pending() == {"sent": 0, "failed": 0, "retry": 0}  # a rerun sends nothing twice
    message.refresh_from_db()
    assert message.status == "Sent" and message.sent_at is not None and message.attempts == 1
    log = NotificationLog.objects.get(for_user=service_world["portal"])
    assert (log.subject, log.message, log.document_type, log.document_name) == (
        "活动邀请",
        "欢迎参加",
        "Client",
        client.pk,
    )


def test_email_goes_to_the_clients_address(service_world):
    mail.outbox.clear()
    invite(service_world["clients"]["b"], channel="Email")
    outbox.send_pending()
    outbox.send_pending()
    assert [(m.to, m.subject) for m in mail.outbox] == [(["li@example.cn"], "活动邀请")]


def test_a_recipient_who_cannot_be_reached_fails_at_once_with_the_reason(service_world):
    client = service_world["clients"]["a"]
    type(client).objects.filter(pk=client.pk).update(email="")
    client.refresh_from_db()
    message = invite(client, channel="Email")
    assert outbox.send_pending()["failed"] == 1
    message.refresh_from_db()
    assert message.status == "Failed" and "no email address" in message.last_error
    assert outbox.send_pending() == {"sent": 0, "failed": 0, "retry": 0}


def test_a_failing_server_is_retried_then_given_up(service_world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    message = invite(service_world["clients"]["a"], channel="Email")
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        assert outbox.send_pending()["retry"] == 1
        message.refresh_from_db()
        assert message.status == "Queued" and "smtp down" in message.last_error
    assert outbox.send_pending()["failed"] == 1
    message.refresh_from_db()
    assert message.status == "Failed" and message.attempts == outbox.MAX_ATTEMPTS
    assert outbox.send_pending() == {"sent": 0, "failed": 0, "retry": 0}


def test_cancelled_and_later_messages_wait(service_world):
    client = service_world["clients"]["a"]
    later = invite(client, "later", send_after=timezone.now() + dt.timedelta(hours=1))
    dropped = invite(client, "dropped", context=client)
    assert outbox.cancel(context=client) == 1
    assert outbox.send_pending() == {"sent": 0, "failed": 0, "retry": 0}
    OutboxMessage.objects.filter(pk=later.pk).update(send_after=timezone.now() - dt.timedelta(minutes=1))
    assert outbox.send_pending()["sent"] == 1
    assert OutboxMessage.objects.get(pk=dropped.pk).status == "Cancelled"
    assert outbox.cancel("later") == 0  # sent is history


def test_a_recipient_is_required(service_world):
    with pytest.raises(ValueError):
        outbox.queue(channel="Portal", subject="x", dedup_key="nobody")
    with pytest.raises(ValueError):
        outbox.queue(recipient_client=service_world["clients"]["a"], channel="SMS", subject="x", dedup_key="sms")


def test_the_send_job_is_on_the_schedule():
    assert (outbox.send_pending, "short") in [(f, q) for f, q, _ in SCHEDULE]


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_what_a_committed_queue_asked_for(service_world, run_worker):
    django_rq.get_queue("short").empty()
    message = invite(service_world["clients"]["a"], "worker")  # autocommit: the send job is queued now
    assert django_rq.get_queue("short").count == 1
    invite(service_world["clients"]["b"], "worker-2")  # the waiting job covers this one too
    assert django_rq.get_queue("short").count == 1
    done = run_worker("short")
    assert done.returncode == 0, done.stderr[-2000:]
    message.refresh_from_db()
    assert message.status == "Sent"
    assert (
        NotificationLog.objects.filter(for_user__in=[service_world["portal"], service_world["other_portal"]]).count()
        == 2
    )
