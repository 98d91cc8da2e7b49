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

from django.db import connection, models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import MD5, Coalesce, Concat, JSONObject, NullIf
from django.utils import timezone

from ..core import session
from ..doctype.client.model import Client
from ..doctype.client_tag.model import ClientTag, TagSource
from ..doctype.segment.model import Segment, SegmentKind
from ..doctype.segment_membership.model import SegmentMembership
from ..doctype.segment_snapshot.model import SegmentSnapshot
from . import catalogue, rules, tiers

BATCH = 2000
# After inserting this many rows, the table's statistics are refreshed at once: the next segment's
# statements join it, and a planner that still thinks it empty loops over one side per row of the other
# (the first night, 47,000 tags against 47,000 memberships took a quarter of an hour).
ANALYZE_AFTER = 10_000


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


def wanted(segment: Segment, base=None):
    """The clients the segment holds now, as one query over Client annotated with their `rung` ("" for
    a rule segment), and the catalogue fields `why` records: `targets` without loading anyone."""
    base = population() if base is None else base
    if segment.kind == SegmentKind.TIER:
        ladder = tiers.read(segment.parameters)
        node = rules.check(segment.rule, segment.parameters, required=False)
        read = [ladder.entry, *[e for e in rules.fields_read(node) if e.name != ladder.entry.name]]
        rungs = tiers.rung_qs(ladder)
        whens = [When(q, then=Value(name)) for name, q in rungs if q]
        everyone = next((Value(name) for name, q in rungs if not q), None)  # a lone rung has no condition
        rung = Case(*whens, default=everyone, output_field=models.CharField()) if whens else everyone
        qs = base.filter(rules.to_q(node)).annotate(rung=rung).filter(rung__isnull=False)
    else:
        node = rules.check(segment.rule, segment.parameters)
        read = rules.fields_read(node)
        qs = base.filter(rules.to_q(node)).annotate(rung=Value("", output_field=models.CharField()))
    return qs, read, rules.tags_tested(node)


def targets(segment: Segment, base=None) -> dict[str, tuple[str, dict]]:
    """{client: (rung, why)} for everyone the segment holds now (rung "" for a rule segment)."""
    want, read, tested = wanted(segment, base)
    out: dict[str, tuple[str, dict]] = {}
    for row in want.order_by().values("pk", "rung", *[e.path for e in read]):
        why = {e.name: jsonable(row[e.path]) for e in read}
        if row["rung"]:
            why["tier"] = row["rung"]
        out[row["pk"]] = (row["rung"], why)
    if tested and out:
        has: dict[str, list[str]] = {}
        for client, tag in ClientTag.objects.filter(tag__in=tested, client_id__in=list(out)).values_list(
            "client_id", "tag"
        ):
            has.setdefault(client, []).append(tag)
        for client, (_rung, why) in out.items():
            why[catalogue.TAGS] = sorted(set(has.get(client, [])))
    return out


