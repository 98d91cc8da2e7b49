"""Tickets and their threads: opening one from any channel, staff replies, client messages (which reopen
a ticket waiting on them), matching an unidentified caller to a client, merge and split.

Every message goes through here, so the status and the SLA clock follow the thread: the first reply
the client sees is the first response (an Open ticket becomes Replied), and a client writing back
reopens a Replied, Awaiting Client, On Hold or Resolved ticket. A client writing to a Closed ticket
starts a new one that refers to it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..core import workflow
from ..core.i18n import Message
from ..doctype.client.model import Client
from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.service_ticket_message.model import SenderType, ServiceTicketMessage
from ..doctype.shared.service import TicketChannel, TicketStatus
from . import attachments, confidentiality, outbound, sla

REOPENS = (TicketStatus.REPLIED, TicketStatus.AWAITING_CLIENT, TicketStatus.ON_HOLD, TicketStatus.RESOLVED)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0][:120] if lines else ""


# --- the validate hook ------------------------------------------------------------------------
def prepare(ticket) -> None:
    """Before every save (hooks.py): match the caller, keep AML out of what the client sees, set the clock."""
    if ticket.client_id is None:
        ticket.client = match_client(ticket.contact_mobile, ticket.contact_email)
    if ticket.is_new and ticket.category_id and ticket.priority == ServiceTicket._meta.get_field("priority").default:
        ticket.priority = ticket.category.default_priority
    if not ticket.confidential:
        confidentiality.check_client_text(ticket.subject, "subject")
    if ticket.assigned_to_id and not (ticket.assigned_to.is_active and ticket.assigned_to.is_staff):
        raise ValidationError(
            {"assigned_to": _("%(name)s is not active staff.") % {"name": ticket.assigned_to.get_username()}}
        )
    sla.refresh(ticket)


def match_client(mobile: str = "", email: str = ""):
    """The one client with this mobile (through its blind index) or email; None when none or several."""
    for field, value in (("mobile", (mobile or "").strip()), ("email__iexact", (email or "").strip())):
        if not value:
            continue
        found = list(Client.objects.filter(**{field: value}).values_list("pk", flat=True)[:2])
        if len(found) == 1:
            return Client.objects.get(pk=found[0])
    return None


def match_unidentified(limit: int = 1000) -> int:
    """Give unmatched tickets their client, once one with their mobile or email exists (scheduled)."""
    matched = 0
    for ticket in (
        ServiceTicket.objects.filter(client__isnull=True, confidential=False)
        .exclude(contact_email="", contact_mobile="")
        .order_by("creation")[:limit]
    ):
        client = match_client(ticket.contact_mobile, ticket.contact_email)
        if client is not None:
            ticket.client = client
            ticket._change_reason = _("Matched to the client by mobile or email")
            ticket.save()
            matched += 1
    return matched


# --- opening and writing ----------------------------------------------------------------------
@transaction.atomic
def open_ticket(
    subject: str,
    body: str = "",
    *,
    channel: str = TicketChannel.PORTAL,
    client=None,
    category=None,
    priority: str | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_mobile: str = "",
    sender_id: str = "",
    sender=None,
    sender_address: str = "",
    files=(),
    external_id: str = "",
    internal: bool = False,
    confidential: bool = False,
    interaction=None,
    team=None,
    assigned_to=None,
    split_from=None,
) -> ServiceTicket:
    """A new ticket with the client's first message (or, `internal`, a staff note of what was asked)."""
    subject = (subject or "").strip() or _first_line(body)
    ticket = ServiceTicket(
        subject=subject[:200],
        client=client,
        channel=channel,
        category=category,
        contact_name=contact_name[:140],
        contact_email=contact_email,
        contact_mobile=contact_mobile,
        sender_id=sender_id[:140],
        confidential=confidential,
        interaction=interaction,
        team=team,
        assigned_to=assigned_to,
        split_from=split_from,
    )
    if priority:
        ticket.priority = priority
    ticket.save()
    if body or files:
        _message(
            ticket,
            SenderType.STAFF if internal else SenderType.CLIENT,
            body,
            channel=channel,
            sender=sender,
            sender_address=sender_address,
            files=files,
            external_id=external_id,
            internal=internal,
        )
    return ticket


def _message(
    ticket,
    sender_type,
    body,
    *,
    channel=None,
    sender=None,
    sender_address="",
    files=(),
    external_id="",
    internal=False,
    stored=None,
) -> ServiceTicketMessage:
    message = ServiceTicketMessage(
        ticket=ticket,
        sender_type=sender_type,
        sender=sender,
        sender_address=sender_address[:254],
        channel=channel or ticket.channel,
        body=body or "",
        internal=internal,
        external_id=external_id[:255],
        attachments=stored if stored is not None else attachments.store(files),
    )
    message.save()
    return message


