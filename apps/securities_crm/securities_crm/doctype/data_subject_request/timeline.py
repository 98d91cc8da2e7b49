"""The timeline's data-subject requests (PIPL): access, correction, deletion."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import DataSubjectRequest


@timeline_source(DataSubjectRequest)
def requests(user, client, limit):
    rows = readable(user, DataSubjectRequest.objects.filter(client=client)).order_by("-creation")[:limit]
    return [
        Event(
            r.creation,
            str(DataSubjectRequest._meta.verbose_name),
            f"{r.get_request_type_display()} · {r.get_status_display()}",
            link(r),
        )
        for r in rows
    ]
