"""Every rule kind: a crafted scenario that fires exactly at the threshold (inclusive), not just below
it, and respects its window. Data enters through the real ingestion engine; the full scan runs."""

import pytest

from securities_crm.doctype.aml_report.model import AMLReport

from .conftest import day, feed, make_rule, order, scan, trade, transfer

# The summaries are asserted in English, the source language; test_summaries_read_in_chinese_by_default
# below checks that a summary written in the site's default language is translated.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _at(local: str):
    """A local (Shanghai) time as the aware datetime an alert stores."""
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.fromisoformat(local), timezone.get_default_timezone())


# --- AML -----------------------------------------------------------------------------------------------
def test_large_cash_fires_at_50000_summed_per_client_per_day_not_below(world):
    rule = make_rule("large_cash")
    feed(
        "fund_transfers",
        [
            transfer(30000, "2026-03-02 09:00:00", is_cash="1"),
            transfer(20000, "2026-03-02 15:00:00", account="P0002", is_cash="1"),  # same client, other account
            transfer(49999.99, "2026-03-03 10:00:00", is_cash="1"),  # just below, next day
            transfer(30000, "2026-03-04 23:59:00", is_cash="1"),
            transfer(20000, "2026-03-05 00:01:00", is_cash="1"),
            transfer(90000, "2026-03-06 10:00:00"),  # not cash
            transfer(10000, "2026-03-07 10:00:00", is_cash="1", currency="USD"),  # US$10,000 alone: the foreign line
            # renminbi and foreign cash are two lines, never added: ¥45,000 + US$7,000 (¥49,700) is below both
            transfer(45000, "2026-03-09 09:00:00", is_cash="1"),
            transfer(7000, "2026-03-09 10:00:00", is_cash="1", currency="USD", account="P0002"),
        ],
    )
    alerts = scan(rule)
    assert [(a.summary_text[:8], float(a.score), len(a.evidence)) for a in alerts] == [
        ("Cash of ", 50000.0, 2),
        ("Foreign-", 10000.0, 1),
    ]
    assert [a.dedup_key.split(":")[1] for a in alerts] == ["CNY", "USD"]
    # each line's large-value report keeps its own currency: the US$10,000 is never read as ¥10,000
    assert [(str(r.amount), r.currency) for r in AMLReport.objects.filter(alert__in=alerts).order_by("currency")] == [
        ("50000.00", "CNY"),
        ("10000.00", "USD"),
    ]
    assert {e["doctype"] for e in alerts[0].evidence} == {"Fund Transfer"}
    assert alerts[0].client_id == world["person"].pk and alerts[0].category == "AML"


def test_large_cash_foreign_currency_line_sums_foreign_cash_in_us_dollars(world):
    """US$10,000 of foreign cash (USD and HKD summed at the rule's rates) fires on its own line, whatever
    the renminbi line is set to."""
    rule = make_rule("large_cash", threshold_cny=100000)
    feed(
        "fund_transfers",
        [
            transfer(6000, "2026-03-02 10:00:00", is_cash="1", currency="USD"),
            transfer(36000, "2026-03-02 11:00:00", is_cash="1", currency="HKD"),  # US$4,614
            transfer(9999, "2026-03-03 10:00:00", is_cash="1", currency="USD"),  # US$1 short
            transfer(99999, "2026-03-04 10:00:00", is_cash="1"),
        ],
    )  # ¥1 short of its line
    alerts = scan(rule)
    assert [(day(a.window_start), round(float(a.score)), float(a.threshold), a.summary_text) for a in alerts] == [
        ("2026-03-02", 10614, 10000.0, "Foreign-currency cash of US$10,614 in one day (≥ US$10,000)")
    ]


def test_large_transfer_thresholds_by_client_type_and_border(world):
    rule = make_rule("large_transfer")
    feed(
        "fund_transfers",
        [
            transfer(500000, "2026-03-02 10:00:00"),  # individual domestic: at the line
            transfer(499999.99, "2026-03-03 10:00:00"),  # just below
            transfer(200000, "2026-03-04 10:00:00", cross_border="1"),  # individual cross-border: at the line
            transfer(199999, "2026-03-05 10:00:00", cross_border="1"),
            transfer(1999999, "2026-03-02 10:00:00", account="E0001"),  # entity: below ¥2M
            transfer(1000000, "2026-03-03 10:00:00", account="E0001"),
            transfer(1000000, "2026-03-03 11:00:00", account="E0001", direction="Out"),  # entity: summed ¥2M
        ],
    )
    alerts = scan(rule)
    assert sorted((a.account_id, day(a.window_start), float(a.score)) for a in alerts) == [
        ("E0001", "2026-03-03", 2000000.0),
        ("P0001", "2026-03-02", 500000.0),
        ("P0001", "2026-03-04", 200000.0),
    ]


