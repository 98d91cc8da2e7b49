"""AML kinds (反洗钱): large-value cash and transfers, structuring, large outflows, idle accounts with
large flows, and money in scattered and out in one lump (or the reverse). Per client, since the
regulation counts a client's accounts together."""

import pandas as pd
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ...core.i18n import Message
from ..kinds import HIT_COLUMNS, Param, kind
from .common import empty, finish, fx_sql, grouped, tag, windowed

AML = "AML"
FX = {"usd_cny": Param(7.1, 0.01), "hkd_cny": Param(0.91, 0.01)}


TRANSFERS = "SELECT *, transfer_time AS t FROM fund_transfer"


@kind(
    "large_cash",
    _("Large cash transaction"),
    AML,
    ["Fund Transfer"],
    {"threshold_cny": Param(50_000, 1), "threshold_usd": Param(10_000, 1), **FX},
)
def large_cash(ctx):
    """Cash in or out per client per (natural) day, single or summed, on the regulation's two lines:
    renminbi cash ≥ ¥50,000, and foreign-currency cash (every foreign currency converted to US dollars
    at the rule's rates) ≥ US$10,000. The lines are apart, as the large-value rules read and as the
    reports are filed: renminbi and foreign cash are not added together, so US$7,000 of cash on a day
    with ¥45,000 raises nothing. One alert per client, day and line (keys CNY: and USD:)."""
    p = ctx.params
    local = "coalesce(currency, '') IN ('CNY', '')"
    cash = "SELECT *, transfer_time AS t FROM fund_transfer WHERE is_cash AND "
    in_usd = f"{fx_sql(p)} / {float(p['usd_cny'])!r}"
    renminbi = windowed(
        ctx,
        cash + local,
        "client",
        1,
        "amount",
        p["threshold_cny"],
        "Fund Transfer",
        gettext_noop("Cash of ¥%(score)s in one day (≥ ¥%(threshold)s)"),
        key_prefix="CNY:",
    )
    foreign = windowed(
        ctx,
        cash + f"NOT ({local})",
        "client",
        1,
        in_usd,
        p["threshold_usd"],
        "Fund Transfer",
        gettext_noop("Foreign-currency cash of US$%(score)s in one day (≥ US$%(threshold)s)"),
        key_prefix="USD:",
    )
    found = [f for f in (renminbi, foreign) if not f.empty]
    return pd.concat(found, ignore_index=True) if found else empty()


@kind(
    "large_transfer",
    _("Large transfer"),
    AML,
    ["Fund Transfer"],
    {
        "entity_cny": Param(2_000_000, 1),
        "individual_domestic_cny": Param(500_000, 1),
        "individual_cross_border_cny": Param(200_000, 1),
        **FX,
    },
)
def large_transfer(ctx):
    """Non-cash transfers per client per day, in CNY: entities ≥ ¥2M; individuals ≥ ¥500k domestic,
    ≥ ¥200k cross-border."""
    p = ctx.params
    rows = (
        f"SELECT f.*, f.transfer_time AS t, {fx_sql(p)} AS cny, a.client_type <> 'Individual' AS entity "
        "FROM fund_transfer f JOIN accounts a ON a.account = f.account WHERE NOT f.is_cash"
    )
    rows = f"SELECT * FROM ({rows}) y WHERE "
    parts = [
        windowed(
            ctx,
            rows + "entity",
            "client",
            1,
            "cny",
            p["entity_cny"],
            "Fund Transfer",
            gettext_noop("Entity transfers of ¥%(score)s in one day (≥ ¥%(threshold)s)"),
            "ENT:",
        ),
        windowed(
            ctx,
            rows + "NOT entity AND NOT cross_border",
            "client",
            1,
            "cny",
            p["individual_domestic_cny"],
            "Fund Transfer",
            gettext_noop("Domestic transfers of ¥%(score)s in one day (≥ ¥%(threshold)s)"),
            "DOM:",
        ),
        windowed(
            ctx,
            rows + "NOT entity AND cross_border",
            "client",
            1,
            "cny",
            p["individual_cross_border_cny"],
            "Fund Transfer",
            gettext_noop("Cross-border transfers of ¥%(score)s in one day (≥ ¥%(threshold)s)"),
            "XB:",
        ),
    ]
    return pd.concat([x for x in parts if not x.empty] or [empty()], ignore_index=True)


