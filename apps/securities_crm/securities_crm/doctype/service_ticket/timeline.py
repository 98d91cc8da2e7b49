"""The timeline's service tickets, when they were opened."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import ServiceTicket


@timeline_source(ServiceTicket)
def tickets(user, client, limit):
    rows = readable(user, ServiceTicket.objects.filter(client=client)).order_by("-creation")[:limit]
    return [
        Event(r.creation, str(ServiceTicket._meta.verbose_name), r.subject, link(r), r.get_status_display())
        for r in rows
    ]
