"""Who is in each segment, materialised with its history: `refresh_segments(as_of)`.

For each enabled segment the rule (or each rung of a ladder) is one query over Client. Then:

- a client who is now in and has no open row gets a new Segment Membership, entered on `as_of`, whose
  `why` holds the values of the fields the rule reads (and the tags it tests) at that moment;
- an open row whose client is no longer in (or is on another rung) is closed, left on `as_of`;
- a client still in is left alone: a rerun changes nothing, and the stored `why` stays the entry's;
- a client who comes back gets a new row, so the history keeps every stay.

Then the day's Segment Snapshot (members and their AUM) and the automatic Client Tags of segments that
tag their members. Clients whose processing is restricted (PIPL Art. 47) are in no segment: their data
is kept for legal obligations only. Idempotent: rerunning a day gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from ..core import session
from ..doctype.client.model import Client
from ..doctype.client_tag.model import ClientTag, TagSource
from ..doctype.segment.model import Segment, SegmentKind
from ..doctype.segment_membership.model import SegmentMembership
from ..doctype.segment_snapshot.model import SegmentSnapshot
from . import catalogue, rules, tiers

BATCH = 2000


@dataclass
class Outcome:
    entered: int = 0
    left: int = 0
    members: int = 0
    tiers: dict[str, int] = field(default_factory=dict)


def population():
    """The clients segments may hold: all but those whose processing is restricted."""
    return Client.objects.filter(processing_restricted=False)


def jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def targets(segment: Segment, base=None) -> dict[str, tuple[str, dict]]:
    """{client: (rung, why)} for everyone the segment holds now (rung "" for a rule segment)."""
    base = population() if base is None else base
    if segment.kind == SegmentKind.TIER:
        ladder = tiers.read(segment.parameters)
        node = rules.check(segment.rule, segment.parameters, required=False)
        scoped = base.filter(rules.to_q(node))
        read = [ladder.entry, *[e for e in rules.fields_read(node) if e.name != ladder.entry.name]]
        parts = [(name, scoped.filter(q)) for name, q in tiers.rung_qs(ladder)]
    else:
        node = rules.check(segment.rule, segment.parameters)
        read = rules.fields_read(node)
        parts = [("", base.filter(rules.to_q(node)))]
    tested = rules.tags_tested(node)
    out: dict[str, tuple[str, dict]] = {}
    for rung, qs in parts:
        for row in qs.values("pk", *[e.path for e in read]).order_by():
            why = {e.name: jsonable(row[e.path]) for e in read}
            if rung:
                why["tier"] = rung
            out[row["pk"]] = (rung, why)
    if tested and out:
        has: dict[str, list[str]] = {}
        for client, tag in ClientTag.objects.filter(tag__in=tested, client_id__in=list(out)).values_list(
            "client_id", "tag"
        ):
            has.setdefault(client, []).append(tag)
        for client, (_rung, why) in out.items():
            why[catalogue.TAGS] = sorted(set(has.get(client, [])))
    return out


def _stamp(row, now, user):
    row.creation = row.modified = now
    row.owner = row.modified_by = user
    return row


def refresh_segment(segment: Segment, as_of: dt.date, clients=None) -> Outcome:
    """Bring one segment's memberships, snapshot and automatic tags to `as_of` (in one transaction).
    With `clients`, only those clients' rows are looked at (the refresh after an ingestion batch):
    nobody else's membership is opened or closed."""
    now, user = timezone.now(), session.get_user()
    base = population() if clients is None else population().filter(pk__in=list(clients))
    want = targets(segment, base)
    outcome = Outcome(members=len(want))
    with transaction.atomic():
        rows = SegmentMembership.objects.filter(segment=segment, left_on__isnull=True)
        if clients is not None:
            rows = rows.filter(client_id__in=list(clients))
        open_rows = {client: (pk, tier) for pk, client, tier in rows.values_list("pk", "client_id", "tier")}
        closing = [pk for client, (pk, tier) in open_rows.items() if client not in want or want[client][0] != tier]
        for start in range(0, len(closing), BATCH):
            SegmentMembership.objects.filter(pk__in=closing[start : start + BATCH]).update(
                left_on=as_of, modified=now, modified_by=user
            )
        staying = {c for c, (_pk, tier) in open_rows.items() if c in want and want[c][0] == tier}
        entering = [
            _stamp(SegmentMembership(segment=segment, client_id=c, tier=rung, entered_on=as_of, why=why), now, user)
            for c, (rung, why) in want.items()
            if c not in staying
        ]
        SegmentMembership.objects.bulk_create(entering, batch_size=BATCH)
        outcome.entered, outcome.left = len(entering), len(closing)
        for rung, _why in want.values():
            if rung:
                outcome.tiers[rung] = outcome.tiers.get(rung, 0) + 1
        _snapshot(segment, as_of, now, user)
        _follow_tags(segment, want, now, user, clients)
    return outcome