@kind(
    "structuring",
    _("Structuring just under the threshold"),
    AML,
    ["Fund Transfer"],
    {"threshold": Param(50_000, 1), "margin": Param(0.1, 0.0001, 1), "min_count": Param(3, 2, kind=int)},
    default_window=7,
)
def structuring(ctx):
    """Repeated cash amounts in [threshold × (1 − margin), threshold): at least min_count in a window."""
    p = ctx.params
    low = float(p["threshold"]) * (1 - float(p["margin"]))
    return windowed(
        ctx,
        TRANSFERS + " WHERE is_cash AND amount < $limit AND amount >= $low",
        "client",
        ctx.window_days,
        "1",
        p["min_count"],
        "Fund Transfer",
        gettext_noop("%(score)s cash amounts just under the threshold (≥ %(threshold)s)"),
        params={"limit": float(p["threshold"]), "low": low},
    )


@kind(
    "large_outflow",
    _("Large outflow"),
    AML,
    ["Fund Transfer"],
    {"amount": Param(1_000_000, 1), "asset_share": Param(0.5, 0.01, 100), "share_min_amount": Param(500_000, 0), **FX},
)
def large_outflow(ctx):
    """Money out within a window ≥ an amount, or ≥ a share of the client's financial assets (when it is
    also ≥ share_min_amount, so that small accounts do not fire on pocket money)."""
    p = ctx.params
    rows = (
        f"SELECT client AS grp, account, name, transfer_time AS t, {fx_sql(p)} AS v FROM fund_transfer "
        "WHERE direction = 'Out'"
    )
    share = (
        "(SELECT client AS grp, max(financial_assets) * $share AS share_limit FROM accounts GROUP BY client) "
        "s USING (grp)"
    )
    hits = grouped(
        ctx,
        rows,
        "client",
        ctx.window_days,
        {"total": "sum(v)"},
        "total",
        "score >= $amount OR (share_limit > 0 AND score >= share_limit AND score >= $share_min)",
        {"amount": float(p["amount"]), "share": float(p["asset_share"]), "share_min": float(p["share_min_amount"])},
        join="LEFT JOIN " + share,
    )
    return finish(
        hits,
        "client",
        ctx.window_days,
        p["amount"],
        "Fund Transfer",
        gettext_noop("Outflow of ¥%(score)s in the window (≥ ¥%(threshold)s or the asset share)"),
    )


@kind(
    "idle_account_flows",
    _("Idle account with large flows"),
    AML,
    ["Fund Transfer", "Trade"],
    {"amount": Param(1_000_000, 1), "max_trades": Param(2, 0, kind=int), **FX},
    default_window=30,
)
def idle_account_flows(ctx):
    """An account that barely trades (≤ max_trades in the window) but moves ≥ amount in and out."""
    p = ctx.params
    days = ctx.window_days
    rows = f"SELECT account AS grp, account, name, transfer_time AS t, {fx_sql(p)} AS v FROM fund_transfer"
    # Trades are counted in the windows whose flows are large enough only (few), not in all of them.
    counts = (
        "(SELECT g.grp, g.window_start, count(*) AS trades FROM g JOIN trade tr ON tr.account = g.grp "
        "AND tr.trade_time >= g.window_start AND tr.trade_time < g.window_end "
        "WHERE g.score >= $amount GROUP BY ALL) n USING (grp, window_start)"
    )
    hits = grouped(
        ctx,
        rows,
        "account",
        days,
        {"total": "sum(v)"},
        "total",
        "score >= $amount AND coalesce(n.trades, 0) <= $max_trades",
        {"amount": float(p["amount"]), "max_trades": int(p["max_trades"])},
        join="LEFT JOIN " + counts,
    )
    return finish(
        hits,
        "account",
        days,
        p["amount"],
        "Fund Transfer",
        gettext_noop("Flows of ¥%(score)s through an account that barely trades (≥ ¥%(threshold)s)"),
    )


