"""The client 360 page's timeline: everything that happened to the client, newest first, in pages.

Each DocType folder adds what it knows in its timeline.py, with one decorator (core.discovery's
autodiscover("timeline") loads them from AppConfig.ready), so a DocType added later (events, surveys)
joins the timeline by adding its own file:

    @timeline_source(ClientInteraction)
    def interactions(user, client, limit):
        rows = readable(user, ClientInteraction.objects.filter(client=client)).order_by("-occurred_at")[:limit]
        return [Event(r.occurred_at, _("Interaction"), r.subject, link(r)) for r in rows]

A source returns at most `limit` events, newest first, read through the record rules (`readable`), and
is asked only when the user may read its DocType. The page merges the sources' streams and cuts out one
page: each source reads only as many of its newest rows as the page needs, through its (client, time)
index, so a client with years of trades costs what a new one does.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ..permissions import policy

PER_PAGE = 20


@dataclass(frozen=True)
class Event:
    when: dt.datetime
    kind: str  # what happened, as a label: 沟通记录, 风险测评, 成交汇总, ...
    title: str
    url: str = ""
    detail: str = ""
    whole_day: bool = False  # a day's summary: shown by its date alone


Source = Callable[..., list[Event]]
SOURCES: list[tuple[type, Source]] = []


def timeline_source(model):
    """Register `fn(user, client, limit) -> [Event]` as the timeline's source of `model`'s records."""

    def wrap(fn):
        SOURCES.append((model, fn))
        return fn

    return wrap


def readable(user, queryset):
    return policy.filter_queryset(user, queryset, "read")


def link(obj) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def at_day_end(day: dt.date) -> dt.datetime:
    """A day's summary sorts at the end of that day, local time (after the day's own events)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def as_moment(value) -> dt.datetime:
    """Dates (a due date, a completion day) sort as the start of their day."""
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def page(user, client, number: int = 1, per_page: int = PER_PAGE) -> tuple[list[Event], bool]:
    """One page of the client's timeline as `user` may see it, and whether there is a next page."""
    number = max(number, 1)
    need = number * per_page + 1
    streams = [fn(user, client, need) for model, fn in SOURCES if policy.has_right(user, "read", model)]
    merged = heapq.merge(*streams, key=lambda e: as_moment(e.when), reverse=True)
    rows = list(itertools.islice(merged, (number - 1) * per_page, need))
    return rows[:per_page], len(rows) > per_page
