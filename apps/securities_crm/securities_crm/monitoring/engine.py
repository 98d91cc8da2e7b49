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
from django.db import IntegrityError, transaction

from . import data, kinds
from .kinds import Context

log = logging.getLogger(__name__)


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
    return hits.merge(accounts[["account", "client"]], on="account")


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
    """Create an alert for each hit not already raised; returns how many were created."""
    from ..doctype.risk_alert.model import RiskAlert
    from . import workflow

    if hits.empty:
        return 0
    keys = [dedup_key(rule, k) for k in hits["key"]]
    existing = set()
    for i in range(0, len(keys), 500):
        existing |= set(RiskAlert.objects.filter(dedup_key__in=keys[i:i + 500]).values_list("dedup_key", flat=True))
    created = 0
    for key, row in zip(keys, hits.itertuples(index=False)):
        if key in existing:
            continue
        alert = RiskAlert(
            rule=rule, kind=rule.kind, category=rule.category, client_id=row.client, account_id=row.account,
            severity=rule.severity, score=Decimal(f"{float(row.score):.4f}"), threshold=Decimal(f"{float(row.threshold):.4f}"),
            window_start=data.to_aware(row.window_start), window_end=data.to_aware(row.window_end),
            summary=str(row.summary)[:255], dedup_key=key,
            evidence=[{"doctype": d, "name": n} for d, n in row.evidence[:1000]],
        )
        try:
            with transaction.atomic():
                alert.save()
                workflow.on_new_alert(alert)
        except IntegrityError:
            continue  # raised meanwhile by another worker: the same facts, already an alert
        created += 1
    return created


def backtest(rule) -> dict:
    """How many alerts would this rule (saved or not) raise over all history? Writes nothing."""
    hits = run_rule(rule, Frames(None))
    return {"alerts": int(len(hits)), "clients": int(hits["client"].nunique()) if len(hits) else 0,
            "accounts": int(hits["account"].nunique()) if len(hits) else 0}


def partition(accounts: pd.DataFrame, part: int, parts: int) -> list:
    """The clients of one hash partition, so that a full scan can be cut into jobs."""
    clients = accounts["client"].drop_duplicates()
    return [c for c in clients if zlib.crc32(str(c).encode()) % parts == part]
