"""The outbox: messages to clients (portal inbox, email) queued once and sent by a job, so that
invitations, reminders and campaigns share one idempotent, audited way out. A service module.

    from securities_crm import outbox

    outbox.queue(
        recipient_client=client,
        channel="Email",
        subject=_("You are invited: %(event)s") % {"event": event.event_name},
        body=text,
        dedup_key=f"event-invite:{event.pk}:{client.pk}",
        context=event,
    )

`queue` writes one Outbox Message per `dedup_key` (a second call with the same key returns the first
row and changes nothing), and asks for `send_pending` to run once the caller's transaction commits.
`send_pending` is also on the schedule (tasks/schedule.py), which retries failures up to MAX_ATTEMPTS
and sends what was queued with a `send_after` once that time has come.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .core import registry
from .core.jobs import enqueue
from .doctype.outbox_message.model import Channel, OutboxMessage, OutboxStatus
from .notifications import notify

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # a message still failing after this many tries stays Failed, with its last error
BATCH = 500  # messages one run of send_pending takes on
SEND_JOB_ID = "outbox-send"


class Undeliverable(Exception):
    """The message cannot reach its recipient on its channel (no address, no portal sign-in)."""


def queue(
    *,
    recipient_client=None,
    recipient_user=None,
    channel: str = Channel.PORTAL,
    subject: str,
    body: str = "",
    dedup_key: str,
    context=None,
    send_after=None,
) -> OutboxMessage:
    """Queue one message, once per `dedup_key`; returns its Outbox Message (the existing one on a repeat).

    The recipient is a Client (`recipient_client`), a user (`recipient_user`), or both (a client's
    message that should reach a particular sign-in). `context` is the document the message is about.
    Subjects and bodies are stored as given: pass text already in the recipient's language.
    """
    if recipient_client is None and recipient_user is None:
        raise ValueError("outbox.queue needs a recipient_client or a recipient_user")
    if channel not in Channel.values:
        raise ValueError(f"unknown outbox channel {channel!r}; use one of {Channel.values}")
    if not dedup_key:
        raise ValueError("outbox.queue needs a dedup_key")
    existing = OutboxMessage.objects.filter(dedup_key=dedup_key).first()
    if existing is not None:
        return existing
    message = OutboxMessage(
        client=recipient_client,
        user=recipient_user,
        channel=channel,
        subject=str(subject)[:255],
        body=str(body),
        context_doctype=context.doctype.name if context is not None else "",
        context_name=str(context.pk) if context is not None else "",
        send_after=send_after,
        dedup_key=dedup_key,
    )
    try:
        with transaction.atomic():  # a savepoint: losing a race for the key leaves the caller's transaction usable
            message.save()
    except IntegrityError:
        return OutboxMessage.objects.get(dedup_key=dedup_key)  # queued at the same moment by someone else
    kick()
    return message


def kick() -> None:
    """Ask for a send run (after the caller's transaction commits; one waiting run is enough)."""
    enqueue("securities_crm.outbox.send_pending", queue="short", job_id=SEND_JOB_ID)


def cancel(dedup_keys=None, *, context=None) -> int:
    """Cancel queued messages that should no longer go out (by keys, or all about a document);
    returns how many. Sent ones are history and stay as they are."""
    pending = OutboxMessage.objects.filter(status=OutboxStatus.QUEUED)
    if dedup_keys is not None:
        pending = pending.filter(dedup_key__in=[dedup_keys] if isinstance(dedup_keys, str) else list(dedup_keys))
    if context is not None:
        pending = pending.filter(context_doctype=context.doctype.name, context_name=str(context.pk))
    if dedup_keys is None and context is None:
        raise ValueError("outbox.cancel needs dedup_keys or a context")
    return pending.update(status=OutboxStatus.CANCELLED, modified=timezone.now())


def send_pending(limit: int = BATCH) -> dict:
    """Send what is due (the job; idempotent: each message is claimed under a row lock and sent once).

    Returns counts by outcome: {"sent": n, "failed": n, "retry": n}.
    """
    now = timezone.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, attempts__lt=MAX_ATTEMPTS)
        .exclude(send_after__gt=now)
        .order_by("creation")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"sent": 0, "failed": 0, "retry": 0}
    for pk in list(due):
        outcome = _send_one(pk)
        if outcome:
            counts[outcome] += 1
    return counts


def _locked(pk):
    rows = OutboxMessage.objects.filter(pk=pk, status=OutboxStatus.QUEUED)
    # Lock the message's row only (its recipient is read through nullable joins, which PostgreSQL will
    # not lock); a message another worker holds is left to it.
    skip = connection.features.has_select_for_update_skip_locked
    of = ("self",) if connection.features.has_select_for_update_of else ()
    rows = rows.select_for_update(skip_locked=skip, of=of)
    return rows.select_related("client", "client__user", "user").first()


def _send_one(pk) -> str | None:
    with transaction.atomic():
        message = _locked(pk)
        if message is None:
            return None  # sent, cancelled or being sent meanwhile
        message.attempts += 1
        try:
            deliver(message)
        except Undeliverable as exc:
            message.status, message.last_error = OutboxStatus.FAILED, str(exc)
        except Exception as exc:  # the mail server, a missing context: retried by the next run
            log.warning("outbox: %s failed (attempt %d): %s", message.pk, message.attempts, exc)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
        else:
            message.status, message.sent_at, message.last_error = OutboxStatus.SENT, timezone.now(), ""
        message.save()
        if message.status == OutboxStatus.SENT:
            return "sent"
        return "failed" if message.status == OutboxStatus.FAILED else "retry"


def context_of(message: OutboxMessage):
    """The document a message is about, if it still exists."""
    spec = registry.get(message.context_doctype) if message.context_doctype else None
    if spec is None or spec.model is None:
        return None
    return spec.model._default_manager.filter(pk=message.context_name).first()


def deliver(message: OutboxMessage) -> None:
    """Send one message on its channel now (called by send_pending, inside the claiming transaction)."""
    if message.channel == Channel.PORTAL:
        user = message.user or (message.client.user if message.client_id else None)
        if user is None:
            raise Undeliverable("the recipient has no portal sign-in")
        notify(user, message.subject, message.body, doc=context_of(message), kind="Reminder")
    elif message.channel == Channel.EMAIL:
        address = (message.client.email if message.client_id else "") or (message.user.email if message.user else "")
        if not address:
            raise Undeliverable("the recipient has no email address")
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"X-CRM-Outbox": message.pk},
        ).send()
    else:  # pragma: no cover - the field's choices keep other values out
        raise Undeliverable(f"unknown channel {message.channel}")