def test_structuring_counts_repeated_cash_just_under_the_threshold_within_the_window(world):
    rule = make_rule("structuring", window_days=7, min_count=3)
    # window 2026-03-02 (Monday) .. 03-08: three amounts in [45,000, 50,000) fire; 50,000 itself is not "under"
    feed(
        "fund_transfers",
        [
            transfer(45000, "2026-03-02 10:00:00", is_cash="1"),
            transfer(49999, "2026-03-03 10:00:00", is_cash="1"),
            transfer(48000, "2026-03-08 10:00:00", is_cash="1"),
            # the next window: two under + one at the threshold (not counted) + one too small
            transfer(46000, "2026-03-09 10:00:00", is_cash="1"),
            transfer(47000, "2026-03-10 10:00:00", is_cash="1"),
            transfer(50000, "2026-03-11 10:00:00", is_cash="1"),
            transfer(44999, "2026-03-12 10:00:00", is_cash="1"),
        ],
    )
    alerts = scan(rule)
    assert [(day(a.window_start), float(a.score)) for a in alerts] == [("2026-03-02", 3.0)]


def test_structuring_window_slides_across_the_weekly_boundary_one_alert_per_episode(world):
    """Thu, Fri and Mon fall in two calendar weeks: a 7-day window anchored on Thursday holds all three.
    The rows that follow in the same episode make no second alert; a new episode (its first candidate
    window over 7 days after the last one) does."""
    rule = make_rule("structuring", window_days=7, min_count=3)
    feed(
        "fund_transfers",
        [
            transfer(46000, "2026-03-05 10:00:00", is_cash="1"),  # Thursday
            transfer(47000, "2026-03-06 10:00:00", is_cash="1", account="P0002"),  # Friday
            transfer(48000, "2026-03-09 10:00:00", is_cash="1"),  # Monday
            transfer(48000, "2026-03-10 10:00:00", is_cash="1"),  # the same episode
            transfer(48000, "2026-03-11 10:00:00", is_cash="1"),
            # the firm: the third is exactly 7 days after the first, outside [anchor, +7 days)
            transfer(46000, "2026-03-05 10:00:00", is_cash="1", account="E0001"),
            transfer(46000, "2026-03-06 10:00:00", is_cash="1", account="E0001"),
            transfer(46000, "2026-03-12 10:00:00", is_cash="1", account="E0001"),
        ],
    )
    alerts = scan(rule)
    assert [(a.client_id, a.window_start, a.window_end, float(a.score), len(a.evidence)) for a in alerts] == [
        (world["person"].pk, _at("2026-03-05 10:00:00"), _at("2026-03-12 10:00:00"), 5.0, 5)
    ]
    assert alerts[0].dedup_key.endswith(f"{world['person'].pk}:20260305100000")
    # a week and more after the last candidate window (anchored on Monday 03-09): a new episode
    feed("fund_transfers", [transfer(46000, f"2026-03-{d} 10:00:00", is_cash="1") for d in (20, 21, 23)])
    assert [(a.client_id, day(a.window_start)) for a in scan(rule)] == [
        (world["person"].pk, "2026-03-05"),
        (world["person"].pk, "2026-03-20"),
    ]


def test_large_outflow_by_amount_or_by_share_of_assets(world):
    firm = world["firm"]
    firm.financial_assets = 1000000
    firm.save()
    rule = make_rule("large_outflow", window_days=7, amount=1000000, asset_share=0.5, share_min_amount=500000)
    feed(
        "fund_transfers",
        [
            transfer(600000, "2026-03-02 10:00:00", direction="Out"),
            transfer(400000, "2026-03-08 10:00:00", account="P0002", direction="Out"),  # same window: ¥1M
            transfer(999999, "2026-03-09 10:00:00", direction="Out"),  # with 03-08's: within 7 days of 03-02's alert
            transfer(5000000, "2026-03-09 10:00:00", direction="In"),  # inflow does not count
            transfer(500000, "2026-03-16 10:00:00", account="E0001", direction="Out"),  # half the firm's assets
            transfer(499999, "2026-03-23 10:00:00", account="E0001", direction="Out"),
        ],
    )
    alerts = scan(rule)
    assert [(a.client_id, day(a.window_start)) for a in alerts] == [
        (world["person"].pk, "2026-03-02"),
        (firm.pk, "2026-03-16"),
    ]


