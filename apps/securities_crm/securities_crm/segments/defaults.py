"""Load the default Segments from fixtures/segments.json (idempotent: existing names are left as tuned)."""

import json
from pathlib import Path

from ..doctype.segment.model import Segment

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "segments.json"


def rows() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["segments"]


def load() -> int:
    """Create the segments whose names do not exist yet; returns how many were created."""
    have = set(Segment.objects.values_list("segment_name", flat=True))
    created = 0
    for row in rows():
        if row["segment_name"] in have:
            continue
        Segment(**row).save()  # checked like any other: a default that no longer fits fails loudly
        created += 1
    return created
