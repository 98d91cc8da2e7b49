"""The "event" source of the investor-education record: each event a client attended, with the hours of
its sessions (the event's own length when it has none), online when every session is online."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from ...education import record
from ..event_registration.model import EventRegistration, RegistrationStatus
from ..event_session.model import EventSession
from .model import Event


def _shape(event: Event, sessions: list[EventSession]) -> tuple[float, str]:
    if not sessions:
        return (event.ends_at - event.starts_at).total_seconds() / 3600, "Offline"
    hours = sum(s.hours for s in sessions)
    return hours, "Online" if all(s.online for s in sessions) else "Offline"


@record.source("event")
def attended(client_ids, start, end):
    regs = EventRegistration.objects.filter(status=RegistrationStatus.ATTENDED).select_related("event")
    if client_ids is not None:
        regs = regs.filter(client_id__in=list(client_ids))
    if start is not None:
        regs = regs.filter(event__starts_at__date__gte=start)
    if end is not None:
        regs = regs.filter(event__starts_at__date__lte=end)
    regs = list(regs.order_by("event__starts_at", "pk"))
    sessions = defaultdict(list)
    for s in EventSession.objects.filter(event_id__in={r.event_id for r in regs}):
        sessions[s.event_id].append(s)
    for reg in regs:
        event = reg.event
        hours, channel = _shape(event, sessions[event.pk])
        yield record.Activity(
            client_id=reg.client_id,
            on=timezone.localtime(reg.checked_in_at or event.starts_at).date(),
            source="event",
            kind=event.kind,
            channel=channel,
            title=event.event_name,
            hours=round(hours, 2),
            doctype="Event",
            name=event.pk,
        )
