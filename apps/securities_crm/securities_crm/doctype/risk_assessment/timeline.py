"""The timeline's risk assessments, at the time they were created."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import RiskAssessment


@timeline_source(RiskAssessment)
def assessments(user, client, limit):
    rows = readable(user, RiskAssessment.objects.filter(client=client)).order_by("-creation")[:limit]
    return [
        Event(
            r.creation,
            str(RiskAssessment._meta.verbose_name),
            " · ".join(str(x) for x in (r.pk, r.get_status_display(), r.risk_level) if x),
            link(r),
        )
        for r in rows
    ]
