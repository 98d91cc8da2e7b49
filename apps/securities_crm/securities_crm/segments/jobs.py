"""Segments after profiles: the `after_profiles` app event (hooks.py) calls `after_profiles` once the
nightly profile job has written every profile (client_ids None: every segment for every client), and
after a refresh of the clients an ingestion batch touched (only those clients' memberships move).
Idempotent: a rerun on the same day changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..core import jobs
from ..doctype.segment.model import Segment
from . import membership

CHUNK = 2000  # clients per query in a partial refresh (SQLite binds at most 32,766 parameters)


def refresh_all(as_of: str | None = None) -> dict[str, dict]:
    """Refresh every enabled segment as of a day (ISO date; today by default), reporting progress."""
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    chosen = list(Segment.objects.filter(enabled=True).order_by("segment_name"))
    out: dict[str, dict] = {}
    for i, segment in enumerate(chosen):
        jobs.set_progress(i, len(chosen), segment.segment_name)
        result = membership.refresh_segment(segment, day)
        out[segment.segment_name] = {"members": result.members, "entered": result.entered, "left": result.left}
    jobs.set_progress(len(chosen), len(chosen))
    return out


def refresh_named(names: list[str], as_of: str | None = None) -> dict[str, dict]:
    """Refresh the named segments now (the desk's action, after a rule was edited)."""
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    out = {}
    for segment in Segment.objects.filter(pk__in=names, enabled=True).order_by("segment_name"):
        result = membership.refresh_segment(segment, day)
        out[segment.segment_name] = {"members": result.members, "entered": result.entered, "left": result.left}
    return out


def after_profiles(client_ids, as_of: dt.date) -> None:
    """The profiles of `client_ids` (None: everyone) were written as of `as_of`: move the memberships.
    It runs inside the profile job that fired it, so the nightly job ends with segments up to date."""
    if client_ids is None:
        refresh_all(as_of.isoformat())
        return
    ids = sorted(set(client_ids))
    # The snapshot (count and AUM of each whole segment) once at the end, not after every chunk: at a
    # million members each costs an aggregate over the segment.
    for start in range(0, len(ids), CHUNK):
        membership.refresh_segments(as_of, clients=ids[start : start + CHUNK], snapshot=False)
    if ids:
        membership.snapshot_segments(as_of)