def test_large_outflow_window_slides_across_the_weekly_boundary(world):
    rule = make_rule("large_outflow", window_days=7, amount=1000000, asset_share=0.5, share_min_amount=500000)
    feed(
        "fund_transfers",
        [
            transfer(600000, "2026-03-05 10:00:00", direction="Out"),  # Thursday
            transfer(400000, "2026-03-09 09:59:59", account="P0002", direction="Out"),  # Monday
            transfer(600000, "2026-03-05 10:00:00", account="E0001", direction="Out"),
            transfer(400000, "2026-03-12 10:00:00", account="E0001", direction="Out"),
        ],
    )  # 7 days on
    alerts = scan(rule)
    assert [(a.client_id, a.account_id, a.window_start, float(a.score), len(a.evidence)) for a in alerts] == [
        (world["person"].pk, "P0001", _at("2026-03-05 10:00:00"), 1000000.0, 2)
    ]


def test_idle_account_flows_need_large_flows_and_few_trades(world):
    rule = make_rule("idle_account_flows", window_days=30, amount=1000000, max_trades=2)
    w1 = "2026-03-15 10:00:00"  # window of 30 days containing mid-March (EPOCH-aligned)
    feed(
        "fund_transfers",
        [
            transfer(600000, w1, account="P0002"),
            transfer(400000, w1, account="P0002", direction="Out"),
            transfer(600000, w1, account="E0001"),
            transfer(399999, w1, account="E0001", direction="Out"),
            transfer(700000, w1),
            transfer(300000, w1, direction="Out"),
        ],
    )
    feed(
        "trades",
        [
            trade(w1, account="P0002"),
            trade(w1, account="P0002"),  # two trades: still idle
            trade(w1),
            trade(w1),
            trade(w1),
        ],
    )  # P0001 trades three times: not idle
    alerts = scan(rule)
    assert [a.account_id for a in alerts] == ["P0002"]
    assert len(alerts[0].evidence) == 2


def test_idle_account_flows_window_slides_across_a_30_day_boundary_and_counts_its_own_trades(world):
    """03-17 starts a 30-day period counted from 2000-01-03: flows on 03-10 and 03-24 straddle it."""
    rule = make_rule("idle_account_flows", window_days=30, amount=1000000, max_trades=2)
    feed(
        "fund_transfers",
        [
            transfer(600000, "2026-03-10 10:00:00", account="P0002"),
            transfer(400000, "2026-03-24 10:00:00", account="P0002", direction="Out"),
            transfer(600000, "2026-03-10 10:00:00", account="E0001"),
            transfer(400000, "2026-03-24 10:00:00", account="E0001", direction="Out"),
        ],
    )
    feed(
        "trades",
        [
            trade("2026-03-09 10:00:00", account="P0002"),
            trade("2026-03-09 11:00:00", account="P0002"),
            trade("2026-04-09 10:00:00", account="P0002"),  # before and after the window: not counted
            trade("2026-03-10 10:00:00", account="E0001"),
            trade("2026-03-20 10:00:00", account="E0001"),
            trade("2026-04-09 09:59:59", account="E0001"),
        ],
    )  # three in the window: not idle
    alerts = scan(rule)
    assert [(a.account_id, a.window_start, a.window_end, len(a.evidence)) for a in alerts] == [
        ("P0002", _at("2026-03-10 10:00:00"), _at("2026-04-09 10:00:00"), 2)
    ]