def _snapshot(segment: Segment, as_of: dt.date, now, user) -> None:
    """The day's count and AUM, for the whole segment (tier "") and for each rung of a ladder."""
    current = SegmentMembership.objects.filter(segment=segment, left_on__isnull=True)
    aum_path = catalogue.profile_path("aum")
    figures = {"": current}
    if segment.kind == SegmentKind.TIER:
        figures |= {name: current.filter(tier=name) for name in tiers.read(segment.parameters).names}
    for tier, qs in figures.items():
        count = qs.count()
        aum = qs.aggregate(total=Sum(f"client__{aum_path}"))["total"] if aum_path else None
        SegmentSnapshot.objects.update_or_create(
            segment=segment,
            date=as_of,
            tier=tier,
            defaults={"count": count, "aum": aum or 0, "modified": now, "modified_by": user},
            create_defaults={
                "count": count,
                "aum": aum or 0,
                "creation": now,
                "modified": now,
                "owner": user,
                "modified_by": user,
            },
        )


def _follow_tags(segment: Segment, want: dict[str, tuple[str, dict]], now, user, clients=None) -> None:
    """Automatic tags mirror the open memberships of a segment that tags its members."""
    tags = ClientTag.objects.filter(segment=segment, source=TagSource.AUTOMATIC)
    if clients is not None:
        tags = tags.filter(client_id__in=list(clients))
    wanted = {(c, rung or segment.segment_name) for c, (rung, _why) in want.items()} if segment.auto_tag else set()
    have = {(c, tag): pk for pk, c, tag in tags.values_list("pk", "client_id", "tag")}
    stale = [pk for key, pk in have.items() if key not in wanted]
    for start in range(0, len(stale), BATCH):
        ClientTag.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    fresh = [
        _stamp(
            ClientTag(name=secrets.token_hex(5), client_id=c, tag=tag, source=TagSource.AUTOMATIC, segment=segment),
            now,
            user,
        )
        for c, tag in sorted(wanted - set(have))
    ]
    ClientTag.objects.bulk_create(fresh, batch_size=BATCH, ignore_conflicts=True)


def refresh_segments(as_of: dt.date | None = None, segments=None, clients=None) -> dict[str, Outcome]:
    """Every enabled segment (or the given ones) brought to `as_of` (today by default), for every
    client or only `clients`. A disabled segment keeps its history as it was when switched off."""
    as_of = as_of or timezone.localdate()
    chosen = segments if segments is not None else Segment.objects.filter(enabled=True).order_by("segment_name")
    return {s.segment_name: refresh_segment(s, as_of, clients) for s in chosen}


def current_members(segment) -> Q:
    """The clients now in a segment, as a Q over Client (the `segment` list filter and the explorer)."""
    return Q(pk__in=SegmentMembership.objects.filter(segment=segment, left_on__isnull=True).values("client_id"))
