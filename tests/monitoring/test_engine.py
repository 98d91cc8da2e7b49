"""The engine: deduplication under replays and repeated scans, the real-time and scheduled paths
agreeing, back-tests that write nothing, and scoping rules to a client type."""
import pytest

from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import engine, jobs, realtime

from .conftest import feed, make_rule, trade, transfer

pytestmark = pytest.mark.django_db

ROWS = [transfer(50000, "2026-03-02 10:00:00", is_cash="1", external_id="C1"),
        transfer(500000, "2026-03-02 11:00:00", account="E0001", external_id="C2"),
        transfer(2000000, "2026-03-03 11:00:00", account="E0001", external_id="C3")]


def _snapshot():
    return sorted(RiskAlert.objects.values_list("dedup_key", "client_id", "account_id", "score", "window_start"))


def test_replays_and_rescans_never_duplicate_an_alert(world):
    make_rule("large_cash")
    make_rule("large_transfer")
    feed("fund_transfers", [dict(r) for r in ROWS])
    first = engine.evaluate()
    assert first["LARGE-CASH"] == {"hits": 1, "created": 1} and first["LARGE-TRANSFER"]["created"] == 1
    feed("fund_transfers", [dict(r) for r in ROWS])  # the same batch replayed: duplicates, nothing new
    again = engine.evaluate()
    assert again["LARGE-CASH"] == {"hits": 1, "created": 0} and again["LARGE-TRANSFER"]["created"] == 0
    realtime.evaluate_accounts(["P0001", "E0001"], batch="replay")
    assert RiskAlert.objects.count() == 2
    # the dedup key is a database constraint, not only a check in the engine
    from django.db import IntegrityError, transaction

    alert = RiskAlert.objects.first()
    clone = RiskAlert(rule=alert.rule, kind=alert.kind, category=alert.category, client=alert.client,
                      severity=alert.severity, window_start=alert.window_start, window_end=alert.window_end,
                      summary="x", dedup_key=alert.dedup_key)
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_real_time_and_scheduled_paths_produce_the_same_alerts(world):
    for kind in ("large_cash", "large_transfer", "frequent_trading", "structuring"):
        make_rule(kind, **({"min_trades": 3} if kind == "frequent_trading" else {}))
    feed("fund_transfers", [dict(r) for r in ROWS]
         + [transfer(46000, f"2026-03-0{d} 10:00:00", is_cash="1", account="P0002") for d in (2, 3, 4)])
    feed("trades", [trade(f"2026-03-02 10:0{i}:00") for i in range(3)])
    # real time: each account as its own batch, in any order
    for account in ("P0002", "E0001", "P0001"):
        realtime.evaluate_accounts([account], batch=f"b-{account}")
    live = _snapshot()
    assert len(live) == 4  # cash (both accounts summed), the entity's ¥2M, frequent trading, structuring
    # the scheduled scan, cut into partitions as on the long queue, finds exactly these and creates nothing
    results = [jobs.scan_partition(part, 3) for part in range(3)]
    assert all(r["created"] == 0 for res in results for r in res.values())
    assert sum(r["hits"] for res in results for r in res.values()) == 4
    full_keys = {engine.dedup_key(rule, k) for rule in engine.enabled_rules()
                 for k in engine.run_rule(rule, engine.Frames()).key}
    assert full_keys == {row[0] for row in live}
    assert _snapshot() == live


def test_backtest_counts_without_writing(world):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule

    feed("fund_transfers", [dict(r) for r in ROWS])
    rule = MonitoringRule(code="TRY", rule_name="try", kind="large_transfer", window_days=1, enabled=False,
                          parameters={"entity_cny": 500000})
    rule.full_clean(exclude=["name", "category"])
    assert engine.backtest(rule) == {"alerts": 2, "clients": 1, "accounts": 1}
    assert RiskAlert.objects.count() == 0 and not MonitoringRule.objects.exists()


def test_rules_only_fire_in_their_scope_and_only_when_enabled(world):
    rule = make_rule("large_transfer")
    rule.client_type = "Individual"
    rule.save()
    feed("fund_transfers", [dict(r) for r in ROWS])
    engine.evaluate()
    assert list(RiskAlert.objects.values_list("account_id", flat=True)) == []  # the ¥500k was the firm's
    feed("fund_transfers", [transfer(500000, "2026-03-05 10:00:00")])
    rule.enabled = False
    rule.save()
    assert engine.evaluate() == {}
    rule.enabled = True
    rule.save()
    engine.evaluate()
    assert list(RiskAlert.objects.values_list("account_id", flat=True)) == ["P0001"]
