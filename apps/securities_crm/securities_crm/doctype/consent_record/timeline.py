"""The timeline's consents: each one given or withdrawn."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import ConsentRecord


@timeline_source(ConsentRecord)
def consents(user, client, limit):
    rows = readable(user, ConsentRecord.objects.filter(client=client)).order_by("-recorded_at")[:limit]
    return [
        Event(
            r.recorded_at,
            str(ConsentRecord._meta.verbose_name),
            f"{r.get_consent_type_display()} · {r.get_action_display()}",
            link(r),
        )
        for r in rows
    ]
