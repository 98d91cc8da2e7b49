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
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import JSONObject
from django.utils import timezone

from ..core import session
from ..core.bulk import bulk_transaction
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


# An automatic tag is named by its client and tag ("CL-000042|金卡"): unique as they are (a random hash
# of ten hex digits, as manual tags get, would repeat among millions), readable, and in client order, so
# that the night's millions go into the primary key's index in order rather than at random places.
# A pair too long for the name column is named by its MD5 instead.
NAME_MAX = 140


def automatic_tag_name(client: str, tag: str) -> str:
    name = f"{client}|{tag}"
    return name if len(name) <= NAME_MAX else hashlib.md5(name.encode()).hexdigest()


AUTOMATIC_TAG_NAME_SQL = (
    f"CASE WHEN char_length(w.w_client || '|' || w.w_tag) <= {NAME_MAX} THEN w.w_client || '|' || w.w_tag "
    "ELSE md5(w.w_client || '|' || w.w_tag) END"
)
WANT = "segment_want"  # the temporary table a segment's current members are evaluated into, once


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _analyze_if_many(cursor, table: str, rows: int) -> None:
    if rows >= ANALYZE_AFTER:
        cursor.execute(f"ANALYZE {_q(table)}")


def _refresh_in_sql(segment: Segment, as_of: dt.date, clients, now, user) -> Outcome | None:
    """PostgreSQL: the rule (the same Q as everywhere) is evaluated once, into a temporary table of the
    clients it holds now with their rung and `why` (built by the database, as JSON); the memberships
    are then closed, opened and counted, and the automatic tags made to follow, against that table,
    nobody loaded into Python. None when the rule tests tags (`why` then records them: the general
    path). Same rows as the general path."""
    base = population() if clients is None else population().filter(pk__in=list(clients))
    want, read, tested = wanted(segment, base)
    if tested:
        return None
    why = {e.name: F(e.path) for e in read}
    if segment.kind == SegmentKind.TIER:
        why["tier"] = F("rung")
    sql, params = (
        want.order_by().values(w_client=F("pk"), w_rung=F("rung"), w_why=JSONObject(**why)).query.sql_with_params()
    )
    m, t = _q(SegmentMembership._meta.db_table), _q(ClientTag._meta.db_table)
    scope, scope_params = "", []
    if clients is not None:
        scope, scope_params = " AND client_id = ANY(%s)", [list(clients)]
    stamps = [user, now, now, user]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {WANT}")
        # in client order, so that the rows below go into the (client, ...) indexes in order too; w_tag is
        # the automatic tag the client gets (the rung, or the segment's name)
        cursor.execute(
            f"CREATE TEMP TABLE {WANT} ON COMMIT DROP AS SELECT q.*, coalesce(nullif(q.w_rung, ''), %s) AS w_tag "
            f"FROM ({sql}) q ORDER BY q.w_client",
            [segment.segment_name, *params],
        )
        cursor.execute(f"ANALYZE {WANT}")
        # who left (or moved to another rung)
        cursor.execute(
            f"UPDATE {m} SET left_on = %s, modified = %s, modified_by = %s "
            f"WHERE segment_id = %s AND left_on IS NULL{scope} AND NOT EXISTS "
            f"(SELECT 1 FROM {WANT} w WHERE w.w_client = {m}.client_id AND w.w_rung = {m}.tier)",
            [as_of, now, user, segment.pk, *scope_params],
        )
        left = cursor.rowcount
        # who came in: a new stay, with the values that put them in
        cursor.execute(
            f"INSERT INTO {m} (owner, creation, modified, modified_by, docstatus, idx, segment_id, client_id, "
            f"tier, entered_on, why) SELECT %s, %s, %s, %s, 0, 0, %s, w.w_client, w.w_rung, %s, w.w_why "
            f"FROM {WANT} w WHERE NOT EXISTS (SELECT 1 FROM {m} o WHERE o.segment_id = %s AND o.left_on IS NULL "
            f"AND o.client_id = w.w_client AND o.tier = w.w_rung) ORDER BY w.w_client",
            [*stamps, segment.pk, as_of, segment.pk],
        )
        entered = cursor.rowcount
        _analyze_if_many(cursor, SegmentMembership._meta.db_table, entered)
        cursor.execute(f"SELECT w_rung, count(*) FROM {WANT} GROUP BY w_rung")
        counts = dict(cursor.fetchall())
        # the automatic tags mirror the open memberships, which are now exactly the wanted rows
        kept = f"EXISTS (SELECT 1 FROM {WANT} w WHERE w.w_client = {t}.client_id AND w.w_tag = {t}.tag)"
        cursor.execute(
            f"DELETE FROM {t} WHERE segment_id = %s AND source = %s{scope}"
            + (f" AND NOT {kept}" if segment.auto_tag else ""),
            [segment.pk, TagSource.AUTOMATIC.value, *scope_params],
        )
        if segment.auto_tag:
            cursor.execute(
                f"INSERT INTO {t} (name, owner, creation, modified, modified_by, docstatus, idx, client_id, tag, "
                f"source, segment_id) SELECT {AUTOMATIC_TAG_NAME_SQL}, %s, %s, %s, %s, 0, 0, w.w_client, w.w_tag, "
                f"%s, %s FROM {WANT} w WHERE NOT EXISTS (SELECT 1 FROM {t} o WHERE o.source = %s "
                f"AND o.client_id = w.w_client AND o.tag = w.w_tag) ORDER BY w.w_client ON CONFLICT DO NOTHING",
                [*stamps, TagSource.AUTOMATIC.value, segment.pk, TagSource.AUTOMATIC.value],
            )
            _analyze_if_many(cursor, ClientTag._meta.db_table, cursor.rowcount)
        cursor.execute(f"DROP TABLE {WANT}")
    outcome = Outcome(entered=entered, left=left, members=sum(counts.values()))
    outcome.tiers = {rung: n for rung, n in counts.items() if rung}
    return outcome


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
        with bulk_transaction():
            outcome = _refresh_in_sql(segment, as_of, clients, now, user)
            if outcome is not None:
                if snapshot:
                    _snapshot(segment, as_of, now, user)
                return outcome
    base = population() if clients is None else population().filter(pk__in=list(clients))
    want = targets(segment, base)
    outcome = Outcome(members=len(want))
    with bulk_transaction():
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
    """The day's count and AUM, for the whole segment (tier "") and for each rung of a ladder: one
    grouped query over the open memberships."""
    current = SegmentMembership.objects.filter(segment=segment, left_on__isnull=True).order_by().values("tier")
    aum_path = catalogue.profile_path("aum")
    total = Sum(f"client__{aum_path}") if aum_path else Value(None, output_field=models.DecimalField())
    by_tier = {row["tier"]: (row["n"], row["aum"] or 0) for row in current.annotate(n=Count("pk"), aum=total)}
    figures = {"": (sum(n for n, _a in by_tier.values()), sum(a for _n, a in by_tier.values()))}
    if segment.kind == SegmentKind.TIER:
        figures |= {name: by_tier.get(name, (0, 0)) for name in tiers.read(segment.parameters).names}
    for tier, (count, aum) in figures.items():
        SegmentSnapshot.objects.update_or_create(
            segment=segment,
            date=as_of,
            tier=tier,
            defaults={"count": count, "aum": aum, "modified": now, "modified_by": user},
            create_defaults={
                "count": count,
                "aum": aum,
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
            ClientTag(
                name=automatic_tag_name(c, tag), client_id=c, tag=tag, source=TagSource.AUTOMATIC, segment=segment
            ),
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
