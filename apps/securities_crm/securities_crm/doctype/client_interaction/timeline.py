"""The timeline's interactions: calls, visits and messages with the client."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import ClientInteraction


@timeline_source(ClientInteraction)
def interactions(user, client, limit):
    rows = readable(user, ClientInteraction.objects.filter(client=client)).order_by("-occurred_at")[:limit]
    return [
        Event(
            r.occurred_at,
            str(ClientInteraction._meta.verbose_name),
            r.subject,
            link(r),
            r.get_interaction_type_display(),
        )
        for r in rows
    ]
