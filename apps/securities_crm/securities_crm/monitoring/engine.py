"""Rule evaluation: load the rows in scope once per source (Arrow tables), run each rule's kind over
them (set-based: DuckDB SQL over the tables, or pandas for the small sources), and persist the hits as Risk Alerts, deduplicated by their key.

The same function serves the real-time path (the clients an ingestion batch touched) and the
scheduled full scan (every client, or one hash partition of them), so both produce the same alerts
for the same data; `dedup_key`'s unique constraint makes replays and overlaps harmless.
"""
from __future__ import annotations

import logging
import zlib
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils import timezone

from . import data, kinds
from .kinds import Context

log = logging.getLogger(__name__)
CHUNK = 1000


class Frames:
    """The rows in scope, loaded lazily, once per source, as Arrow tables: for a set of clients (None:
    every client), and from `cut` on (None: all history).

    The real-time path sets `since`, the earliest time among the rows a batch brought, and `cut`, that
    day less the longest window of the rules it runs: every window a new row falls in starts at or after
    the cut, so it is complete; the hits are then only those whose window reaches `since` (windows
    wholly before it did not change, and may be cut short). What a kind needs from before the cut (the
    last activity, the number of earlier logins) comes from one aggregate query per source
    (data.last_before)."""

    def __init__(self, client_ids=None, since=None, cut=None):
        self.client_ids = client_ids
        self.since = since
        self.cut = cut
        self._cache = {}
        self.pandas = {}  # the pandas form of a table, for the kinds that work in pandas, made once

    def accounts(self):
        if "accounts" not in self._cache:
            self._cache["accounts"] = data.accounts(self.client_ids)
        return self._cache["accounts"]

    def get(self, source):
        if source not in self._cache:
            self._cache[source] = data.load(source, self.client_ids, self.cut)
        return self._cache[source]

    def before(self, source):
        """Per account: the last row time and the row count before the cut (None on a full scan)."""
        if self.cut is None:
            return None
        key = f"before:{source}"
        if key not in self._cache:
            self._cache[key] = data.last_before(source, self.client_ids, self.cut)
        return self._cache[key]


def enabled_rules():
    from ..doctype.monitoring_rule.model import MonitoringRule
    return list(MonitoringRule.objects.filter(enabled=True).order_by("code"))


def run_rule(rule, frames: Frames) -> pd.DataFrame:
    """The hits of one rule over the frames: HIT_COLUMNS plus client and branch."""
    spec = kinds.get(rule.kind)
    accounts = frames.accounts()
    scoped = bool(rule.client_type or rule.branch_id)
    if rule.client_type:
        accounts = accounts[accounts["client_type"] == rule.client_type]
    if rule.branch_id:
        accounts = accounts[accounts["branch"] == rule.branch_id]
    if not spec.evaluable or accounts.empty:
        return kinds_empty()
    tables = {s: frames.get(s) for s in spec.sources}
    if scoped:  # otherwise every row loaded is in scope: no filtering of millions of rows per rule
        keep = pa.array(accounts["account"].unique(), pa.string())
        tables = {s: t.filter(pc.is_in(t["account"], value_set=keep)) for s, t in tables.items()}
    ctx = Context(params=rule.params, window_days=rule.window_days, accounts=accounts, tables=tables,
                  before={s: frames.before(s) for s in spec.sources}, _frames={} if scoped else frames.pandas)
    hits = spec.evaluate(ctx)
    if hits.empty:
        return kinds_empty()
    if frames.since is not None:
        hits = hits[pd.to_datetime(hits["window_end"]) >= frames.since]
    return hits.merge(accounts[["account", "client", "branch"]], on="account")


def kinds_empty():
    return pd.DataFrame(columns=kinds.HIT_COLUMNS + ["client", "branch"])


def evaluate(client_ids=None, rules=None, persist=True, since=None) -> dict:
    """Evaluate `rules` (default: the enabled ones) for `client_ids` (None: all). Returns counts per rule
    code: {"hits": n, "created": m}. With `since` (a local time: the earliest row of a new batch), only
    what rows from then on can change is loaded and evaluated (see Frames)."""
    rules = enabled_rules() if rules is None else list(rules)
    cut = None
    if since is not None and rules:
        since = pd.Timestamp(since)
        cut = since.normalize() - pd.Timedelta(days=max(r.window_days or 1 for r in rules))
    frames = Frames(None if client_ids is None else sorted(set(client_ids)), since, cut)
    result = {}
    for rule in rules:
        hits = run_rule(rule, frames)
        created = persist_hits(rule, hits) if persist else 0
        result[rule.code] = {"hits": int(len(hits)), "created": created}
    return result


