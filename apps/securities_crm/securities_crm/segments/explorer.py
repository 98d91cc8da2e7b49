"""What the segment explorer shows, as plain data: the snapshots over time, the members (filtered, within
the viewer's record rules), and who entered and who left in a week. The desk page renders it and the CSV
export writes it; both call these functions so the page and the file always agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats

from ..doctype.segment.model import Segment
from ..doctype.segment_membership.model import SegmentMembership
from ..doctype.segment_snapshot.model import SegmentSnapshot
from ..permissions import policy
from . import catalogue


@dataclass
class Filters:
    tier: str = ""
    branch: str = ""
    search: str = ""
    entered_since: dt.date | None = None
    include_left: bool = False

    @classmethod
    def from_query(cls, params) -> Filters:
        since = None
        text = (params.get("entered_since") or "").strip()
        if text:
            try:
                since = dt.date.fromisoformat(text)
            except ValueError:
                since = None
        return cls(
            tier=(params.get("tier") or "").strip(),
            branch=(params.get("branch") or "").strip(),
            search=(params.get("q") or "").strip()[:60],
            entered_since=since,
            include_left=params.get("include_left") in ("1", "on", "true"),
        )


def history(segment: Segment, days: int = 180, tier: str = "") -> list[SegmentSnapshot]:
    """The segment's daily snapshots (whole segment, or one rung), oldest first."""
    rows = SegmentSnapshot.objects.filter(segment=segment, tier=tier).order_by("-date")[:days]
    return list(reversed(rows))


def members(user, segment: Segment, filters: Filters):
    """Memberships the viewer may read, filtered; current ones unless asked for past stays too."""
    qs = policy.filter_queryset(user, SegmentMembership.objects.filter(segment=segment), "read")
    if not filters.include_left:
        qs = qs.filter(left_on__isnull=True)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.branch:
        qs = qs.filter(client__branch_id=filters.branch)
    if filters.search:
        qs = qs.filter(Q(client__client_name__icontains=filters.search) | Q(client_id=filters.search))
    if filters.entered_since:
        qs = qs.filter(entered_on__gte=filters.entered_since)
    return qs.select_related("client", "client__branch", "client__client_manager").order_by("-entered_on", "client_id")


def week(user, segment: Segment, today: dt.date):
    """Who entered and who left in the seven days up to `today`, within the viewer's record rules."""
    start = today - dt.timedelta(days=6)
    qs = policy.filter_queryset(user, SegmentMembership.objects.filter(segment=segment), "read").select_related(
        "client"
    )
    entered = qs.filter(entered_on__gte=start, entered_on__lte=today).order_by("-entered_on", "client_id")
    left = qs.filter(left_on__gte=start, left_on__lte=today).order_by("-left_on", "client_id")
    return start, entered, left


def _value(entry, value) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "-"
    if isinstance(value, bool) or value is None:
        return formats.localize(value) if value is not None else "-"
    if isinstance(value, (int, float)):
        whole = float(value).is_integer()
        return formats.number_format(value, 0 if whole else 2, use_l10n=True, force_grouping=True)
    field = entry.field if entry is not None else None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def why_text(why: dict | None) -> str:
    """A membership's why on one line, in the reader's language: "资产规模：6,000,000，状态：正常".

    Stored with the rule's field names and raw values (so it can be compared and exported); labels,
    choices and number grouping are applied only when shown."""
    parts = []
    for key, value in (why or {}).items():
        entry = catalogue.get(key)
        label = (
            SegmentMembership._meta.get_field("tier").verbose_name if key == "tier" else getattr(entry, "label", key)
        )
        parts.append(f"{label}: {_value(entry, value)}")
    return "; ".join(parts)
