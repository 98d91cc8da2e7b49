"""The engine: deduplication under replays and repeated scans, the real-time and scheduled paths
agreeing, back-tests that write nothing, and scoping rules to a client type."""

import pytest

from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import engine, jobs, realtime

from .conftest import feed, make_rule, trade, transfer

pytestmark = pytest.mark.django_db

ROWS = [
    transfer(50000, "2026-03-02 10:00:00", is_cash="1", external_id="C1"),
    transfer(500000, "2026-03-02 11:00:00", account="E0001", external_id="C2"),
    transfer(2000000, "2026-03-03 11:00:00", account="E0001", external_id="C3"),
]


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
    clone = RiskAlert(
        rule=alert.rule,
        kind=alert.kind,
        category=alert.category,
        client=alert.client,
        severity=alert.severity,
        window_start=alert.window_start,
        window_end=alert.window_end,
        summary="x",
        dedup_key=alert.dedup_key,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_real_time_and_scheduled_paths_produce_the_same_alerts(world):
    for kind in ("large_cash", "large_transfer", "frequent_trading", "structuring"):
        make_rule(kind, **({"min_trades": 3} if kind == "frequent_trading" else {}))
    feed(
        "fund_transfers",
        [dict(r) for r in ROWS]
        + [transfer(46000, f"2026-03-0{d} 10:00:00", is_cash="1", account="P0002") for d in (2, 3, 4)],
    )
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
    full_keys = {
        engine.dedup_key(rule, k) for rule in engine.enabled_rules() for k in engine.run_rule(rule, engine.Frames()).key
    }
    assert full_keys == {row[0] for row in live}
    assert _snapshot() == live


def test_backtest_counts_without_writing(world):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule

    feed("fund_transfers", [dict(r) for r in ROWS])
    rule = MonitoringRule(
        code="TRY",
        rule_name="try",
        kind="large_transfer",
        window_days=1,
        enabled=False,
        parameters={"entity_cny": 500000},
    )
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


def test_real_time_batches_read_only_the_range_they_change_and_agree_with_the_full_scan(world):
    """Batches arrive in time order; each is evaluated from its earliest row less the longest window
    (with the last activity and the login count before that from one aggregate query): the alerts are
    those of a full scan over all history, including the kinds that look back past the window."""
    make_rule("dormant_reactivation", window_days=30, dormant_days=120, amount=500000)
    make_rule("unusual_login", window_days=90, min_history=3)
    make_rule("idle_account_flows", window_days=30, amount=1000000, max_trades=2)
    make_rule("large_cash")
    make_rule("scatter_gather", window_days=7, small_amount=50000, min_count=5, min_total=200000, share=0.8)

    def login(when, ip, account="P0002"):
        return {"account": account, "login_time": when, "ip_address": ip, "device": "iPhone"}

    batches = [
        ("trades", [trade("2025-01-02 10:00:00", account="P0002")]),
        ("login_events", [login(f"2025-01-0{d} 09:00:00", "10.1.1.1") for d in (2, 3, 4)]),
        ("fund_transfers", [transfer(30000, "2025-03-03 10:00:00", is_cash="1")]),
        # months later: the login count and the last activity are before the loaded range
        ("login_events", [login("2025-08-01 09:00:00", "10.1.1.1"), login("2025-08-02 09:00:00", "10.9.1.1")]),
        (
            "trades",
            [
                trade("2025-08-04 10:00:00", account="P0002", amount=300000),
                trade("2025-08-20 10:00:00", account="P0002", amount=200000),
            ],
        ),
        (
            "fund_transfers",
            [
                transfer(20000, "2025-08-04 11:00:00", is_cash="1", account="P0002"),
                transfer(30000, "2025-08-04 15:00:00", is_cash="1"),
                transfer(600000, "2025-08-05 10:00:00", account="E0001"),
                transfer(400000, "2025-08-06 10:00:00", account="E0001", direction="Out"),
            ],
        ),
        (
            "fund_transfers",
            [transfer(40000, f"2025-09-0{d} 10:00:00") for d in (1, 2, 3, 4, 5)]
            + [transfer(160000, "2025-09-06 10:00:00", direction="Out")],
        ),
    ]
    for kind, rows in batches:
        feed(kind, rows)
        when = min(r.get("trade_time") or r.get("transfer_time") or r.get("login_time") for r in rows)
        realtime.evaluate_accounts(sorted({r["account"] for r in rows}), batch=kind, since=when)
    live = _snapshot()
    codes = sorted(RiskAlert.objects.values_list("rule__code", flat=True))
    # the login of 08-01 is from an IP last seen over 90 days before, that of 08-02 from a new one
    assert codes == [
        "DORMANT-REACTIVATION",
        "IDLE-ACCOUNT-FLOWS",
        "LARGE-CASH",
        "SCATTER-GATHER",
        "UNUSUAL-LOGIN",
        "UNUSUAL-LOGIN",
    ]
    assert engine.evaluate() and RiskAlert.objects.count() == len(live)
    full_keys = {
        engine.dedup_key(rule, k) for rule in engine.enabled_rules() for k in engine.run_rule(rule, engine.Frames()).key
    }
    assert full_keys == {row[0] for row in live}
    assert _snapshot() == live


def test_a_batch_is_evaluated_by_the_rules_that_read_what_it_brought(world):
    make_rule("large_cash")
    make_rule("frequent_trading", min_trades=1)
    make_rule("dormant_reactivation")
    report = feed("fund_transfers", [transfer(50000, "2026-03-02 10:00:00", is_cash="1")])
    done = realtime.evaluate_accounts(["P0001"], batch=report["batch"], since="2026-03-02T10:00:00")
    assert sorted(done["rules"]) == ["DORMANT-REACTIVATION", "LARGE-CASH"]  # trades alone cannot change
    assert done["created"] == 1
    report = feed("trades", [trade("2026-03-02 10:00:00")])
    done = realtime.evaluate_accounts(["P0001"], batch=report["batch"], since="2026-03-02T10:00:00")
    assert sorted(done["rules"]) == ["DORMANT-REACTIVATION", "FREQUENT-TRADING"] and done["created"] == 1


def test_sliding_windows_agree_between_real_time_batches_and_the_full_scan(world):
    """Windows over a day slide, anchored on rows, one alert per episode: batches arriving day by day
    (each read from its earliest row less twice the longest window) raise what the full scan raises,
    straddling patterns included, and the rows that extend an episode raise nothing more."""
    make_rule("structuring", window_days=7, min_count=3)
    make_rule("large_outflow", window_days=7, amount=1000000)
    make_rule("frequent_trading", window_days=3, min_trades=5)
    cash = [
        ("2026-03-05", "P0001"),
        ("2026-03-06", "P0002"),
        ("2026-03-09", "P0001"),
        ("2026-03-10", "P0001"),
        ("2026-03-11", "P0001"),
        ("2026-03-20", "P0001"),
        ("2026-03-21", "P0001"),
        ("2026-03-23", "P0001"),
    ]
    batches = [("fund_transfers", [transfer(46000, f"{d} 10:00:00", is_cash="1", account=a)]) for d, a in cash]
    batches[1:1] = [("fund_transfers", [transfer(600000, "2026-03-05 11:00:00", direction="Out")])]
    batches[4:4] = [("fund_transfers", [transfer(400000, "2026-03-09 11:00:00", account="P0002", direction="Out")])]
    batches += [
        ("trades", [trade(f"2026-03-16 1{i}:00:00") for i in range(3)]),
        ("trades", [trade(f"2026-03-17 1{i}:00:00") for i in range(2)]),
        ("trades", [trade("2026-03-18 10:00:00")]),
    ]
    for kind, rows in batches:
        feed(kind, rows)
        when = min(r.get("trade_time") or r.get("transfer_time") for r in rows)
        realtime.evaluate_accounts(sorted({r["account"] for r in rows}), batch=kind, since=when)
    live = _snapshot()
    codes = sorted(RiskAlert.objects.values_list("rule__code", flat=True))
    assert codes == ["FREQUENT-TRADING", "LARGE-OUTFLOW", "STRUCTURING", "STRUCTURING"]
    full_keys = {
        engine.dedup_key(rule, k) for rule in engine.enabled_rules() for k in engine.run_rule(rule, engine.Frames()).key
    }
    assert full_keys == {row[0] for row in live}
    assert engine.evaluate() and _snapshot() == live