@kind(
    "scatter_gather",
    _("Scattered in, lump out (or the reverse)"),
    AML,
    ["Fund Transfer"],
    {
        "small_amount": Param(50_000, 1),
        "min_count": Param(5, 2, kind=int),
        "min_total": Param(200_000, 1),
        "share": Param(0.8, 0.01, 1),
        **FX,
    },
    default_window=7,
)
def scatter_gather(ctx):
    """Sliding windows anchored on the lump: one outflow ≥ share of the small inflows (each < small_amount,
    at least min_count, totalling ≥ min_total) received in the window days before it; or one inflow
    ≥ min_total dispersed in at least min_count small outflows totalling ≥ share of it in the window days
    after it. One alert per lump."""
    p = ctx.params
    days = int(ctx.window_days)
    query = f"""
        WITH t AS (SELECT client, account, name, direction, transfer_time AS lump_at, {fx_sql(p)} AS cny
                   FROM fund_transfer),
        small AS (SELECT * FROM t WHERE cny < $small),
        lumps AS (SELECT * FROM t WHERE (direction = 'Out' AND cny >= $min_total * $share)
                                     OR (direction = 'In' AND cny >= $min_total)),
        m AS (SELECT l.client, l.account, l.name AS big_id, l.cny AS big, l.lump_at, l.direction AS lump_dir,
                     s.name, s.cny, s.lump_at AS st
              FROM lumps l JOIN small s ON s.client = l.client AND s.direction <> l.direction
              WHERE (l.direction = 'Out' AND s.lump_at <= l.lump_at AND s.lump_at > l.lump_at - to_days({days}))
                 OR (l.direction = 'In' AND s.lump_at >= l.lump_at AND s.lump_at < l.lump_at + to_days({days}))),
        agg AS (SELECT client, account, big_id, big, lump_at, lump_dir, count(*) AS n, sum(cny) AS total,
                       list(name ORDER BY st, name) AS ids FROM m GROUP BY ALL)
        SELECT * FROM agg WHERE n >= $min_count
          AND ((lump_dir = 'Out' AND total >= $min_total AND big >= $share * total)
               OR (lump_dir = 'In' AND total >= $share * big))
        ORDER BY client, lump_at, big_id"""
    agg = ctx.sql(
        query,
        small=float(p["small_amount"]),
        min_total=float(p["min_total"]),
        share=float(p["share"]),
        min_count=int(p["min_count"]),
    )
    if agg.empty:
        return empty()
    window = pd.Timedelta(days=days)
    gathered = agg["lump_dir"] == "Out"  # scattered in, one lump out
    labels = {
        True: gettext_noop("%(n)d small inflows of ¥%(total)s, then one outflow of ¥%(big)s"),
        False: gettext_noop("One inflow of ¥%(big)s, then %(n)d small outflows of ¥%(total)s"),
    }
    hits = pd.DataFrame(
        {
            "account": agg["account"],
            "key": gathered.map({True: "In", False: "Out"})
            + ":"
            + agg["client"].astype(str)
            + ":"
            + agg["big_id"].astype(str),
            "window_start": agg["lump_at"].where(~gathered, agg["lump_at"] - window),
            "window_end": agg["lump_at"].where(gathered, agg["lump_at"] + window),
            "score": agg["n"].astype(float),
            "threshold": float(p["min_count"]),
            "summary": [
                Message(labels[bool(g)], {"n": int(n), "total": f"{tot:,.0f}", "big": f"{b:,.0f}"})
                for g, n, tot, b in zip(gathered, agg["n"], agg["total"], agg["big"])
            ],
            "evidence": tag(
                pd.Series([list(ids) + [big] for ids, big in zip(agg["ids"], agg["big_id"])]), "Fund Transfer"
            ),
        }
    )
    return hits[HIT_COLUMNS]


__all__ = ["HIT_COLUMNS", "tag"]
