"""Satisfaction (CSAT) after resolution: one question, 1 to 5, and a comment, once per ticket.

When a ticket is resolved the client is asked (hooks.py): in the portal's "my requests" and, when there
is an address, by email with a signed link that needs no sign-in (`link()`; it expires after
LINK_DAYS). The feedback module builds its surveys on these answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import hooks
from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.shared.service import DONE, TicketStatus
from ..notifications import notify
from . import outbound

SALT = "securities_crm.csat"
LINK_DAYS = 30


def token(ticket) -> str:
    return signing.dumps({"t": ticket.pk}, salt=SALT, compress=True)


def ticket_for(value: str) -> ServiceTicket | None:
    """The ticket a signed link names (None when the signature is wrong or expired)."""
    try:
        data = signing.loads(value, salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return ServiceTicket.objects.filter(pk=data.get("t"), confidential=False).first()


def link(ticket) -> str:
    base = getattr(settings, "CRM_PORTAL_BASE_URL", "").rstrip("/")
    return base + reverse("portal:rate", args=[token(ticket)])


def ask(ticket, move=None, user=None, reason="", values=None) -> None:
    """After a move to Resolved (hooks.py): ask the client for a rating, once."""
    if move is not None and move.target != TicketStatus.RESOLVED:
        return
    if ticket.confidential or ticket.csat_at is not None:
        return
    if ticket.client_id and ticket.client.user_id:
        notify(
            ticket.client.user,
            _("How did we do? Rate %(name)s") % {"name": ticket.pk},
            _("Your request “%(subject)s” was resolved. Rate our service from 1 to 5 in My requests.")
            % {"subject": ticket.subject},
            doc=ticket,
            kind="Reminder",
        )
    to = outbound.address_of(ticket)
    if to:
        mail = EmailMessage(
            subject=_("How did we do? %(subject)s %(token)s")
            % {"subject": ticket.subject, "token": outbound.token(ticket)},
            body=_("Your request was resolved. Rate our service from 1 to 5 here:\n%(link)s") % {"link": link(ticket)},
            to=[to],
        )
        transaction.on_commit(lambda: mail.send(fail_silently=True))


def rate(ticket, score, comment: str = "", channel: str = "Portal") -> ServiceTicket:
    """Record the client's rating (1–5) and comment on a resolved or closed ticket, once. Feedback follows
    (the `ticket_rated` app event): the rating is also a response to the CSAT survey."""
    try:
        value = int(str(score).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5 or isinstance(score, bool):
        raise ValidationError({"csat_score": _("Choose a rating from 1 to 5.")})
    if ticket.status not in DONE:
        raise ValidationError({"csat_score": _("A request can be rated once it is resolved.")})
    if ticket.csat_at is not None:
        raise ValidationError({"csat_score": _("This request has already been rated.")})
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError({"csat_comment": _("At most %(n)d characters.") % {"n": 2000}})
    ticket.csat_score, ticket.csat_comment, ticket.csat_at = value, comment, timezone.now()
    ticket._change_reason = _("Rated by the client")
    with transaction.atomic():
        ticket.save()
        hooks.fire("ticket_rated", ticket, channel)
    return ticket