def test_scatter_gather_both_ways_in_a_sliding_window(world):
    rule = make_rule("scatter_gather", window_days=7, small_amount=50000, min_count=5, min_total=200000, share=0.8)
    # five small inflows over a weekend boundary (Fri..Tue), ¥200,000, then one outflow of 80% on Wed
    feed(
        "fund_transfers",
        [transfer(40000, f"2026-03-{d:02d} 10:00:00") for d in (6, 7, 8, 9, 10)]
        + [transfer(160000, "2026-03-11 10:00:00", direction="Out")]
        # the firm: one inflow of ¥250,000, then only four small outflows within 7 days (a fifth on day 8)
        + [transfer(250000, "2026-03-02 10:00:00", account="E0001")]
        + [transfer(49000, f"2026-03-0{d} 10:00:00", account="E0001", direction="Out") for d in (2, 3, 4, 5)]
        + [transfer(49000, "2026-03-09 10:00:00", account="E0001", direction="Out")]
        # later: five small inflows, but the outflow is just under 80% of them
        + [transfer(40000, f"2026-04-0{d} 10:00:00") for d in (1, 2, 3, 4, 5)]
        + [transfer(159999, "2026-04-06 10:00:00", direction="Out")],
    )
    alerts = scan(rule)
    assert [(a.client_id, day(a.window_end), float(a.score)) for a in alerts] == [
        (world["person"].pk, "2026-03-11", 5.0)
    ]
    assert len(alerts[0].evidence) == 6
    feed("fund_transfers", [transfer(49000, "2026-03-08 10:00:00", account="E0001", direction="Out")])  # the fifth
    assert sorted(a.client_id for a in scan(rule)) == sorted([world["person"].pk, world["firm"].pk])


def test_dormant_reactivation_after_idle_days_with_heavy_trading(world):
    rule = make_rule("dormant_reactivation", window_days=30, dormant_days=180, amount=500000)
    feed(
        "trades",
        [
            trade("2025-01-01 10:00:00", account="P0002"),
            trade("2025-06-30 10:00:00", account="P0002", amount=300000),  # 180 days later: awake
            trade("2025-07-29 10:00:00", account="P0002", amount=200000),  # inside 30 days: ¥500,000
            trade("2025-08-05 10:00:00", account="P0002", amount=900000),  # outside the window
            trade("2025-01-01 10:00:00", account="E0001"),
            trade("2025-06-29 10:00:00", account="E0001", amount=900000),  # 179 days: not dormant
            trade("2026-09-01 10:00:00", amount=900000),
        ],
    )  # a first activity on record is no reactivation
    alerts = scan(rule)
    assert [(a.account_id, float(a.score), len(a.evidence)) for a in alerts] == [("P0002", 500000.0, 2)]


def test_new_account_churn_within_days_of_opening(world):
    rule = make_rule("new_account_churn", window_days=30, amount=1000000, min_trades=2, require_closing=0)
    feed(
        "trades",
        [
            trade("2026-03-01 10:00:00", amount=600000),
            trade("2026-03-30 23:00:00", amount=400000),
            trade("2026-03-31 10:00:00", amount=999999),  # the 31st day: outside the window
            trade("2020-01-05 10:00:00", account="E0001", amount=999000),
            trade("2020-01-06 10:00:00", account="E0001", amount=999),  # two trades, ¥1 short
            trade("2020-01-05 10:00:00", account="P0002", amount=2000000),
        ],
    )  # one trade only
    alerts = scan(rule)
    assert [(a.account_id, float(a.score)) for a in alerts] == [("P0001", 1000000.0)]
    rule.parameters = {"amount": 1000000, "min_trades": 1, "require_closing": 0}
    rule.save()
    assert sorted(a.account_id for a in scan(rule)) == ["P0001", "P0002"]


def test_new_account_churn_by_default_needs_the_account_closed_within_the_window(world):
    """The design's indicator is heavy trading soon after opening, then closing."""
    import datetime as dt

    from securities_crm.doctype.securities_account.model import SecuritiesAccount
    from securities_crm.monitoring import kinds

    rule = make_rule("new_account_churn", window_days=30, amount=1000000, min_trades=2)
    assert kinds.params_of(rule)["require_closing"] == 1
    feed(
        "trades",
        [
            trade("2026-03-01 10:00:00", amount=600000),
            trade("2026-03-20 10:00:00", amount=400000),
            trade("2020-01-05 10:00:00", account="P0002", amount=600000),
            trade("2020-01-06 10:00:00", account="P0002", amount=400000),
        ],
    )
    assert scan(rule) == []  # heavy trading, but both accounts are open
    # P0001 (opened 03-01) closes on its 30th day; P0002 (opened 2020-01-01) on its 31st: outside the window
    SecuritiesAccount.objects.filter(pk="P0001").update(status="Closed", closed_on=dt.date(2026, 3, 30))
    SecuritiesAccount.objects.filter(pk="P0002").update(status="Closed", closed_on=dt.date(2020, 1, 31))
    alerts = scan(rule)
    assert [(a.account_id, float(a.score)) for a in alerts] == [("P0001", 1000000.0)]
    assert "closed on 2026-03-30" in alerts[0].summary_text


