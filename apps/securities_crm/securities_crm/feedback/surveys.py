"""Survey versions: a survey that has answers is copied, never edited, so old answers keep their questions."""

from __future__ import annotations

import copy

from django.db import transaction
from django.db.models import Max

from ..doctype.survey.model import Survey, SurveyStatus


def new_version(survey: Survey) -> Survey:
    """The next version of `survey` (the highest of its name plus one), a Draft with the same questions
    and audience. The old version keeps its status and its responses."""
    with transaction.atomic():
        # two editors racing for the same number meet the (survey_name, version) constraint
        top = Survey.objects.filter(survey_name=survey.survey_name).aggregate(v=Max("version"))["v"] or survey.version
        copied = Survey(
            survey_name=survey.survey_name,
            version=top + 1,
            previous_version=survey,
            status=SurveyStatus.DRAFT,
            trigger=survey.trigger,
            segment=survey.segment,
            schedule=survey.schedule,
            intro_zh=survey.intro_zh,
            intro_en=survey.intro_en,
            questions=copy.deepcopy(survey.questions),
        )
        copied.save()
    return copied


def open_for(trigger: str) -> Survey | None:
    """The open survey a trigger sends (the newest version when several are open)."""
    return Survey.objects.filter(trigger=trigger, status=SurveyStatus.OPEN).order_by("-version", "-creation").first()