def _insert_select(model, columns: list[str], qs) -> int:
    """INSERT INTO model's table (columns) SELECT qs, qs selecting one value per column, in order (a
    values() query: Django keeps the order it is given); returns the rows inserted."""
    sql, params = qs.query.sql_with_params()
    q = connection.ops.quote_name
    listed = ", ".join(q(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(model._meta.db_table)} ({listed}) {sql} ON CONFLICT DO NOTHING", params)
        inserted = cursor.rowcount
        if inserted >= ANALYZE_AFTER:
            cursor.execute(f"ANALYZE {q(model._meta.db_table)}")
        return inserted


def _refresh_in_sql(segment: Segment, as_of: dt.date, clients, now, user) -> Outcome | None:
    """PostgreSQL: the memberships moved by three statements (close, open, count) whatever the number of
    members, nobody loaded into Python; None when the rule tests tags (`why` then records them: the
    general path). Same rows as the general path: `why` is built by the database, as JSON."""
    base = population() if clients is None else population().filter(pk__in=list(clients))
    want, read, tested = wanted(segment, base)
    if tested:
        return None
    rows = SegmentMembership.objects.filter(segment=segment, left_on__isnull=True)
    if clients is not None:
        rows = rows.filter(client_id__in=list(clients))
    still = want.filter(pk=OuterRef("client_id"), rung=OuterRef("tier"))
    left = rows.exclude(Exists(still)).update(left_on=as_of, modified=now, modified_by=user)
    why = {e.name: F(e.path) for e in read}
    if segment.kind == SegmentKind.TIER:
        why["tier"] = F("rung")
    stamps = {"owner": user, "creation": now, "modified": now, "modified_by": user, "docstatus": 0, "idx": 0}
    values = {f"v_{k}": Value(v) for k, v in stamps.items()}
    values |= {"v_segment": Value(segment.pk), "v_client": F("pk"), "v_tier": F("rung")}
    values |= {"v_entered_on": Value(as_of, output_field=models.DateField()), "v_why": JSONObject(**why)}
    opening = want.exclude(Exists(rows.filter(client_id=OuterRef("pk"), tier=OuterRef("rung"))))
    columns = [*stamps, "segment", "client", "tier", "entered_on", "why"]
    entered = _insert_select(SegmentMembership, columns, opening.order_by().values(**values))
    counts = dict(want.order_by().values_list("rung").annotate(n=Count("pk")))
    outcome = Outcome(entered=entered, left=left, members=sum(counts.values()))
    outcome.tiers = {rung: n for rung, n in counts.items() if rung}
    return outcome


def _follow_tags_in_sql(segment: Segment, now, user, clients=None) -> None:
    """PostgreSQL: the automatic tags made to mirror the open memberships by two statements. A tag's
    name is the MD5 of its client and tag (unique as they are; a random hash of ten hex digits, as
    manual tags get, would repeat among millions)."""
    tags = ClientTag.objects.filter(segment=segment, source=TagSource.AUTOMATIC)
    members = SegmentMembership.objects.filter(segment=segment, left_on__isnull=True)
    if clients is not None:
        tags, members = tags.filter(client_id__in=list(clients)), members.filter(client_id__in=list(clients))
    members = members.annotate(
        label=Coalesce(NullIf(F("tier"), Value("")), Value(segment.segment_name), output_field=models.CharField())
    )
    stale = tags  # a segment that does not tag its members has no automatic tags
    if segment.auto_tag:
        stale = tags.exclude(Exists(members.filter(client_id=OuterRef("client_id"), label=OuterRef("tag"))))
    sql, params = stale.order_by().values("pk").query.sql_with_params()
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {q(ClientTag._meta.db_table)} WHERE {q('name')} IN ({sql})", params)
    if not segment.auto_tag:
        return
    mine = ClientTag.objects.filter(source=TagSource.AUTOMATIC, client_id=OuterRef("client_id"), tag=OuterRef("label"))
    stamps = {"owner": user, "creation": now, "modified": now, "modified_by": user, "docstatus": 0, "idx": 0}
    values = {"v_name": MD5(Concat(F("client_id"), Value("|"), F("label"), output_field=models.CharField()))}
    values |= {f"v_{k}": Value(v) for k, v in stamps.items()}
    values |= {"v_client": F("client_id"), "v_tag": F("label"), "v_source": Value(TagSource.AUTOMATIC.value)}
    values |= {"v_segment": Value(segment.pk)}
    fresh = members.exclude(Exists(mine)).order_by().values(**values)
    _insert_select(ClientTag, ["name", *stamps, "client", "tag", "source", "segment"], fresh)


def _stamp(row, now, user):
    row.creation = row.modified = now
    row.owner = row.modified_by = user
    return row


def refresh_segment(segment: Segment, as_of: dt.date, clients=None, snapshot: bool = True) -> Outcome:
    """Bring one segment's memberships, snapshot and automatic tags to `as_of` (in one transaction).
    With `clients`, only those clients' rows are looked at (the refresh after an ingestion batch):
    nobody else's membership is opened or closed."""
    now, user = timezone.now(), session.get_user()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            outcome = _refresh_in_sql(segment, as_of, clients, now, user)
            if outcome is not None:
                if snapshot:
                    _snapshot(segment, as_of, now, user)
                _follow_tags_in_sql(segment, now, user, clients)
                return outcome
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
        if snapshot:
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


def refresh_segments(
    as_of: dt.date | None = None, segments=None, clients=None, snapshot: bool = True
) -> dict[str, Outcome]:
    """Every enabled segment (or the given ones) brought to `as_of` (today by default), for every
    client or only `clients`. A disabled segment keeps its history as it was when switched off."""
    as_of = as_of or timezone.localdate()
    chosen = segments if segments is not None else Segment.objects.filter(enabled=True).order_by("segment_name")
    return {s.segment_name: refresh_segment(s, as_of, clients, snapshot) for s in chosen}


def snapshot_segments(as_of: dt.date) -> None:
    """The day's snapshot of every enabled segment, as the memberships stand."""
    now, user = timezone.now(), session.get_user()
    for segment in Segment.objects.filter(enabled=True).order_by("segment_name"):
        _snapshot(segment, as_of, now, user)


def current_members(segment) -> Q:
    """The clients now in a segment, as a Q over Client (the `segment` list filter and the explorer)."""
    return Q(pk__in=SegmentMembership.objects.filter(segment=segment, left_on__isnull=True).values("client_id"))
