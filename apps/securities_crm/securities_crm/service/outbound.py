"""Replies to the client by email, through Django's email backend, threaded by Message-ID.

A staff reply on a ticket that came by email (or whose client has an address) goes out when the
transaction commits, with the ticket's token in the subject ("[TKT-2026-000123]") and In-Reply-To and
References naming the client's last message, so the client's answer threads back (inbound_email.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction

from ..doctype.service_ticket_message.model import SenderType, ServiceTicketMessage
from ..doctype.shared.service import TicketChannel

log = logging.getLogger(__name__)


def address_of(ticket) -> str:
    return ticket.contact_email or (ticket.client.email if ticket.client_id else "")


def token(ticket) -> str:
    return f"[{ticket.pk}]"


def send(message: ServiceTicketMessage) -> None:
    """Email a staff reply to the client when the ticket is an email ticket (after commit)."""
    ticket = message.ticket
    to = address_of(ticket)
    if ticket.channel != TicketChannel.EMAIL or not to or message.internal or ticket.confidential:
        return
    domain = getattr(settings, "CRM_MAIL_DOMAIN", "crm.localhost")
    message.external_id = make_msgid(domain=domain).strip("<>")
    ServiceTicketMessage.objects.filter(pk=message.pk).update(external_id=message.external_id)
    earlier = list(
        ServiceTicketMessage.objects.filter(ticket=ticket)
        .exclude(external_id="")
        .exclude(pk=message.pk)
        .order_by("sent_at", "name")
        .values_list("external_id", "sender_type")
    )
    last_client = next((mid for mid, kind in reversed(earlier) if kind == SenderType.CLIENT), None)
    headers = {"Message-ID": f"<{message.external_id}>"}
    if last_client:
        headers["In-Reply-To"] = f"<{last_client}>"
    if earlier:
        headers["References"] = " ".join(f"<{mid}>" for mid, _kind in earlier[-10:])
    mail = EmailMessage(subject=f"Re: {ticket.subject} {token(ticket)}", body=message.body, to=[to], headers=headers)

    def deliver():
        try:
            mail.send()
        except Exception:  # noqa: BLE001  (the reply is stored; a failed delivery is logged, not lost)
            log.exception("could not email the reply %s of %s", message.pk, ticket.pk)

    transaction.on_commit(deliver)