@transaction.atomic
def reply(
    ticket, user, body: str, *, internal: bool = False, files=(), status: str | None = None, reason: str = ""
) -> ServiceTicketMessage:
    """A staff reply (or, `internal`, a note only staff see); optionally then a move to `status`."""
    body = (body or "").strip()
    if not body and not files:
        raise ValidationError({"body": _("Write a message.")})
    if not internal:
        if ticket.confidential:
            raise ValidationError({"internal": _("A confidential ticket takes internal notes only.")})
        confidentiality.check_client_text(body)
    message = _message(
        ticket, SenderType.STAFF, body, sender=user, sender_address=user.get_username(), files=files, internal=internal
    )
    if not internal:
        now = timezone.now()
        sla.first_response(ticket, now)
        if ticket.status == TicketStatus.OPEN:
            workflow.apply(ticket, "reply", user, "")
        else:
            ticket.save()
        outbound.send(message)
    if status and status != ticket.status:
        move = ticket.doctype.workflow.to(ticket.status, status)
        if move is None:
            raise ValidationError(
                {
                    "status": _("A ticket cannot go from %(a)s to %(b)s.")
                    % {"a": TicketStatus(ticket.status).label, "b": TicketStatus(status).label}
                }
            )
        workflow.apply(ticket, move.action, user, reason or body[:200])
    return message


@transaction.atomic
def client_message(
    ticket,
    body: str,
    *,
    channel: str | None = None,
    sender=None,
    sender_address: str = "",
    files=(),
    external_id: str = "",
    stored=None,
) -> ServiceTicketMessage:
    """The client writes (portal, email, chat): a ticket waiting on them reopens; a Closed one is
    followed by a new ticket that refers to it."""
    body = (body or "").strip()
    if not body and not files and not stored:
        raise ValidationError({"body": _("Write a message.")})
    if ticket.status == TicketStatus.CLOSED:
        follow_up = open_ticket(
            _("Follow-up to %(name)s: %(subject)s") % {"name": ticket.pk, "subject": ticket.subject},
            channel=channel or ticket.channel,
            client=ticket.client,
            category=ticket.category,
            priority=ticket.priority,
            contact_name=ticket.contact_name,
            contact_email=ticket.contact_email,
            contact_mobile=ticket.contact_mobile,
            sender_id=ticket.sender_id,
            split_from=ticket,
        )
        ticket = follow_up
    message = _message(
        ticket,
        SenderType.CLIENT,
        body,
        channel=channel,
        sender=sender,
        sender_address=sender_address,
        files=files,
        external_id=external_id,
        stored=stored,
    )
    if ticket.status in REOPENS:
        workflow.apply(ticket, "reopen", workflow.SYSTEM, Message(gettext_noop("The client wrote back."), {}))
    return message


# --- merge, split and calls -------------------------------------------------------------------
@transaction.atomic
def merge(source, target, user, reason: str = "") -> ServiceTicket:
    """Move `source`'s thread into `target` and close `source` as merged."""
    if source.pk == target.pk:
        raise ValidationError({"merged_into": _("A ticket cannot be merged into itself.")})
    if target.status == TicketStatus.CLOSED:
        raise ValidationError({"merged_into": _("%(name)s is closed.") % {"name": target.pk}})
    if source.client_id and target.client_id and source.client_id != target.client_id:
        raise ValidationError({"merged_into": _("The two tickets are of different clients.")})
    ServiceTicketMessage.objects.filter(ticket=source).update(ticket=target)
    _message(
        target,
        SenderType.SYSTEM,
        _("Merged from %(name)s: %(subject)s") % {"name": source.pk, "subject": source.subject},
        internal=True,
    )
    source.merged_into = target
    workflow.apply(source, "close", user, reason or Message(gettext_noop("Merged into %(name)s"), {"name": target.pk}))
    return target


@transaction.atomic
def split(message, user, subject: str = "") -> ServiceTicket:
    """Make a message (and those after it) a ticket of its own."""
    source = message.ticket
    ticket = open_ticket(
        subject or _first_line(message.body) or source.subject,
        channel=source.channel,
        client=source.client,
        category=source.category,
        priority=source.priority,
        contact_name=source.contact_name,
        contact_email=source.contact_email,
        contact_mobile=source.contact_mobile,
        sender_id=source.sender_id,
        split_from=source,
        team=source.team,
    )
    later = ServiceTicketMessage.objects.filter(ticket=source, sent_at__gte=message.sent_at, name__gte=message.pk)
    later.update(ticket=ticket)
    _message(
        source,
        SenderType.SYSTEM,
        _("Split into %(name)s by %(who)s") % {"name": ticket.pk, "who": user.get_username()},
        internal=True,
    )
    return ticket


@transaction.atomic
def from_interaction(interaction, user, *, category=None, priority: str | None = None) -> ServiceTicket:
    """A logged call (Client Interaction) as a ticket, in one step: its notes become an internal note."""
    existing = ServiceTicket.objects.filter(interaction=interaction).first()
    if existing is not None:
        return existing
    return open_ticket(
        interaction.subject,
        interaction.notes or interaction.subject,
        channel=TicketChannel.PHONE,
        client=interaction.client,
        category=category,
        priority=priority,
        sender=user,
        sender_address=user.get_username(),
        internal=True,
        interaction=interaction,
    )
