"""Improvement Actions: their links checked, and their effect measured.

The effect is the score of the group the action names (all responses, or a segment, branch, channel or
comment topic) over WINDOW_DAYS before the day it was completed and WINDOW_DAYS from that day on, each
with its n and marked insufficient below the minimum sample. Windows of equal length keep a season or a
campaign long ago from weighing on one side only. An action not done yet has no "after".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.improvement_action.model import Scope
from ..doctype.survey_response.model import SurveyResponse
from . import analysis, reports, text

WINDOW_DAYS = 90


def check_links(action) -> None:
    """validate (hooks.py): the responses named exist, and the topics are the comment analysis's."""
    names = list(action.responses or [])
    if names:
        found = set(SurveyResponse.objects.filter(pk__in=names).values_list("pk", flat=True))
        missing = [n for n in names if n not in found]
        if missing:
            raise ValidationError(
                {"responses": _("Survey Response %(names)s was not found.") % {"names": ", ".join(missing)}}
            )
    known = list(text.lexicon()["topics"])
    unknown = [t for t in action.topics or [] if t not in known]
    if unknown:
        raise ValidationError(
            {
                "topics": _("Unknown topic %(topics)s; choose from %(known)s.")
                % {"topics": ", ".join(unknown), "known": ", ".join(known)}
            }
        )
    if action.scope == Scope.TOPIC and action.scope_value not in known:
        raise ValidationError({"scope_value": _("Choose a topic from %(known)s.") % {"known": ", ".join(known)}})


@dataclass(frozen=True)
class Effect:
    before: analysis.Score
    after: analysis.Score | None  # None until the action is done
    since: dt.date | None

    @property
    def change(self) -> float | None:
        if self.after is None or self.before.value is None or self.after.value is None:
            return None
        return round(self.after.value - self.before.value, 2)


def in_group(action, row: analysis.Row) -> bool:
    if action.scope == Scope.ALL:
        return True
    dim = "topic" if action.scope == Scope.TOPIC else action.scope
    return action.scope_value in analysis._values(row, dim)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def effect(action, responses=None, today: dt.date | None = None, min_sample: int | None = None) -> Effect:
    """The action's group score before and after its completion (see the module's docstring)."""
    min_sample = reports.min_sample() if min_sample is None else min_sample
    since = action.completed_on
    end = since or today or timezone.localdate()
    start = end - dt.timedelta(days=WINDOW_DAYS)
    queryset = responses if responses is not None else SurveyResponse.objects.all()
    # bounds as aware datetimes, not __date lookups: MariaDB without time zone tables cannot convert those
    queryset = queryset.filter(submitted_at__gte=_midnight(start))
    if since is not None:
        queryset = queryset.filter(submitted_at__lt=_midnight(since + dt.timedelta(days=WINDOW_DAYS)))
    rows = [r for r in reports.rows(queryset) if in_group(action, r) and r.on is not None]
    if since is None:
        return Effect(analysis.score(rows, action.metric, min_sample), None, None)
    before, after = analysis.before_after(rows, action.metric, since, min_sample)
    return Effect(before, after, since)
