"""Around an event's date: reminders the day before and an hour before, and what follows its end.

Both run on the schedule (tasks/schedule.py) and are idempotent: reminders go through the outbox under
one key per registration and kind, and an event's after-event work is done once, under its row lock,
recorded by `Event.ended_at`: follow-up Care Tasks for the attendees who asked to be contacted (keyed
per registration), then the app event `event_ended(event, attendee client ids)`, which feedback's
post-event survey follows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import hooks
from ..doctype.care_rule.model import CareKind
from ..doctype.event.model import Event, EventStatus
from ..doctype.event_registration.model import EventRegistration, RegistrationStatus
from ..service import care
from .events import tell

DAY, HOUR = dt.timedelta(days=1), dt.timedelta(hours=1)


def _when(event) -> str:
    return timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")


def send_reminders(now=None) -> dict:
    """Remind the registered of events starting within a day ("day") and within an hour ("hour").
    A registration made inside the last hour gets only the hour's reminder."""
    now = now or timezone.now()
    counts = {"day": 0, "hour": 0}
    upcoming = Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + DAY)
    for event in upcoming:
        kind = "hour" if event.starts_at <= now + HOUR else "day"
        subject = (_("Starting within the hour: %(event)s") if kind == "hour" else _("Tomorrow: %(event)s")) % {
            "event": event.event_name
        }
        body = _("%(event)s starts at %(when)s. Show your check-in code from the portal at the door.") % {
            "event": event.event_name,
            "when": _when(event),
        }
        registered = EventRegistration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
        for reg in registered.select_related("client"):
            if tell(reg.client, f"event-remind-{kind}:{reg.pk}", subject, body, reg) is not None:
                counts[kind] += 1
    return counts


def finish_ended(now=None) -> list[str]:
    """Do the after-event work of each published event that has ended, once; returns the events done."""
    now = now or timezone.now()
    done = []
    for pk in Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__lte=now, ended_at__isnull=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            if event.ended_at is not None:
                continue  # another run finished it meanwhile
            attended = EventRegistration.objects.filter(event=event, status=RegistrationStatus.ATTENDED)
            for reg in attended.filter(wants_contact=True).select_related("client"):
                care.make_task(
                    None,
                    reg.client,
                    f"event:{reg.pk}",
                    timezone.localdate(now) + dt.timedelta(days=3),
                    _("Follow up after %(event)s: the client asked to be contacted") % {"event": event.event_name},
                    kind=CareKind.MANUAL,
                    source=reg,
                )
            event.ended_at = now
            event.save()
            hooks.fire("event_ended", event, sorted(attended.values_list("client_id", flat=True)))
            done.append(event.pk)
    return done


def attendance(event, now=None) -> dict:
    """The event's counts: seats, who holds one, who came, the waitlist, and (once it is over) the no-shows,
    who registered and never checked in."""
    now = now or timezone.now()
    by_status = dict(
        EventRegistration.objects.filter(event=event).values_list("status").annotate(n=Count("pk")).order_by()
    )
    registered = by_status.get(RegistrationStatus.REGISTERED, 0)
    attended = by_status.get(RegistrationStatus.ATTENDED, 0)
    return {
        "capacity": event.capacity,
        "seats_taken": registered + attended,
        "registered": registered,
        "attended": attended,
        "waitlisted": by_status.get(RegistrationStatus.WAITLISTED, 0),
        "cancelled": by_status.get(RegistrationStatus.CANCELLED, 0),
        "no_shows": registered if event.ends_at <= now else 0,
    }
