"""The record's sources for content and tests (plug-ins of record.py, loaded by autodiscover).

"content": each item a client read to the end (or acknowledged), on the day they finished, with the time
spent. "test": each passed knowledge test, on the day it was submitted, with the time it took.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..doctype.content_read.model import ContentRead
from ..doctype.knowledge_test_attempt.model import KnowledgeTestAttempt
from . import record


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _dated(rows, field: str, client_ids, start, end):
    """Rows for these clients whose `field` falls on the dates, as local days. Compared as instants, not
    with __date: MySQL converts zones in SQL only when its zone tables are loaded."""
    if client_ids is not None:
        rows = rows.filter(client_id__in=list(client_ids))
    if start is not None:
        rows = rows.filter(**{f"{field}__gte": _midnight(start)})
    if end is not None:
        rows = rows.filter(**{f"{field}__lt": _midnight(end + dt.timedelta(days=1))})
    return rows


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@record.source("content")
def items_read(client_ids, start, end):
    rows = _dated(ContentRead.objects.filter(read_to_end=True), "finished_at", client_ids, start, end)
    for r in rows.select_related("content").order_by("finished_at", "pk").iterator():
        yield record.Activity(
            client_id=r.client_id,
            on=_day(r.finished_at),
            source="content",
            kind=r.content.kind,
            channel=r.channel,
            title=r.content.title,
            hours=round(r.seconds_spent / 3600, 2),
            doctype="Education Content",
            name=r.content_id,
        )


@record.source("test")
def tests_passed(client_ids, start, end):
    rows = _dated(KnowledgeTestAttempt.objects.filter(passed=True), "submitted_at", client_ids, start, end)
    for a in rows.select_related("test").order_by("submitted_at", "pk").iterator():
        yield record.Activity(
            client_id=a.client_id,
            on=_day(a.submitted_at),
            source="test",
            kind=a.test.purpose,
            channel="Portal",
            title=f"{a.test.title} (v{a.test_version})",
            hours=round((a.submitted_at - a.started_at).total_seconds() / 3600, 2),
            doctype="Knowledge Test Attempt",
            name=a.name,
        )
