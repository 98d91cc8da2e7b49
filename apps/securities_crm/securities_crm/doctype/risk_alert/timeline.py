"""The timeline's alerts, for the roles that may read alerts. They are read through the record rules,
so AML alerts appear to Compliance only and leave no trace for anyone else."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import RiskAlert


@timeline_source(RiskAlert)
def alerts(user, client, limit):
    rows = readable(user, RiskAlert.objects.filter(client=client)).order_by("-creation")[:limit]
    return [
        Event(
            r.creation, str(RiskAlert._meta.verbose_name), f"{r.pk} · {r.summary_text}", link(r), r.get_status_display()
        )
        for r in rows
    ]
