"""Set-based building blocks the kinds share: windowed aggregates in DuckDB SQL, and the hits frame.

Windows of one day are natural (local) days, tumbling: the regulatory large-value rules count per
client per day. Longer windows slide, anchored on the rows: a window starts at a row (the anchor)
and covers [anchor, anchor + N days), so a pattern that straddles a calendar boundary (cash on
Thursday, Friday and Monday in a 7-day window) is seen whole. Every row whose forward window meets
the rule is a candidate; one episode makes many, so an alert is raised only at a candidate whose
previous candidate in the same group is N days or more earlier (or that has none). That test is
local, it needs no more than 2N days of rows before a hit's window ends, so the real-time path (which
reads twice the longest window) and the full scan raise the same alerts.

The aggregates are computed first and filtered by the threshold; evidence (the ids of the rows that
fired) is gathered afterwards, for the windows that hit only — building a list for every group of
millions of rows was most of the cost of a scan.
"""

from __future__ import annotations

import pandas as pd

from ...core.i18n import Message
from ..data import EPOCH, bucket_start
from ..kinds import HIT_COLUMNS

EPOCH_SQL = f"DATE '{EPOCH.date().isoformat()}'"
DAY_US = 86_400_000_000  # microseconds in a day: the sliding frame is ordered by epoch microseconds


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=HIT_COLUMNS)


def tag(names: pd.Series, doctype: str) -> pd.Series:
    """Evidence lists of ids -> lists of (doctype, id)."""
    return names.map(lambda ids: [(doctype, int(i) if str(i).isdigit() else i) for i in _ids(ids)])


def _ids(value) -> list:
    """A list column's cell (a list, an array, or NULL when no row qualified) as a list."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return list(value)


def bucket_sql(time_sql: str, days: int) -> str:
    """The tumbling window (an integer, counted in days from EPOCH) a time falls in, as data.bucket.
    Integer arithmetic on the date (a subtraction, and for longer windows an integer division, offset
    so that it floors for any date after 1700), which costs a fraction of date_diff and floor."""
    day = f"(CAST({time_sql} AS DATE) - {EPOCH_SQL})"
    days = int(days)
    return day if days == 1 else f"(({day} + {100_000 * days}) // {days} - 100000)"


def sliding(days) -> bool:
    """Whether a window of `days` slides (anchored on rows) rather than being a natural day."""
    return int(days) > 1


def fx_sql(params: dict, amount: str = "amount") -> str:
    """An amount in CNY at the rule's rates (other currencies count at par)."""
    return (
        f"({amount} * CASE currency WHEN 'USD' THEN {float(params['usd_cny'])!r} "
        f"WHEN 'HKD' THEN {float(params['hkd_cny'])!r} ELSE 1.0 END)"
    )


