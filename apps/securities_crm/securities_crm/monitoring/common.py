"""Set-based building blocks the kinds share: tumbling-window aggregates in DuckDB SQL, and the hits frame.

The aggregates are computed first and filtered by the threshold; evidence (the ids of the rows that
fired) is gathered afterwards, for the groups that hit only — building a list for every group of
millions of rows was most of the cost of a scan.
"""
from __future__ import annotations

import pandas as pd

from .data import EPOCH, bucket_start
from .kinds import HIT_COLUMNS

EPOCH_SQL = f"DATE '{EPOCH.date().isoformat()}'"


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=HIT_COLUMNS)


def tag(names: pd.Series, doctype: str) -> pd.Series:
    """Evidence lists of ids -> lists of (doctype, id)."""
    return names.map(lambda ids: [(doctype, int(i) if str(i).isdigit() else i) for i in ids])


def bucket_sql(time_sql: str, days: int) -> str:
    """The tumbling window (an integer, counted in days from EPOCH) a time falls in, as data.bucket.
    Integer arithmetic on the date (a subtraction, and for longer windows an integer division, offset
    so that it floors for any date after 1700), which costs a fraction of date_diff and floor."""
    day = f"(CAST({time_sql} AS DATE) - {EPOCH_SQL})"
    days = int(days)
    return day if days == 1 else f"(({day} + {100_000 * days}) // {days} - 100000)"


def fx_sql(params: dict, amount: str = "amount") -> str:
    """An amount in CNY at the rule's rates (other currencies count at par)."""
    return (f"({amount} * CASE currency WHEN 'USD' THEN {float(params['usd_cny'])!r} "
            f"WHEN 'HKD' THEN {float(params['hkd_cny'])!r} ELSE 1.0 END)")


def grouped(ctx, rows: str, by: str, days: int, score: str, having: str, params: dict | None = None,
            extra: str = "", join: str = "") -> pd.DataFrame:
    """Aggregate `rows` (SQL yielding grp, account, name, t, v and any columns `extra` reads) per grp (the
    `by` column: client or account) per tumbling window of `days`: columns `by`, _bucket, score, account
    (of the group's first row), the `extra` aggregates and `evidence` (the group's ids in time order),
    for the groups where `having` holds (it may read columns that `join` adds to the aggregates)."""
    # per account the group's account is the key; per client, that of its first row (ties by id)
    first_account = "any_value(grp)" if by == "account" else "arg_min(account, (t, name))"
    query = f"""
        WITH r AS (SELECT *, {bucket_sql('t', days)} AS _bucket FROM ({rows}) x),
        g AS (SELECT grp, _bucket, {score} AS score, {first_account} AS account {extra}
              FROM r GROUP BY grp, _bucket),
        h AS (SELECT g.* FROM g {join} WHERE {having}),
        e AS (SELECT grp, _bucket, list(name ORDER BY t, name) AS evidence
              FROM r SEMI JOIN h USING (grp, _bucket)
              WHERE r.grp IN (SELECT grp FROM h)  -- filters before the window is computed again
              GROUP BY grp, _bucket)
        SELECT h.*, e.evidence FROM h JOIN e USING (grp, _bucket)"""
    hits = ctx.sql(query, **(params or {}))
    return hits.drop(columns="grp") if by == "account" else hits.rename(columns={"grp": by})


def windowed(ctx, rows: str, by: str, days: int, value: str, threshold: float, doctype: str, summary: str,
             key_prefix: str = "", params: dict | None = None) -> pd.DataFrame:
    """Sum `value` per `by` (client or account) per tumbling window of `days` over `rows` (SQL over the
    context's tables with account, client, name and the time as t); the groups at or above `threshold`
    are hits, with every row of the group as evidence."""
    agg = grouped(ctx, f"SELECT {by} AS grp, account, name, t, {value} AS v FROM ({rows}) s", by, days,
                  "sum(v)", "score >= $threshold", {**(params or {}), "threshold": float(threshold)})
    return finish(agg, by, days, threshold, doctype, summary, key_prefix)


def finish(hits, by, days, threshold, doctype, summary, key_prefix="") -> pd.DataFrame:
    if hits.empty:
        return empty()
    hits = hits.copy()
    hits["window_start"] = bucket_start(hits["_bucket"], days)
    hits["window_end"] = hits["window_start"] + pd.Timedelta(days=days)
    hits["key"] = key_prefix + hits[by].astype(str) + ":" + hits["window_start"].dt.strftime("%Y%m%d")
    hits["threshold"] = float(threshold)
    hits["summary"] = hits["score"].map(lambda s: summary % {"score": _fmt(s), "threshold": _fmt(threshold)})
    if doctype:
        hits["evidence"] = tag(hits["evidence"], doctype)
    return hits[HIT_COLUMNS]


def _fmt(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:.2f}"