# --- market abuse --------------------------------------------------------------------------------------
def test_frequent_trading_counts_per_account_per_window(world):
    rule = make_rule("frequent_trading", window_days=1, min_trades=5)
    feed(
        "trades",
        [trade(f"2026-03-02 10:00:0{i}") for i in range(5)]
        + [trade(f"2026-03-03 10:00:0{i}") for i in range(4)]
        + [
            trade("2026-03-04 23:59:00"),
            trade("2026-03-04 23:59:30"),
            trade("2026-03-05 00:00:10"),
            trade("2026-03-05 00:00:20"),
            trade("2026-03-05 00:00:30"),
        ],
    )  # 5 across midnight: two windows
    alerts = scan(rule)
    assert [(day(a.window_start), float(a.score)) for a in alerts] == [("2026-03-02", 5.0)]
    assert len(alerts[0].evidence) == 5 and alerts[0].evidence[0]["doctype"] == "Trade"


def test_frequent_trading_over_several_days_slides_across_the_period_boundary(world):
    """With a 3-day window the periods counted from 2000-01-03 split at 03-17; the window does not."""
    rule = make_rule("frequent_trading", window_days=3, min_trades=5)
    feed(
        "trades",
        [trade(f"2026-03-16 1{i}:00:00") for i in range(3)]
        + [trade(f"2026-03-17 1{i}:00:00") for i in range(2)]  # 3 + 2 across the boundary
        + [trade(f"2026-03-16 1{i}:00:00", account="E0001") for i in range(3)]
        + [trade("2026-03-19 10:00:00", account="E0001"), trade("2026-03-19 12:00:00", account="E0001")],
    )
    alerts = scan(rule)  # the firm: 03-19 10:00 is 3 days after the first (outside): at most three in any window
    assert [(a.account_id, a.window_start, a.window_end, float(a.score)) for a in alerts] == [
        ("P0001", _at("2026-03-16 10:00:00"), _at("2026-03-19 10:00:00"), 5.0)
    ]


def test_high_frequency_per_second_and_per_day(world):
    rule = make_rule("high_frequency", per_second=4, per_day=10)
    # 2 orders + 2 cancels in the same second = 4 events
    feed(
        "orders",
        [
            order("2026-03-02 10:00:00.100", cancelled="2026-03-02 10:00:00.500"),
            order("2026-03-02 10:00:00.200", cancelled="2026-03-02 10:00:00.900"),
            # 3 events in one second only
            order("2026-03-03 10:00:00.100", cancelled="2026-03-03 10:00:00.500"),
            order("2026-03-03 10:00:00.200"),
        ]
        + [order(f"2026-03-04 1{i}:00:00", account="E0001") for i in range(10)]  # 10 a day
        + [order(f"2026-03-05 1{i}:00:00", account="E0001") for i in range(9)],
    )
    alerts = scan(rule)
    assert sorted((a.account_id, day(a.window_start), float(a.score)) for a in alerts) == [
        ("E0001", "2026-03-04", 10.0),
        ("P0001", "2026-03-02", 4.0),
    ]