def grouped(
    ctx,
    rows: str,
    by: str,
    days: int,
    aggregates: dict,
    score: str,
    having: str,
    params: dict | None = None,
    join: str = "",
    evidence: str = "TRUE",
) -> pd.DataFrame:
    """Aggregate `rows` (SQL yielding grp, account, name, t and any columns the aggregates read) per grp
    (the `by` column: client or account) per window of `days`, and keep the windows where `having` holds.

    `aggregates` maps names to aggregate calls (`sum(v)`, `count(*)`: calls that also work as window
    functions); `score` is an expression over those names; `having` may read them, score, window_start,
    window_end and the columns `join` adds (it joins onto `g`, the windows with those columns).
    A day (days = 1) is a natural day, tumbling; longer windows slide, anchored on the rows (see the
    module's docstring). Columns: `by`, window_start, window_end, the aggregates, score, account (of the
    window's first row), `evidence` (the ids, in time order, of the window's rows where `evidence` holds)
    and, for days, _bucket."""
    days = int(days)
    named = dict(aggregates)
    if not sliding(days):
        aggs = ", ".join(f"{expr} AS {name}" for name, expr in named.items())
        windows = f"""
        r AS (SELECT *, {bucket_sql("t", days)} AS _bucket FROM ({rows}) x),
        g0 AS (SELECT grp, _bucket, {aggs} FROM r GROUP BY grp, _bucket),
        g AS (SELECT *, {score} AS score,
                     CAST({EPOCH_SQL} + CAST(_bucket * {days} AS INTEGER) AS TIMESTAMP) AS window_start,
                     CAST({EPOCH_SQL} + CAST((_bucket + 1) * {days} AS INTEGER) AS TIMESTAMP) AS window_end
              FROM g0),
        h AS (SELECT g.* FROM g {join} WHERE {having}),"""
        rows_of = (
            "FROM r JOIN h ON r.grp = h.grp AND r._bucket = h._bucket "
            "WHERE r.grp IN (SELECT grp FROM h)"
        )  # filters before the windows are matched
    else:
        # The forward frame [t, t + N days): ordered by epoch microseconds, up to N days less 1 µs ahead.
        frame = f"PARTITION BY grp ORDER BY epoch_us(t) RANGE BETWEEN CURRENT ROW AND {days * DAY_US - 1} FOLLOWING"
        aggs = ", ".join(f"{expr} OVER w AS {name}" for name, expr in named.items())
        windows = f"""
        r AS (SELECT * FROM ({rows}) x),
        g0 AS (SELECT DISTINCT grp, t AS window_start, {aggs} FROM r WINDOW w AS ({frame})),
        g AS (SELECT *, {score} AS score, window_start + to_days({days}) AS window_end FROM g0),
        c AS (SELECT g.* FROM g {join} WHERE {having}),
        -- one alert per episode: a candidate N days or more after the previous one (or the first)
        h AS (SELECT * FROM c QUALIFY coalesce(
                lag(window_start) OVER (PARTITION BY grp ORDER BY window_start) <= window_start - to_days({days}),
                TRUE)),"""
        rows_of = (
            "FROM r JOIN h ON r.grp = h.grp AND r.t >= h.window_start AND r.t < h.window_end "
            "WHERE r.grp IN (SELECT grp FROM h)"
        )  # filters before the windows are matched
    query = f"""
        WITH {windows}
        e AS (SELECT h.grp, h.window_start, arg_min(r.account, (r.t, r.name)) AS account,
                     list(r.name ORDER BY r.t, r.name) FILTER (WHERE {evidence}) AS evidence
              {rows_of} GROUP BY h.grp, h.window_start)
        SELECT h.*, e.account, e.evidence FROM h JOIN e USING (grp, window_start)
        ORDER BY grp, window_start"""
    hits = ctx.sql(query, **(params or {}))
    return hits.drop(columns="grp") if by == "account" else hits.rename(columns={"grp": by})


def windowed(
    ctx,
    rows: str,
    by: str,
    days: int,
    value: str,
    threshold: float,
    doctype: str,
    summary: str,
    key_prefix: str = "",
    params: dict | None = None,
) -> pd.DataFrame:
    """Sum `value` per `by` (client or account) per window of `days` (a natural day, or sliding: see
    `grouped`) over `rows` (SQL over the context's tables with account, client, name and the time as t);
    the windows at or above `threshold` are hits, with every row of the window as evidence."""
    agg = grouped(
        ctx,
        f"SELECT {by} AS grp, account, name, t, {value} AS v FROM ({rows}) s",
        by,
        days,
        {"total": "sum(v)"},
        "total",
        "score >= $threshold",
        {**(params or {}), "threshold": float(threshold)},
    )
    return finish(agg, by, days, threshold, doctype, summary, key_prefix)


def finish(hits, by, days, threshold, doctype, summary, key_prefix="") -> pd.DataFrame:
    """The hits frame (HIT_COLUMNS); `summary` is an English message marked with gettext_noop, whose
    %(score)s and %(threshold)s are filled per hit (a Message, shown in the reader's language). A tumbling window (a _bucket column) is keyed by its first day; an
    anchored one (window_start, no _bucket) by its anchor's time, to the second."""
    if hits.empty:
        return empty()
    hits = hits.copy()
    if "window_start" not in hits:
        hits["window_start"] = bucket_start(hits["_bucket"], days)
    hits["window_start"] = pd.to_datetime(hits["window_start"])
    hits["window_end"] = hits["window_start"] + pd.Timedelta(days=days)
    stamp = "%Y%m%d" if "_bucket" in hits else "%Y%m%d%H%M%S"
    hits["key"] = key_prefix + hits[by].astype(str) + ":" + hits["window_start"].dt.strftime(stamp)
    hits["threshold"] = float(threshold)
    hits["summary"] = hits["score"].map(lambda s: Message(summary, {"score": _fmt(s), "threshold": _fmt(threshold)}))
    if doctype:
        hits["evidence"] = tag(hits["evidence"], doctype)
    return hits[HIT_COLUMNS]


def _fmt(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:.2f}"
