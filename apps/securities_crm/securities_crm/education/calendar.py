"""The event as an iCalendar file (RFC 5545), for "add to calendar": one VEVENT per session (or one for
the whole event when it has none), with the place or the link. Built with the icalendar library."""

from __future__ import annotations

from icalendar import Calendar
from icalendar import Event as VEvent

from ..doctype.event.model import Event

PRODID = "-//Securities CRM//Events//ZH"


def ics(event: Event, registration=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    sessions = list(event.sessions.all()) or [None]
    for session in sessions:
        item = VEvent()
        uid = f"{event.pk}-{session.pk if session else 0}"
        item.add(
            "uid", f"{uid}-{registration.pk}@securities-crm" if registration is not None else f"{uid}@securities-crm"
        )
        title = event.event_name + (f" · {session.title}" if session is not None and session.title else "")
        item.add("summary", title)
        item.add("dtstart", session.starts_at if session else event.starts_at)
        item.add("dtend", session.ends_at if session else event.ends_at)
        item.add("dtstamp", event.modified)
        place = session.place if session else ""
        link = session.link if session else ""
        if place or link:
            item.add("location", place or link)
        if link:
            item.add("url", link)
        description = "\n\n".join(x for x in (event.speakers, event.agenda or event.description) if x)
        if description:
            item.add("description", description)
        cal.add_component(item)
    return cal.to_ical()