def dedup_key(rule, key: str) -> str:
    return f"{rule.code}:{key}"[:200]


def persist_hits(rule, hits: pd.DataFrame) -> int:
    """Create an alert for each hit not already raised; returns how many were created.

    Set-based: one query finds the keys already raised, a block of names is reserved at once, the
    new alerts (assigned, with their SLA) go in with one bulk INSERT that skips any key raised
    meanwhile by another worker (ON CONFLICT DO NOTHING / INSERT IGNORE), and the rows that went in
    are found again by their freshly reserved names. Their history and large-value reports follow,
    in bulk, in the same transaction: an alert is never written without them."""
    from ..core import naming, session
    from ..doctype.risk_alert.model import RiskAlert
    from . import workflow

    if hits.empty:
        return 0
    hits = hits.assign(dedup=[dedup_key(rule, k) for k in hits["key"]]).drop_duplicates("dedup")
    keys = list(hits["dedup"])
    existing = set()
    for i in range(0, len(keys), CHUNK):
        existing |= set(RiskAlert.objects.filter(dedup_key__in=keys[i:i + CHUNK]).values_list("dedup_key", flat=True))
    hits = hits[~hits["dedup"].isin(existing)]
    if hits.empty:
        return 0
    now, user = timezone.now(), session.get_user()
    starts, ends = data.to_aware_many(hits["window_start"]), data.to_aware_many(hits["window_end"])
    branches = hits["branch"] if "branch" in hits else [None] * len(hits)
    with transaction.atomic():
        names = naming.make_names(RiskAlert.doctype.naming.removeprefix("series:"), len(hits), now=now)
        alerts = []
        for name, start, end, branch, row in zip(names, starts, ends, branches, hits.itertuples(index=False)):
            alert = RiskAlert(
                name=name, owner=user, modified_by=user, creation=now, modified=now,
                rule=rule, kind=rule.kind, category=rule.category, client_id=row.client, account_id=row.account,
                severity=rule.severity, score=Decimal(f"{float(row.score):.4f}"),
                threshold=Decimal(f"{float(row.threshold):.4f}"), window_start=start, window_end=end,
                summary=str(row.summary)[:255], dedup_key=row.dedup,
                evidence=[{"doctype": d, "name": n} for d, n in row.evidence[:1000]])
            alert._branch = branch
            alerts.append(alert)
        # History as save() then the assignment's save() wrote it: created Open, then assigned.
        RiskAlert.history.bulk_history_create(alerts, batch_size=CHUNK, default_date=now)
        workflow.assign_batch(alerts)
        RiskAlert.objects.bulk_create(alerts, batch_size=CHUNK, ignore_conflicts=True)
        went_in = set()
        for i in range(0, len(names), CHUNK):
            went_in |= set(RiskAlert.objects.filter(name__in=names[i:i + CHUNK]).values_list("name", flat=True))
        created = [a for a in alerts if a.name in went_in]
        if len(created) < len(alerts):  # some keys were raised meanwhile by another worker: not ours
            RiskAlert.history.filter(name__in=[a.name for a in alerts if a.name not in went_in]).delete()
        RiskAlert.history.bulk_history_create(created, batch_size=CHUNK, update=True, default_date=now)
        workflow.draft_large_value_reports(created)
    return len(created)


def backtest(rule) -> dict:
    """How many alerts would this rule (saved or not) raise over all history? Writes nothing."""
    hits = run_rule(rule, Frames(None))
    return {"alerts": int(len(hits)), "clients": int(hits["client"].nunique()) if len(hits) else 0,
            "accounts": int(hits["account"].nunique()) if len(hits) else 0}


def partition(accounts: pd.DataFrame, part: int, parts: int) -> list:
    """The clients of one hash partition, so that a full scan can be cut into jobs."""
    clients = accounts["client"].drop_duplicates()
    return [c for c in clients if zlib.crc32(str(c).encode()) % parts == part]
