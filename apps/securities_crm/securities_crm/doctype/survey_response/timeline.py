"""The timeline's survey responses: what the client answered, with the score, when they submitted it."""

from ...desk.timeline import Event, link, readable, timeline_source
from .model import SurveyResponse


def _score(r: SurveyResponse) -> str:
    parts = [
        f"{k} {v}" for k, v in (("NPS", r.nps_score), ("CSAT", r.csat_score), ("CES", r.ces_score)) if v is not None
    ]
    return " · ".join(parts)


@timeline_source(SurveyResponse)
def survey_responses(user, client, limit):
    rows = (
        readable(user, SurveyResponse.objects.filter(client=client).select_related("survey"))
        .exclude(submitted_at=None)
        .order_by("-submitted_at")[:limit]
    )
    return [
        Event(r.submitted_at, str(SurveyResponse._meta.verbose_name), r.survey.survey_name, link(r), _score(r))
        for r in rows
    ]
