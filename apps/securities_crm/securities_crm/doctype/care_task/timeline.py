"""The timeline's care tasks (回访 and other follow-ups), when they were created."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import CareTask


@timeline_source(CareTask)
def care_tasks(user, client, limit):
    rows = readable(user, CareTask.objects.filter(client=client)).order_by("-creation")[:limit]
    return [
        Event(r.creation, str(CareTask._meta.verbose_name), r.subject, link(r), r.get_status_display()) for r in rows
    ]
