"""Load the default Surveys from fixtures/surveys.json (idempotent: a name that exists is left as tuned).

A scheduled survey starts as if it had just run, so loading the defaults never surveys a whole segment
at once: it first goes out when its cron expression next comes round."""

import json
from pathlib import Path

from django.utils import timezone

from ..doctype.segment.model import Segment
from ..doctype.survey.model import Survey

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "surveys.json"


def rows() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["surveys"]


def load() -> int:
    """Create the surveys whose names do not exist yet; returns how many were created."""
    have = set(Survey.objects.values_list("survey_name", flat=True))
    created = 0
    for row in rows():
        if row["survey_name"] in have:
            continue
        values = dict(row)
        if values.get("segment"):
            values["segment"] = Segment.objects.filter(segment_name=values["segment"]).first()
            if values["segment"] is None:
                continue  # its segment is not loaded here
        Survey(**values, last_run_at=timezone.now() if values.get("schedule") else None).save()
        created += 1
    return created
