"""RFM: recency, frequency and monetary value as quintile scores 1–5, and the named cell.

The measures (parameters `rfm.frequency` and `rfm.monetary` name the profile columns): recency is the
days since the last trade, frequency the trading days over 6 months, monetary the fees paid over 12
months (what the client is worth to the broker). The population is every client with activity (and
not compliance-only); the others score 0 and have no cell.

Quintiles: the breakpoints are the population's discrete 20/40/60/80% quantiles b1..b4 (DuckDB's
quantile_disc). For frequency and monetary the score is 1 + the number of breakpoints the value is
above (v ≤ b1 → 1, b1 < v ≤ b2 → 2, ..., v > b4 → 5); recency counts the other way (fewer days is
better): 6 minus that score over the days. Equal values always score alike. A client who never traded
has recency 1.

The cells, from each score being high (≥ `rfm.high_from`, 3) or low:

    R high, F high, M high  重要价值  Important Value
    R high, F low,  M high  重要发展  Important Development
    R low,  F high, M high  重要保持  Important Retention
    R low,  F low,  M high  重要挽留  Important Win-back
    R high, F high, M low   一般价值  General Value
    R high, F low,  M low   一般发展  General Development
    R low,  F high, M low   一般保持  General Retention
    R low,  F low,  M low   流失      Lost
"""

from __future__ import annotations

import pyarrow as pa

from .parameters import Parameters

# (R high, F high, M high) -> the cell's stored value (doctype/client_profile/model.py RFMCell)
CELLS = {
    (True, True, True): "Important Value",
    (True, False, True): "Important Development",
    (False, True, True): "Important Retention",
    (False, False, True): "Important Win-back",
    (True, True, False): "General Value",
    (True, False, False): "General Development",
    (False, True, False): "General Retention",
    (False, False, False): "Lost",
}
COLUMNS = ("rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_cell")


def _cell_case(high: int) -> str:
    arms = " ".join(
        f"WHEN (s.r >= {high}) = {r} AND (s.f >= {high}) = {f} AND (s.m >= {high}) = {m} THEN '{cell}'"
        for (r, f, m), cell in CELLS.items()
    )
    return f"CASE {arms} END"


def score(con, profiles: pa.Table, params: Parameters) -> pa.Table:
    """`profiles` has client_id, has_activity, compliance_only, days_since_trade and the frequency and
    monetary columns; returns client_id and COLUMNS for every row."""
    freq, money = params.rfm["frequency"], params.rfm["monetary"]
    qs = "[" + ", ".join(str(float(q)) for q in params.rfm["quantiles"]) + "]"
    high = int(params.rfm["high_from"])
    con.register("profiles", profiles)
    try:
        return con.sql(
            f"""
            WITH pop AS (
                SELECT client_id, CAST(days_since_trade AS DOUBLE) AS rv,
                       CAST({freq} AS DOUBLE) AS fv, CAST({money} AS DOUBLE) AS mv
                FROM profiles WHERE has_activity AND NOT compliance_only
            ),
            edges AS (
                SELECT (SELECT quantile_disc(rv, {qs}) FROM pop WHERE rv IS NOT NULL) AS r,
                       quantile_disc(fv, {qs}) AS f, quantile_disc(mv, {qs}) AS m
                FROM pop
            ),
            scores AS (
                SELECT client_id,
                       CASE WHEN rv IS NULL THEN 1
                            ELSE 6 - (1 + len(list_filter(edges.r, lambda b: rv > b))) END AS r,
                       1 + len(list_filter(edges.f, lambda b: fv > b)) AS f,
                       1 + len(list_filter(edges.m, lambda b: mv > b)) AS m
                FROM pop, edges
            )
            SELECT p.client_id,
                   CAST(coalesce(s.r, 0) AS SMALLINT) AS rfm_recency,
                   CAST(coalesce(s.f, 0) AS SMALLINT) AS rfm_frequency,
                   CAST(coalesce(s.m, 0) AS SMALLINT) AS rfm_monetary,
                   coalesce({_cell_case(high)}, '') AS rfm_cell
            FROM profiles p LEFT JOIN scores s USING (client_id)
            ORDER BY p.client_id
            """
        ).to_arrow_table()
    finally:
        con.unregister("profiles")
