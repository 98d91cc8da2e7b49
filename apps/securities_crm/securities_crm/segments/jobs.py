"""The segment job: after the nightly profiles are written, every enabled segment is refreshed
(memberships, snapshots, automatic tags). Idempotent: a rerun on the same day changes nothing."""

from __future__ import annotations

import datetime as dt

from ..core import jobs
from . import membership


def refresh_all(as_of: str | None = None) -> dict[str, dict]:
    """Refresh every enabled segment as of a day (ISO date; today by default), reporting progress."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    chosen = list(membership.Segment.objects.filter(enabled=True).order_by("segment_name"))
    out: dict[str, dict] = {}
    for i, segment in enumerate(chosen):
        jobs.set_progress(i, len(chosen), segment.segment_name)
        result = membership.refresh_segments(day, [segment])[segment.segment_name]
        out[segment.segment_name] = {"members": result.members, "entered": result.entered, "left": result.left}
    jobs.set_progress(len(chosen), len(chosen))
    return out


def after_profiles(*args, **kwargs) -> None:
    """Called when the nightly profile job has written every profile: refresh the segments on `long`."""
    jobs.enqueue(refresh_all, queue="long", job_id="segments-refresh")
