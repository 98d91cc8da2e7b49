"""The profile metrics, set-wise: one DuckDB query over Arrow tables gives every client's row.

The inputs (`Inputs`, read by profiling/read.py) are the clients in scope and their trades, position
snapshots, fund transfers, orders and logins of the last year, plus what is market-wide and must be
the same for every partition of a run (`Market`: the snapshot calendar and the most-traded names).
Nothing here touches the database, so the benchmark's ceiling runs exactly this over the same tables.

Definitions (windows are calendar days ending on `as_of`, inclusive; the lengths are parameters):
- AUM: the client's market value on the latest snapshot date of the calendar on or before `as_of`
  (a client holding nothing that day has 0). Average daily AUM over a window: the sum of the client's
  daily AUM over the calendar's dates in the window ÷ the number of those dates. Peak: the largest.
- Net inflow: transfers in less transfers out.
- Turnover (6 months): traded amount ÷ average daily AUM, both over 6 months; with no assets it is 0
  and the style tag is empty (a turnover against nothing says nothing about style).
- Style: turnover ≥ 40 高频, ≥ 12 短线, ≥ 3 中线, else 长线 (each boundary belongs to the faster style).
- Holding period, FIFO with partial sells: per client and instrument, buys and sells in time order
  are laid end to end as quantity intervals; the quantity where a sell's interval overlaps a buy's
  was bought then and sold then. The average is weighted by that quantity, in calendar days. Sells of
  what was bought before the year loaded match nothing and are left out.
- Follower share: the share of the latest snapshot's market value in the market's most-traded names
  (by traded amount over the follower window); > 60% Follower, < 40% Independent, else Mixed.
- Preferences: traded amount over the preference window by market, instrument type and industry, the
  top few with their amount and share; channel mix: orders and logins by channel, as shares.
- Recency: the last trade and login on or before `as_of`, over all history (`last_trade_before` and
  `last_login_before` bring what is older than the loaded year).
- Activity: any trade, position, transfer, order or login in the year. A client without any gets
  zeros and `has_activity` off.
- A processing-restricted client (PIPL Art. 44) is profiled for compliance only: the suitability facts
  are copied, every behavioural metric stays zero or empty, and `has_activity` is off, so no segment,
  campaign or score reads behaviour the client asked us not to process.
RFM scores are not computed here: they rank a client against all others (profiling/rfm.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa

from .parameters import Parameters

TS = pa.timestamp("us")

# The columns a profile row has (besides the standard ones), in the table's terms.
METRIC_COLUMNS = (
    "client_id",
    "as_of",
    "has_activity",
    "compliance_only",
    "aum",
    "avg_aum_3m",
    "avg_aum_6m",
    "avg_aum_12m",
    "peak_aum_12m",
    "aum_3m_ago",
    "aum_change_3m",
    "net_inflow_1m",
    "net_inflow_3m",
    "net_inflow_12m",
    "ever_funded",
    "trades_1m",
    "trades_3m",
    "trades_6m",
    "trade_days_1m",
    "trade_days_3m",
    "trade_days_6m",
    "traded_amount_6m",
    "fees_12m",
    "last_trade_on",
    "last_login_on",
    "days_since_trade",
    "days_since_login",
    "turnover_6m",
    "holding_days",
    "style_tag",
    "follower_share",
    "follower_style",
    "top_markets",
    "top_instrument_types",
    "top_industries",
    "channel_mix",
    "risk_level",
    "investor_type",
    "assessment_valid_until",
)
# What the refresh after an ingestion batch rewrites (the rest waits for the night).
ACTIVITY_COLUMNS = (
    "has_activity",
    "trades_1m",
    "trades_3m",
    "trades_6m",
    "trade_days_1m",
    "trade_days_3m",
    "trade_days_6m",
    "last_trade_on",
    "last_login_on",
    "days_since_trade",
    "days_since_login",
)
JSON_COLUMNS = ("top_markets", "top_instrument_types", "top_industries", "channel_mix")

# Stored values of the choices (doctype/client_profile/model.py): the model's TextChoices are not
# imported here so that this module stays free of Django, as the benchmark's ceiling runs it bare.
STYLE_VALUES = ("High Frequency", "Short Term", "Medium Term", "Long Term")
FOLLOWER_VALUES = ("Follower", "Independent", "Mixed")

# Turnover and the AUM change are stored with 4 places in numeric(14, 4) and numeric(12, 4).
TURNOVER_MAX = 9_999_999_999.0
CHANGE_MAX = 99_999_999.0


@dataclass
class Market:
    """What every partition of a run shares: the snapshot dates of the year, the most-traded names."""

    calendar: list[dt.date] = field(default_factory=list)
    top_names: list[str] = field(default_factory=list)


@dataclass
class Inputs:
    clients: pa.Table  # name, processing_restricted, risk_level, investor_type, risk_valid_until
    trades: pa.Table  # name, client, instrument, side, quantity, amount, fee, trade_time, channel
    positions: pa.Table  # name, client, instrument, position_date, market_value
    transfers: pa.Table  # name, client, direction, amount, transfer_time
    orders: pa.Table  # name, client, channel, placed_time
    logins: pa.Table  # name, client, channel, login_time
    instruments: pa.Table  # name, market, instrument_type, industry
    last_trade_before: pa.Table  # client, last (timestamp): the last trade before the loaded year
    last_login_before: pa.Table  # client, last
    market: Market


def since(as_of: dt.date, params: Parameters) -> dt.datetime:
    """The first moment loaded: the start of the longest window."""
    return dt.datetime.combine(as_of - dt.timedelta(days=params.days("12m") - 1), dt.time())


def _sql(as_of: dt.date, p: Parameters) -> str:
    w1, w3, w6, w12 = (p.days(k) for k in ("1m", "3m", "6m", "12m"))
    pref = p.days(p.preferences["window"])
    top_n = int(p.preferences["top_n"])
    hf, st, mt = (float(p.style[k]) for k in ("high_frequency", "short_term", "medium_term"))
    above, below = float(p.follower["follower_above"]), float(p.follower["independent_below"])
    a = f"DATE '{as_of.isoformat()}'"

    def within(col: str, days: int) -> str:  # a day column in the window of `days` ending on as_of
        return f"({col} > {a} - INTEGER '{days}' AND {col} <= {a})"

    def top(dim: str) -> str:
        return f"""
        {dim}_amounts AS (
            SELECT t.client, i.{dim} AS key, sum(t.amount) AS amount
            FROM tr t JOIN instruments i ON i.name = t.instrument
            WHERE {within("t.day", pref)} AND coalesce(i.{dim}, '') <> ''
            GROUP BY ALL
        ),
        {dim}_top AS (
            SELECT x.client,
                   to_json(list(struct_pack(key := x.key, amount := round(x.amount, 2),
                                            share := round(x.amount / nullif(tot.amount, 0), 4))
                                ORDER BY x.amount DESC, x.key)[1:{top_n}]) AS js
            FROM {dim}_amounts x
            JOIN (SELECT client, sum(amount) AS amount FROM {dim}_amounts GROUP BY client) tot USING (client)
            GROUP BY x.client
        )"""

    return f"""
    WITH
    cl AS (SELECT name AS client, coalesce(processing_restricted, false) AS restricted,
                  risk_level, investor_type, CAST(risk_valid_until AS DATE) AS valid_until FROM clients),
    -- amounts as decimals (they are stored so): exact sums, the same whatever order threads add them in,
    -- so a rerun over the same rows gives the same digits
    tr AS (SELECT name, client, instrument, side, trade_time, channel, CAST(trade_time AS DATE) AS day,
                  CAST(quantity AS DECIMAL(20, 4)) AS quantity, CAST(amount AS DECIMAL(20, 2)) AS amount,
                  CAST(fee AS DECIMAL(18, 2)) AS fee
           FROM trades WHERE CAST(trade_time AS DATE) <= {a}),
    ps AS (SELECT client, instrument, CAST(position_date AS DATE) AS d,
                  CAST(market_value AS DECIMAL(20, 2)) AS market_value FROM positions
           WHERE CAST(position_date AS DATE) IN (SELECT d FROM calendar)),
    ft AS (SELECT client, CAST(transfer_time AS DATE) AS day,
                  CAST(CASE WHEN direction = 'In' THEN amount ELSE -amount END AS DECIMAL(20, 2)) AS net, direction
           FROM transfers WHERE CAST(transfer_time AS DATE) <= {a}),
    od AS (SELECT client, channel FROM orders WHERE CAST(placed_time AS DATE) <= {a}
                  AND {within("CAST(placed_time AS DATE)", w6)}),
    lg AS (SELECT client, channel, CAST(login_time AS DATE) AS day FROM logins WHERE CAST(login_time AS DATE) <= {a}),
    cal AS (SELECT d FROM calendar WHERE d <= {a}),
    latest AS (SELECT max(d) AS d FROM cal),
    ago AS (SELECT max(d) AS d FROM cal WHERE d <= {a} - INTEGER '{w3}'),
    ndays AS (SELECT count(*) FILTER (WHERE {within("d", w3)}) AS n3,
                     count(*) FILTER (WHERE {within("d", w6)}) AS n6,
                     count(*) FILTER (WHERE {within("d", w12)}) AS n12 FROM cal),
    daily AS (SELECT client, d, sum(market_value) AS aum FROM ps GROUP BY client, d),
    assets AS (
        SELECT client,
               sum(aum) FILTER (WHERE d = (SELECT d FROM latest)) AS aum,
               sum(aum) FILTER (WHERE d = (SELECT d FROM ago)) AS aum_ago,
               sum(aum) FILTER (WHERE {within("d", w3)}) AS sum3,
               sum(aum) FILTER (WHERE {within("d", w6)}) AS sum6,
               sum(aum) FILTER (WHERE {within("d", w12)}) AS sum12,
               max(aum) FILTER (WHERE {within("d", w12)}) AS peak12,
               count(*) AS snapshots
        FROM daily GROUP BY client
    ),
    flows AS (
        SELECT client,
               sum(net) FILTER (WHERE {within("day", w1)}) AS in1,
               sum(net) FILTER (WHERE {within("day", w3)}) AS in3,
               sum(net) FILTER (WHERE {within("day", w12)}) AS in12,
               bool_or(direction = 'In') AS funded, count(*) AS n
        FROM ft GROUP BY client
    ),
    acts AS (
        SELECT client,
               count(*) FILTER (WHERE {within("day", w1)}) AS trades1,
               count(*) FILTER (WHERE {within("day", w3)}) AS trades3,
               count(*) FILTER (WHERE {within("day", w6)}) AS trades6,
               count(DISTINCT day) FILTER (WHERE {within("day", w1)}) AS days1,
               count(DISTINCT day) FILTER (WHERE {within("day", w3)}) AS days3,
               count(DISTINCT day) FILTER (WHERE {within("day", w6)}) AS days6,
               sum(amount) FILTER (WHERE {within("day", w6)}) AS amount6,
               sum(fee) FILTER (WHERE {within("day", w12)}) AS fees12,
               max(day) AS last_day, count(*) AS n
        FROM tr GROUP BY client
    ),
    logins_last AS (SELECT client, max(day) AS last_day, count(*) AS n FROM lg GROUP BY client),
    -- FIFO: buys and sells laid end to end per client and instrument; overlaps are matched lots
    legs AS (
        SELECT client, instrument, side, day, quantity,
               sum(quantity) OVER (PARTITION BY client, instrument, side
                                   ORDER BY trade_time, name ROWS UNBOUNDED PRECEDING) AS hi
        FROM tr
    ),
    buys AS (SELECT client, instrument, day, hi - quantity AS lo, hi FROM legs WHERE side = 'Buy'),
    sells AS (SELECT client, instrument, day, hi - quantity AS lo, hi FROM legs WHERE side = 'Sell'),
    matched AS (
        SELECT s.client,
               least(b.hi, s.hi) - greatest(b.lo, s.lo) AS q,
               date_diff('day', b.day, s.day) AS days
        FROM sells s JOIN buys b
          ON b.client = s.client AND b.instrument = s.instrument AND b.lo < s.hi AND s.lo < b.hi
    ),
    holding AS (SELECT client, sum(q * days) / nullif(sum(q), 0) AS days FROM matched GROUP BY client),
    held AS (
        SELECT p.client,
               sum(p.market_value) FILTER (WHERE p.instrument IN (SELECT name FROM top_names)) AS in_top,
               sum(p.market_value) AS total
        FROM ps p WHERE p.d = (SELECT d FROM latest) GROUP BY p.client
    ),
    {top("market")},
    {top("instrument_type")},
    {top("industry")},
    chan AS (
        SELECT client, channel, count(*) AS n FROM (
            SELECT client, channel FROM od
            UNION ALL SELECT client, channel FROM lg WHERE {within("day", w6)}
        ) WHERE coalesce(channel, '') <> '' GROUP BY client, channel
    ),
    mix AS (
        SELECT client,
               to_json(map_from_entries(list(struct_pack(k := channel, v := round(n / tot, 4)) ORDER BY channel))) AS js
        FROM chan JOIN (SELECT client, sum(n) AS tot FROM chan GROUP BY client) USING (client)
        GROUP BY client
    ),
    orders_any AS (SELECT DISTINCT client FROM orders WHERE CAST(placed_time AS DATE) <= {a}),
    base AS (
        SELECT cl.client, cl.restricted, cl.risk_level, cl.investor_type, cl.valid_until,
               coalesce(s.aum, 0) AS aum,
               coalesce(s.aum_ago, 0) AS aum_ago,
               coalesce(s.sum3 / nullif((SELECT n3 FROM ndays), 0), 0) AS avg3,
               coalesce(s.sum6 / nullif((SELECT n6 FROM ndays), 0), 0) AS avg6,
               coalesce(s.sum12 / nullif((SELECT n12 FROM ndays), 0), 0) AS avg12,
               coalesce(s.peak12, 0) AS peak12,
               coalesce(f.in1, 0) AS in1, coalesce(f.in3, 0) AS in3, coalesce(f.in12, 0) AS in12,
               coalesce(f.funded, false) AS funded,
               coalesce(t.trades1, 0) AS trades1, coalesce(t.trades3, 0) AS trades3, coalesce(t.trades6, 0) AS trades6,
               coalesce(t.days1, 0) AS days1, coalesce(t.days3, 0) AS days3, coalesce(t.days6, 0) AS days6,
               coalesce(t.amount6, 0) AS amount6, coalesce(t.fees12, 0) AS fees12,
               greatest(t.last_day, CAST(bt.last AS DATE)) AS last_trade,
               greatest(l.last_day, CAST(bl.last AS DATE)) AS last_login,
               coalesce(h.days, 0) AS holding,
               coalesce(hd.in_top / nullif(hd.total, 0), 0) AS share,
               coalesce(hd.total, 0) > 0 AS holds,
               mk.js AS top_markets, it.js AS top_types, ind.js AS top_industries, mix.js AS channel_mix,
               (coalesce(t.n, 0) + coalesce(f.n, 0) + coalesce(l.n, 0) + coalesce(s.snapshots, 0) > 0
                OR oa.client IS NOT NULL) AS active
        FROM cl
        LEFT JOIN assets s USING (client)
        LEFT JOIN flows f USING (client)
        LEFT JOIN acts t USING (client)
        LEFT JOIN logins_last l USING (client)
        LEFT JOIN last_trade_before bt USING (client)
        LEFT JOIN last_login_before bl USING (client)
        LEFT JOIN holding h USING (client)
        LEFT JOIN held hd USING (client)
        LEFT JOIN market_top mk USING (client)
        LEFT JOIN instrument_type_top it USING (client)
        LEFT JOIN industry_top ind USING (client)
        LEFT JOIN mix USING (client)
        LEFT JOIN orders_any oa USING (client)
    ),
    scored AS (
        SELECT *,
               CASE WHEN avg6 > 0 THEN least(round(amount6 / avg6, 4), {TURNOVER_MAX}) ELSE 0 END AS turnover
        FROM base
    )
    SELECT
        client AS client_id,
        {a} AS as_of,
        active AND NOT restricted AS has_activity,
        restricted AS compliance_only,
        CASE WHEN restricted THEN 0 ELSE round(aum, 2) END AS aum,
        CASE WHEN restricted THEN 0 ELSE round(avg3, 2) END AS avg_aum_3m,
        CASE WHEN restricted THEN 0 ELSE round(avg6, 2) END AS avg_aum_6m,
        CASE WHEN restricted THEN 0 ELSE round(avg12, 2) END AS avg_aum_12m,
        CASE WHEN restricted THEN 0 ELSE round(peak12, 2) END AS peak_aum_12m,
        CASE WHEN restricted THEN 0 ELSE round(aum_ago, 2) END AS aum_3m_ago,
        CASE WHEN restricted OR aum_ago <= 0 THEN NULL
             ELSE least(round((aum - aum_ago) / aum_ago, 4), {CHANGE_MAX}) END AS aum_change_3m,
        CASE WHEN restricted THEN 0 ELSE round(in1, 2) END AS net_inflow_1m,
        CASE WHEN restricted THEN 0 ELSE round(in3, 2) END AS net_inflow_3m,
        CASE WHEN restricted THEN 0 ELSE round(in12, 2) END AS net_inflow_12m,
        NOT restricted AND (funded OR aum > 0 OR avg12 > 0) AS ever_funded,
        CASE WHEN restricted THEN 0 ELSE trades1 END AS trades_1m,
        CASE WHEN restricted THEN 0 ELSE trades3 END AS trades_3m,
        CASE WHEN restricted THEN 0 ELSE trades6 END AS trades_6m,
        CASE WHEN restricted THEN 0 ELSE days1 END AS trade_days_1m,
        CASE WHEN restricted THEN 0 ELSE days3 END AS trade_days_3m,
        CASE WHEN restricted THEN 0 ELSE days6 END AS trade_days_6m,
        CASE WHEN restricted THEN 0 ELSE round(amount6, 2) END AS traded_amount_6m,
        CASE WHEN restricted THEN 0 ELSE round(fees12, 2) END AS fees_12m,
        CASE WHEN restricted THEN NULL ELSE last_trade END AS last_trade_on,
        CASE WHEN restricted THEN NULL ELSE last_login END AS last_login_on,
        CASE WHEN restricted THEN NULL ELSE date_diff('day', last_trade, {a}) END AS days_since_trade,
        CASE WHEN restricted THEN NULL ELSE date_diff('day', last_login, {a}) END AS days_since_login,
        CASE WHEN restricted THEN 0 ELSE turnover END AS turnover_6m,
        CASE WHEN restricted THEN 0 ELSE round(holding, 2) END AS holding_days,
        CASE WHEN restricted OR avg6 <= 0 THEN ''
             WHEN turnover >= {hf} THEN '{STYLE_VALUES[0]}'
             WHEN turnover >= {st} THEN '{STYLE_VALUES[1]}'
             WHEN turnover >= {mt} THEN '{STYLE_VALUES[2]}'
             ELSE '{STYLE_VALUES[3]}' END AS style_tag,
        CASE WHEN restricted THEN 0 ELSE round(share, 4) END AS follower_share,
        CASE WHEN restricted OR NOT holds THEN ''
             WHEN round(share, 4) > {above} THEN '{FOLLOWER_VALUES[0]}'
             WHEN round(share, 4) < {below} THEN '{FOLLOWER_VALUES[1]}'
             ELSE '{FOLLOWER_VALUES[2]}' END AS follower_style,
        CASE WHEN restricted THEN '[]' ELSE coalesce(CAST(top_markets AS VARCHAR), '[]') END AS top_markets,
        CASE WHEN restricted THEN '[]' ELSE coalesce(CAST(top_types AS VARCHAR), '[]') END AS top_instrument_types,
        CASE WHEN restricted THEN '[]' ELSE coalesce(CAST(top_industries AS VARCHAR), '[]') END AS top_industries,
        CASE WHEN restricted THEN '{{}}' ELSE coalesce(CAST(channel_mix AS VARCHAR), '{{}}') END AS channel_mix,
        coalesce(risk_level, '') AS risk_level,
        coalesce(investor_type, '') AS investor_type,
        valid_until AS assessment_valid_until
    FROM scored
    ORDER BY client
    """


def compute(con, inputs: Inputs, as_of: dt.date, params: Parameters) -> pa.Table:
    """Every client's metrics (METRIC_COLUMNS) as an Arrow table, one row per client in `inputs.clients`."""
    market = inputs.market
    calendar = pa.table({"d": pa.array(sorted(market.calendar), pa.date32())})
    top_names = pa.table({"name": pa.array(list(market.top_names), pa.string())})
    views = {
        "clients": inputs.clients,
        "trades": inputs.trades,
        "positions": inputs.positions,
        "transfers": inputs.transfers,
        "orders": inputs.orders,
        "logins": inputs.logins,
        "instruments": inputs.instruments,
        "last_trade_before": inputs.last_trade_before,
        "last_login_before": inputs.last_login_before,
        "calendar": calendar,
        "top_names": top_names,
    }
    for view, table in views.items():
        con.register(view, table)
    try:
        result = con.sql(_sql(as_of, params)).to_arrow_table()
    finally:
        for view in views:
            con.unregister(view)
    return result.select(list(METRIC_COLUMNS)) if len(result.column_names) else result
