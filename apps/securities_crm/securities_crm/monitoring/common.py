"""Set-based building blocks the kinds share: tumbling-window aggregates and the hits frame."""
from __future__ import annotations

import pandas as pd

from .data import bucket, bucket_start
from .kinds import HIT_COLUMNS


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=HIT_COLUMNS)


def tag(names: pd.Series, doctype: str) -> pd.Series:
    """Evidence lists of ids -> lists of (doctype, id)."""
    return names.map(lambda ids: [(doctype, int(i) if str(i).isdigit() else i) for i in ids])


def windowed(rows: pd.DataFrame, by: str, time_col: str, days: int, value: str, how: str, threshold: float,
             doctype: str, summary: str, key_prefix: str = "") -> pd.DataFrame:
    """Aggregate `value` (sum or count) per `by` (client or account) per tumbling window of `days`;
    the groups at or above `threshold` are hits, with every row of the group as evidence."""
    if rows.empty:
        return empty()
    rows = rows.assign(_bucket=bucket(rows[time_col], days))
    extra = {} if by == "account" else {"account": ("account", "first")}
    agg = (rows.sort_values(time_col)
           .groupby([by, "_bucket"], sort=False)
           .agg(score=(value, how), evidence=("name", list), **extra).reset_index())
    hits = agg[agg["score"] >= threshold]
    return finish(hits, by, days, threshold, doctype, summary, key_prefix)


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
