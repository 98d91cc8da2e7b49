"""Complaints (投诉): a ticket of a complaint category opens a Complaint (after it is created, hooks.py),
and the complaint's moves act on the ticket: the written answer goes to the client in the thread, the
client's acceptance resolves the ticket and schedules a care visit, an escalation reopens it and tells
Compliance. Deadlines are the Complaint's own (working days, from its category)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..core import workflow
from ..core.i18n import Message
from ..doctype.complaint.model import Complaint
from ..doctype.shared.service import DONE, TicketStatus
from ..notifications import notify
from ..permissions.roles import COMPLIANCE_OFFICER
from . import care, tickets


def open_for_ticket(ticket) -> Complaint | None:
    if not ticket.is_complaint or Complaint.objects.filter(ticket=ticket).exists():
        return None
    complaint = Complaint(ticket=ticket, summary=ticket.subject[:200], received_on=timezone.localdate(ticket.creation))
    complaint.save()
    return complaint


def follow(complaint, move, user, reason, values) -> None:
    """After each complaint move (hooks.py)."""
    ticket = complaint.ticket
    actor = user if getattr(user, "pk", None) else None
    if move.action == "answer" and actor is not None and not ticket.confidential:
        tickets.reply(ticket, actor, complaint.written_answer)
    elif move.action == "accept":
        if ticket.status not in DONE:
            workflow.apply(
                ticket,
                "resolve",
                user,
                Message(gettext_noop("The client accepted the answer to complaint %(name)s."), {"name": complaint.pk}),
            )
        care.after_complaint(complaint)
    elif move.action == "escalate":
        if ticket.status in (
            TicketStatus.RESOLVED,
            TicketStatus.REPLIED,
            TicketStatus.AWAITING_CLIENT,
            TicketStatus.ON_HOLD,
        ):
            workflow.apply(
                ticket,
                "reopen",
                user,
                Message(gettext_noop("The client escalated complaint %(name)s."), {"name": complaint.pk}),
            )
        officers = get_user_model().objects.filter(is_active=True, groups__name=COMPLIANCE_OFFICER).distinct()
        if officers:
            notify(
                list(officers),
                _("Complaint escalated: %(name)s %(summary)s") % {"name": complaint.pk, "summary": complaint.summary},
                reason,
                doc=complaint,
                kind="Alert",
            )


def overdue(today=None):
    today = today or timezone.localdate()
    return Complaint.objects.filter(Complaint.overdue(today))
