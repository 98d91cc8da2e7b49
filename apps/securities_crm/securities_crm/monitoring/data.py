"""The rows rules read, as pandas DataFrames: one query per source, for a set of clients or for all.

The evaluation unit is the client (AML is per client per day), so the real-time path loads every
account of the clients a batch touched, and gets the same answer as the full scan. Queries go
through the (client, time) indexes the trading tables carry. Times are converted to the site's
local time (Asia/Shanghai), since regulatory days are local days.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from django.conf import settings

EPOCH = pd.Timestamp("2000-01-03")  # a Monday; tumbling windows count from here

SOURCES = {
    "trades": ("Trade", ["name", "account_id", "client_id", "instrument_id", "side", "amount", "trade_time"],
               ["trade_time"]),
    "transfers": ("Fund Transfer", ["name", "account_id", "client_id", "direction", "amount", "currency", "is_cash",
                                    "cross_border", "transfer_time"], ["transfer_time"]),
    "orders": ("Order", ["name", "account_id", "client_id", "instrument_id", "quantity", "price", "status",
                         "placed_time", "cancelled_time"], ["placed_time", "cancelled_time"]),
    "logins": ("Login Event", ["name", "account_id", "client_id", "login_time", "ip_address", "device"],
               ["login_time"]),
    "positions": ("Position", ["name", "account_id", "client_id", "instrument_id", "position_date", "market_value",
                               "instrument__risk_rating"], []),
}
DOCTYPE_OF = {key: value[0] for key, value in SOURCES.items()}


def local(series: pd.Series) -> pd.Series:
    """Aware datetimes (any database) as naive local times."""
    return pd.to_datetime(series, utc=True).dt.tz_convert(settings.TIME_ZONE).dt.tz_localize(None)


def accounts(client_ids=None) -> pd.DataFrame:
    from ..doctype.securities_account.model import SecuritiesAccount

    qs = SecuritiesAccount.objects.all()
    if client_ids is not None:
        qs = qs.filter(client_id__in=list(client_ids))
    cols = ["name", "client_id", "client__client_type", "client__branch_id", "opened_on", "client__financial_assets",
            "client__risk_level", "client__lowest_category", "client__investor_type"]
    frame = pd.DataFrame.from_records(list(qs.values_list(*cols)), columns=cols)
    frame.columns = ["account", "client", "client_type", "branch", "opened_on", "financial_assets", "risk_level",
                     "lowest_category", "investor_type"]
    frame["financial_assets"] = pd.to_numeric(frame["financial_assets"], errors="coerce").astype(float)
    frame["opened_on"] = pd.to_datetime(frame["opened_on"])
    return frame


def load(source: str, client_ids=None) -> pd.DataFrame:
    from ..core import registry

    doctype, cols, times = SOURCES[source]
    model = registry.get(doctype).model
    qs = model.objects.all()
    if client_ids is not None:
        qs = qs.filter(client_id__in=list(client_ids))
    frame = pd.DataFrame.from_records(list(qs.order_by().values_list(*cols)), columns=cols)
    frame = frame.rename(columns={"account_id": "account", "client_id": "client", "instrument_id": "instrument",
                                  "instrument__risk_rating": "risk_rating"})
    for col in times:
        frame[col] = local(frame[col])
    for col in ("amount", "quantity", "price", "market_value"):
        if col in frame:
            frame[col] = pd.to_numeric(frame[col]).astype(float)
    if "position_date" in frame:
        frame["position_date"] = pd.to_datetime(frame["position_date"])
    return frame


def bucket(times: pd.Series, days: int) -> pd.Series:
    """The tumbling window each time falls in (an integer), counted in days from EPOCH."""
    return ((times.dt.normalize() - EPOCH).dt.days // days).astype("int64")


def bucket_start(buckets: pd.Series, days: int) -> pd.Series:
    return EPOCH + pd.to_timedelta(buckets * days, unit="D")


def to_aware_many(values: pd.Series) -> list:
    """Naive local times as aware datetimes, vectorised."""
    aware = pd.to_datetime(pd.Series(values)).dt.tz_localize(settings.TIME_ZONE)
    return list(aware.dt.to_pydatetime())


def to_aware(value) -> dt.datetime:
    from django.utils import timezone

    naive = pd.Timestamp(value).to_pydatetime()
    return timezone.make_aware(naive, timezone.get_default_timezone())
