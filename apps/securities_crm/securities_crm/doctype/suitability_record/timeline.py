"""The timeline's suitability records: each confirmed check, with its product and result."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import SuitabilityRecord


@timeline_source(SuitabilityRecord)
def suitability(user, client, limit):
    rows = (
        readable(user, SuitabilityRecord.objects.filter(client=client))
        .select_related("product", "service_offering")
        .order_by("-confirmed_at")[:limit]
    )
    return [
        Event(
            r.confirmed_at,
            str(SuitabilityRecord._meta.verbose_name),
            " · ".join(str(x) for x in (r.product or r.service_offering, r.get_result_display()) if x),
            link(r),
        )
        for r in rows
    ]