def test_cancel_ratio_at_half_with_enough_orders(world):
    rule = make_rule("cancel_ratio", window_days=1, ratio=0.5, min_orders=4)
    feed(
        "orders",
        [
            order("2026-03-02 10:00:00", cancelled="2026-03-02 10:00:05"),
            order("2026-03-02 10:01:00", cancelled="2026-03-02 10:01:05"),
            order("2026-03-02 10:02:00"),
            order("2026-03-02 10:03:00"),
        ]  # 2 of 4: 50%
        + [
            order("2026-03-03 10:00:00", cancelled="2026-03-03 10:00:05"),
            order("2026-03-03 10:01:00", cancelled="2026-03-03 10:01:05"),
            order("2026-03-03 10:02:00"),
            order("2026-03-03 10:03:00"),
            order("2026-03-03 10:04:00"),
        ]  # 40%
        + [
            order("2026-03-04 10:00:00", cancelled="2026-03-04 10:00:05"),
            order("2026-03-04 10:01:00", cancelled="2026-03-04 10:01:05"),
            order("2026-03-04 10:02:00", cancelled="2026-03-04 10:02:05"),
        ],
    )  # 100% of only 3
    alerts = scan(rule)
    assert [(day(a.window_start), float(a.score), len(a.evidence)) for a in alerts] == [("2026-03-02", 0.5, 2)]


def test_cancel_ratio_over_several_days_slides_across_the_period_boundary(world):
    """Two-day periods counted from 2000-01-03 split at 03-17: two orders either side are four in one
    window anchored on the first; the evidence is the cancelled orders in that window."""
    rule = make_rule("cancel_ratio", window_days=2, ratio=0.5, min_orders=4)
    feed(
        "orders",
        [
            order("2026-03-16 14:00:00", cancelled="2026-03-16 14:00:05"),
            order("2026-03-16 15:00:00", cancelled="2026-03-16 15:00:05"),
            order("2026-03-17 10:00:00"),
            order("2026-03-17 11:00:00"),
            order("2026-03-18 14:00:00", cancelled="2026-03-18 14:00:05"),  # 2 days on: outside
            # the firm: 1 of 4 cancelled across the boundary (25%)
            order("2026-03-16 14:00:00", account="E0001", cancelled="2026-03-16 14:00:05"),
            order("2026-03-16 15:00:00", account="E0001"),
            order("2026-03-17 10:00:00", account="E0001"),
            order("2026-03-17 11:00:00", account="E0001"),
        ],
    )
    alerts = scan(rule)
    assert [(a.account_id, a.window_start, float(a.score), len(a.evidence)) for a in alerts] == [
        ("P0001", _at("2026-03-16 14:00:00"), 0.5, 2)
    ]


# --- account -------------------------------------------------------------------------------------------
def _position(code, value, date="2026-03-02", account="P0001"):
    return {
        "account": account,
        "instrument": code,
        "position_date": date,
        "quantity": "100",
        "market_value": str(value),
        "external_id": f"{account}-{code}-{date}",
    }


def test_concentration_in_one_instrument(world):
    rule = make_rule("concentration", window_days=30, share=0.8, min_value=1000000)
    feed(
        "positions",
        [
            _position("600519.SH", 800000),
            _position("000001.SZ", 200000),  # 80% of ¥1M
            _position("600519.SH", 799999, account="E0001"),
            _position("000001.SZ", 200001, account="E0001"),
            _position("600519.SH", 800000, "2026-03-03"),
            _position("000001.SZ", 200000, "2026-03-03"),
            _position("600519.SH", 80000, account="P0002"),  # 100% but only ¥80k
        ],
    )
    alerts = scan(rule)
    assert [(a.account_id, round(float(a.score), 4)) for a in alerts] == [("P0001", 0.8)]  # once per window


def test_suitability_breach_holding_above_level(world):
    from securities_crm.doctype.client.model import Client

    rule = make_rule("suitability_breach")
    feed(
        "positions",
        [
            _position("300750.SZ", 1000),
            _position("600519.SH", 1000, account="P0002"),
            _position("300750.SZ", 1000, account="E0001"),
        ],
    )  # the firm has no risk level
    assert [(a.account_id, a.summary_text[:13]) for a in scan(rule)] == [("P0001", "Holds 300750.")]
    Client.objects.filter(pk=world["person"].pk).update(risk_level="C4")
    feed("positions", [_position("300750.SZ", 1000, "2026-05-02")])  # now allowed (R4 ≤ C4)
    assert len(scan(rule)) == 1


