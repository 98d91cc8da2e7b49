"""Closing the loop on a low score: a detractor (NPS 0–6) or a CSAT of 1 or 2 gives the client's manager
a follow-up Care Task due by the end of tomorrow (within 48 hours).

The task's dedup_key names the response's occasion (its survey and context, or the response itself),
so submitting the same answers again, or saving the response again, never makes a second task.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.care_rule.model import CareKind
from ..doctype.survey import questions as q
from ..service import care

CSAT_LOW = 2  # a CSAT at or below this is followed up


def needs_follow_up(response) -> bool:
    return q.nps_category(response.nps_score) == q.DETRACTOR or (
        response.csat_score is not None and response.csat_score <= CSAT_LOW
    )


def follow_up(response):
    """The follow-up task for a low score, once per response occasion (None when none is needed or it exists)."""
    if not needs_follow_up(response):
        return None
    score = (
        _("NPS %(score)d") % {"score": response.nps_score}
        if response.nps_score is not None and response.nps_score <= 6
        else _("CSAT %(score)d") % {"score": response.csat_score}
    )
    return care.make_task(
        None,
        response.client,
        f"feedback:{response.dedup_key or response.pk}",
        timezone.localdate() + dt.timedelta(days=1),
        _("Follow up on feedback: %(score)s from %(client)s (%(response)s)")
        % {"score": score, "client": response.client.client_name, "response": response.pk},
        kind=CareKind.FEEDBACK,
        source=response,
    )
