"""The investor-education record: every education activity of a client, from whichever module holds it.

A broker reports its investor-education work per client (items read, tests passed, events attended,
hours) and for the firm over a period (activities and participants by channel and kind). The facts live
in different DocTypes (reads, test attempts, event registrations), so each source registers a function
here, in its own `education_record.py` plug-in (found by `core.discovery.autodiscover`):

    from ..education import record

    @record.source("event")
    def attended(client_ids, start, end):
        ...  # yields record.Activity rows

`activities()` asks every source; the per-client record and the firm's statistics are built on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

# A source answers for some clients (None: all) between two dates (inclusive; None: unbounded).
Source = Callable[[Iterable[int] | None, date | None, date | None], Iterable["Activity"]]

_sources: dict[str, Source] = {}


@dataclass(frozen=True)
class Activity:
    """One education activity of one client, in the record's common shape."""

    client_id: int
    on: date  # when it happened (read, passed, attended)
    source: str  # the registering source: "content", "test", "event"
    kind: str  # the item's kind as stored (e.g. "Risk Notice", "Lecture"); shown translated
    channel: str  # where it happened as stored (e.g. "Portal", "App", "Branch", "Online")
    title: str
    hours: float = 0.0  # time spent, for the hours the record reports
    doctype: str = ""  # the document it comes from, for a link
    name: str = ""


def source(key: str) -> Callable[[Source], Source]:
    """Register a source of activities under `key` (one per key; re-registering replaces it)."""

    def register(fn: Source) -> Source:
        _sources[key] = fn
        return fn

    return register


def sources() -> dict[str, Source]:
    return dict(_sources)


def activities(
    client_ids: Iterable[int] | None = None, start: date | None = None, end: date | None = None
) -> Iterator[Activity]:
    """Every registered source's activities, for these clients and dates, source by source."""
    ids = None if client_ids is None else list(client_ids)
    for key in sorted(_sources):
        yield from _sources[key](ids, start, end)
