"""Rule evaluation: load the rows in scope once per source, run each rule's kind over them (set-based,
pandas), and persist the hits as Risk Alerts, deduplicated by their key.

The same function serves the real-time path (the clients an ingestion batch touched) and the
scheduled full scan (every client, or one hash partition of them), so both produce the same alerts
for the same data; `dedup_key`'s unique constraint makes replays and overlaps harmless.
"""
from __future__ import annotations

import logging
import zlib
from decimal import Decimal

import pandas as pd
from django.db import transaction
from django.utils import timezone

from . import data, kinds
from .kinds import Context

log = logging.getLogger(__name__)
CHUNK = 1000


class Frames:
    """Frames loaded lazily, once per source, for a set of clients (None: every client)."""

    def __init__(self, client_ids=None):
        self.client_ids = client_ids
        self._cache = {}

    def accounts(self):
        if "accounts" not in self._cache:
            self._cache["accounts"] = data.accounts(self.client_ids)
        return self._cache["accounts"]

    def get(self, source):
        if source not in self._cache:
            self._cache[source] = data.load(source, self.client_ids)
        return self._cache[source]


def enabled_rules():
    from ..doctype.monitoring_rule.model import MonitoringRule
    return list(MonitoringRule.objects.filter(enabled=True).order_by("code"))


def run_rule(rule, frames: Frames) -> pd.DataFrame:
    """The hits of one rule over the frames: HIT_COLUMNS plus client."""
    spec = kinds.get(rule.kind)
    accounts = frames.accounts()
    if rule.client_type:
        accounts = accounts[accounts["client_type"] == rule.client_type]
    if rule.branch_id:
        accounts = accounts[accounts["branch"] == rule.branch_id]
    if not spec.evaluable or accounts.empty:
        return kinds_empty()
    in_scope = set(accounts["account"])
    ctx = Context(params=rule.params, window_days=rule.window_days, accounts=accounts,
                  frames={s: _only(frames.get(s), in_scope) for s in spec.sources})
    hits = spec.evaluate(ctx)
    if hits.empty:
        return kinds_empty()
    return hits.merge(accounts[["account", "client", "branch"]], on="account")


def _only(frame, accounts):
    return frame[frame["account"].isin(accounts)] if len(frame) else frame


def kinds_empty():
    return pd.DataFrame(columns=kinds.HIT_COLUMNS + ["client"])


def evaluate(client_ids=None, rules=None, persist=True) -> dict:
    """Evaluate `rules` (default: the enabled ones) for `client_ids` (None: all). Returns counts per rule
    code: {"hits": n, "created": m}."""
    frames = Frames(None if client_ids is None else sorted(set(client_ids)))
    result = {}
    for rule in (enabled_rules() if rules is None else rules):
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