def test_unusual_login_new_network_or_device_after_enough_history(world):
    """A new address in a network the account uses (IPv4 /16, IPv6 /48 by default) is not unusual: mobile
    carriers change addresses within their blocks. A new network or a new device is."""
    rule = make_rule("unusual_login", window_days=90, min_history=3)
    exact = make_rule("unusual_login", code="LOGIN-EXACT", window_days=90, min_history=3, ipv4_prefix=32)

    def login(when, ip, device="iPhone", account="P0001"):
        return {"account": account, "login_time": when, "ip_address": ip, "device": device}

    feed(
        "login_events",
        [
            login("2026-01-01 09:00:00", "10.1.1.1"),
            login("2026-01-02 09:00:00", "10.1.1.1"),
            login("2026-01-03 09:00:00", "10.1.1.1"),
            login("2026-01-04 09:00:00", "10.1.200.7"),  # new address, same /16: quiet
            login("2026-01-05 09:00:00", "10.2.0.1"),  # a new /16: fires
            login("2026-01-06 09:00:00", "10.1.1.1", device="iPad"),  # a new device: fires
            login("2026-04-07 09:00:00", "10.1.1.1"),  # 10.1/16 and the iPhone last seen over 90 days ago
            # IPv6: a new /64 inside the /48 is quiet, a new /48 fires
            *[login(f"2026-01-0{d} 09:00:00", "2001:db8:1:1::1", account="P0002") for d in (1, 2, 3)],
            login("2026-01-04 09:00:00", "2001:db8:1:ffff::9", account="P0002"),
            login("2026-01-05 09:00:00", "2001:db8:2::1", account="P0002"),
            login("2026-01-01 09:00:00", "8.8.8.8", account="E0001"),
            login("2026-01-02 09:00:00", "9.9.9.9", account="E0001"),
        ],
    )  # too little history
    alerts = sorted(scan(rule), key=lambda a: (a.window_end, a.account_id))
    assert [(a.account_id, day(a.window_end)) for a in alerts] == [
        ("P0001", "2026-01-05"),
        ("P0002", "2026-01-05"),
        ("P0001", "2026-01-06"),
        ("P0001", "2026-04-07"),
    ]
    assert [a.summary_text.split(": ")[1] for a in alerts] == [
        "new network",
        "new network",
        "new device",
        "new network, new device",
    ]
    # a rule that counts every exact IPv4 address (/32) as its own network fires on 01-04 as well
    assert [(a.account_id, day(a.window_end)) for a in scan(exact) if a.account_id == "P0001"] == [
        ("P0001", "2026-01-04"),
        ("P0001", "2026-01-05"),
        ("P0001", "2026-01-06"),
        ("P0001", "2026-04-07"),
    ]


def test_margin_ratio_validates_its_lines_but_is_not_evaluable_without_margin_data(world):
    from securities_crm.monitoring import kinds

    rule = make_rule("margin_ratio", call_line=1.3, topup_line=1.5, withdraw_line=3.0)
    assert not kinds.get("margin_ratio").evaluable
    assert scan(rule) == []


def test_summaries_read_in_the_readers_language_whoever_raised_them(world):
    """An alert raised while English was active (an integrator's real-time feed) reads in Chinese for a
    Chinese reader and in English for an English one; the stored text is in the site's language (zh-hans),
    for search and the AML filing. So is the reason of the system's own move (assigned by the rules)."""
    from django.utils import translation

    rule = make_rule("large_cash")
    feed("fund_transfers", [transfer(60000, "2026-03-02 09:00:00", is_cash="1")])
    (alert,) = scan(rule)  # the english fixture is active
    assert alert.summary == "单日现金 ¥60,000（≥ ¥50,000）"
    assert alert.summary_text == "Cash of ¥60,000 in one day (≥ ¥50,000)"
    with translation.override("zh-hans"):
        assert alert.summary_text == "单日现金 ¥60,000（≥ ¥50,000）"
    (assigned,) = [t for t in alert.transitions if t["action"] == "assign"]
    assert (
        assigned["reason"] == "按分派规则分派"
        and assigned["reason_data"]["msgid"] == "Assigned by the assignment rules"
    )


def test_a_login_summary_translates_its_words(world):
    from django.utils import translation

    from securities_crm.core import i18n

    data = i18n.Message(
        "Login from %(ip)s on %(device)s: %(why)s",
        {"ip": "1.2.3.4", "device": "iPhone", "why": i18n.Words(("new network", "new device"))},
    ).as_data()
    assert i18n.render(data) == "Login from 1.2.3.4 on iPhone: new network, new device"
    with translation.override("zh-hans"):
        text = i18n.render(data)
    assert "1.2.3.4" in text and "new" not in text  # every word translated
