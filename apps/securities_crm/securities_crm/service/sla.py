"""The SLA clock of a Service Ticket: which SLA Policy holds, the due times, pauses, reminders and breaches.

Due times are working minutes after the ticket's creation on the policy's calendar (calendar.py), plus
every working minute the clock stood still (a pausing status, or Resolved until the client writes
back): due = calendar.add(creation, target + paused_minutes). So resuming moves each due time by the
paused working time, and changing the priority recomputes them from the start.

A response or resolution at the due minute is on time; one minute later is a breach. check() runs on the
scheduler (tasks/schedule.py): it reminds the assignee `reminder_minutes` before a due time, and on a
breach flags the ticket and escalates it to the team lead. Each step claims the ticket with a
conditional UPDATE, so a rerun, or a second worker, does nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import session
from ..doctype.holiday.model import Holiday
from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.shared.service import DONE, UNFINISHED, TicketStatus
from ..doctype.sla_policy.model import SLAPolicy
from ..notifications import notify
from .calendar import WorkingCalendar


def calendar_for(policy: SLAPolicy) -> WorkingCalendar:
    holidays = (
        Holiday.objects.values_list("holiday_date", flat=True)
        if policy.observe_holidays or policy.trading_days_only
        else ()
    )
    return WorkingCalendar.of(
        policy.weekdays, policy.day_start, policy.day_end, holidays, policy.break_start, policy.break_end
    )


def _matches(policy: SLAPolicy, ticket) -> bool:
    client = ticket.client if ticket.client_id else None
    if policy.categories and ticket.category_id not in policy.categories:
        return False
    if policy.channels and ticket.channel not in policy.channels:
        return False
    if policy.investor_types and (client is None or client.investor_type not in policy.investor_types):
        return False
    floor = policy.min_financial_assets
    assets = client.financial_assets if client is not None else None
    return floor is None or (assets is not None and assets >= floor)


def choose_policy(ticket) -> SLAPolicy | None:
    """The first enabled policy, by rank, whose conditions all hold; else the default."""
    policies = list(SLAPolicy.objects.filter(enabled=True).order_by("rank", "policy_name"))
    chosen = next((p for p in policies if not p.is_default and _matches(p, ticket)), None)
    return chosen or next((p for p in policies if p.is_default), None)


def stopped(policy: SLAPolicy | None, status: str) -> bool:
    """Does the clock stand still in this status?"""
    return status in DONE or (policy is not None and status in (policy.pause_statuses or []))


def refresh(ticket, now: dt.datetime | None = None) -> None:
    """Choose the policy (for a new ticket, or when what chooses it changed) and set the due times."""
    if ticket.is_new or ticket.sla_policy_id is None or _chooser_changed(ticket):
        policy = choose_policy(ticket)
        ticket.sla_policy = policy
    policy = ticket.sla_policy if ticket.sla_policy_id else None
    if policy is None:
        ticket.first_response_due = ticket.resolution_due = ticket.next_due = None
        return
    start = ticket.creation or now or timezone.now()
    cal = calendar_for(policy)
    response, resolution = policy.targets(ticket.priority)
    ticket.first_response_due = cal.add(start, response + ticket.paused_minutes)
    ticket.resolution_due = cal.add(start, resolution + ticket.paused_minutes)
    _set_next_due(ticket)


def _chooser_changed(ticket) -> bool:
    stored = (
        ServiceTicket.objects.filter(pk=ticket.pk).values("priority", "category_id", "client_id", "channel").first()
    )
    return stored is not None and stored != {
        "priority": ticket.priority,
        "category_id": ticket.category_id,
        "client_id": ticket.client_id,
        "channel": ticket.channel,
    }


def _set_next_due(ticket) -> None:
    if ticket.paused_at is not None or ticket.status in DONE or ticket.first_response_due is None:
        ticket.next_due = None
    elif ticket.first_responded_at is None:
        ticket.next_due = ticket.first_response_due
    else:
        ticket.next_due = ticket.resolution_due


def follow_transition(ticket, move, user, reason, values) -> None:
    """Before each move (hooks.py): stop or restart the clock, and stamp resolution and closing. A move may
    give the instant it happened (`at`), as a call logged afterwards does; otherwise it is now."""
    now = values.get("at") or timezone.now()
    policy = ticket.sla_policy if ticket.sla_policy_id else None
    was, will = stopped(policy, ticket.status), stopped(policy, move.target)
    stopped_at = ticket.paused_at if was and ticket.paused_at else now
    if move.target == TicketStatus.RESOLVED:
        ticket.resolved_at = now
        if ticket.resolution_due and stopped_at > ticket.resolution_due:
            ticket.resolution_breached = True
    elif move.target == TicketStatus.CLOSED:
        ticket.closed_at = now
    elif move.target == TicketStatus.OPEN and ticket.status == TicketStatus.RESOLVED:
        ticket.resolved_at = None
    if not was and will:
        ticket.paused_at = now
    elif was and not will:
        if ticket.paused_at is not None and policy is not None:
            ticket.paused_minutes += calendar_for(policy).minutes_between(ticket.paused_at, now)
        ticket.paused_at = None
    status, ticket.status = ticket.status, move.target  # the due times as they will be after the move
    refresh(ticket, now)
    ticket.status = status


def first_response(ticket, now: dt.datetime) -> None:
    """Stamp the first staff reply the client sees (tickets.reply)."""
    if ticket.first_responded_at is not None:
        return
    ticket.first_responded_at = now
    if ticket.first_response_due and now > ticket.first_response_due:
        ticket.first_response_breached = True
    _set_next_due(ticket)


# --- the scheduler's pass --------------------------------------------------------------------
def _running(qs):
    return qs.filter(paused_at__isnull=True, status__in=UNFINISHED)


def _recipient(ticket):
    if ticket.assigned_to_id and ticket.assigned_to.is_active:
        return ticket.assigned_to
    return ticket.team.lead if ticket.team_id and ticket.team.lead_id else None


def check(now: dt.datetime | None = None) -> dict:
    """Reminders before a breach, then breaches and their escalation to the team lead. Idempotent."""
    now = now or timezone.now()
    counts = {"reminded": 0, "breached": 0}
    tickets = _running(ServiceTicket.objects.select_related("assigned_to", "team__lead"))
    for policy in SLAPolicy.objects.all():
        soon = now + dt.timedelta(minutes=policy.reminder_minutes)
        for kind, due, flag in (
            ("response", "first_response_due", "first_response_reminded"),
            ("resolution", "resolution_due", "resolution_reminded"),
        ):
            pending = Q(first_responded_at__isnull=True) if kind == "response" else Q(resolved_at__isnull=True)
            for ticket in tickets.filter(
                pending, sla_policy=policy, **{f"{due}__gt": now, f"{due}__lte": soon, flag: False}
            ):
                if ServiceTicket.objects.filter(pk=ticket.pk, **{flag: False}).update(**{flag: True}) != 1:
                    continue
                counts["reminded"] += 1
                user = _recipient(ticket)
                if user is not None:
                    notify(
                        user,
                        _("SLA due soon: %(name)s %(subject)s") % {"name": ticket.pk, "subject": ticket.subject},
                        _("The %(what)s of %(name)s is due at %(due)s.")
                        % {
                            "what": _("first response") if kind == "response" else _("resolution"),
                            "name": ticket.pk,
                            "due": timezone.localtime(getattr(ticket, due)).strftime("%Y-%m-%d %H:%M"),
                        },
                        doc=ticket,
                        kind="Reminder",
                    )
    for kind, due, flag in (
        ("response", "first_response_due", "first_response_breached"),
        ("resolution", "resolution_due", "resolution_breached"),
    ):
        pending = Q(first_responded_at__isnull=True) if kind == "response" else Q(resolved_at__isnull=True)
        for ticket in tickets.filter(pending, **{f"{due}__lt": now, flag: False}):
            claimed = ServiceTicket.objects.filter(pk=ticket.pk, **{flag: False}).update(
                **{flag: True, "escalated_at": now}
            )
            if claimed != 1:
                continue
            counts["breached"] += 1
            _escalate(ticket, kind, getattr(ticket, due))
    return counts


def _escalate(ticket, kind: str, due: dt.datetime) -> None:
    lead = ticket.team.lead if ticket.team_id and ticket.team.lead_id else None
    if lead is None:
        return
    with session.acting_as(session.SYSTEM_USER):
        notify(
            lead,
            _("SLA breached: %(name)s %(subject)s") % {"name": ticket.pk, "subject": ticket.subject},
            _("The %(what)s of %(name)s was due at %(due)s; assigned to %(who)s.")
            % {
                "what": _("first response") if kind == "response" else _("resolution"),
                "name": ticket.pk,
                "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
                "who": ticket.assigned_to.get_username() if ticket.assigned_to_id else _("nobody"),
            },
            doc=ticket,
            kind="Alert",
        )


def attainment(qs) -> dict:
    """First-response and resolution attainment of finished measurements in `qs`, as counts."""
    responded = qs.filter(first_responded_at__isnull=False)
    resolved = qs.filter(resolved_at__isnull=False)
    return {
        "responded": responded.count(),
        "response_met": responded.filter(first_response_breached=False).count(),
        "resolved": resolved.count(),
        "resolution_met": resolved.filter(resolution_breached=False).count(),
    }
