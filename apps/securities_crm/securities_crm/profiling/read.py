"""What the profile metrics read, as Arrow tables, through monitoring's readers (monitoring/data.py):
the same sources, COPY on PostgreSQL and the ORM elsewhere, with the fields profiling needs.

`market()` is what is the same for every client of a run (the snapshot calendar, the most-traded
names): the nightly job reads it once and hands it to each partition, so that a partitioned run and a
one-shot run see the same market.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
from django.db.models import Max, Sum

from ..doctype.login_event.model import LoginEvent
from ..doctype.position.model import Position
from ..doctype.trade.model import Trade
from ..monitoring import data
from ..monitoring.data import Source
from .compute import TS, Inputs, Market, since
from .parameters import Parameters

CLIENTS = Source("Client", ("processing_restricted", "risk_level", "investor_type", "risk_valid_until"))
TRADES = Source("Trade", ("client", "instrument", "side", "quantity", "amount", "fee", "trade_time", "channel"))
POSITIONS = Source("Position", ("client", "instrument", "position_date", "market_value"), since_field="position_date")
TRANSFERS = Source("Fund Transfer", ("client", "direction", "amount", "transfer_time"))
ORDERS = Source("Order", ("client", "channel", "placed_time"))
LOGINS = Source("Login Event", ("client", "channel", "login_time"))
INSTRUMENTS = Source("Instrument", ("market", "instrument_type", "industry"))

LAST_SCHEMA = pa.schema([("client", pa.string()), ("last", TS)])


def market(as_of: dt.date, params: Parameters) -> Market:
    """The snapshot dates of the year to `as_of`, and the most-traded names over the follower window."""
    first = since(as_of, params)
    calendar = sorted(
        Position.objects.filter(position_date__gte=first.date(), position_date__lte=as_of)
        .order_by()
        .values_list("position_date", flat=True)
        .distinct()
    )
    window = int(params.follower["traded_window_days"])
    start = data.to_aware(dt.datetime.combine(as_of - dt.timedelta(days=window - 1), dt.time()))
    end = data.to_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    top = (
        Trade.objects.filter(trade_time__gte=start, trade_time__lt=end)
        .order_by()
        .values("instrument")
        .annotate(total=Sum("amount"))
        .order_by("-total", "instrument")[: int(params.follower["top_names"])]
    )
    return Market(calendar=list(calendar), top_names=[row["instrument"] for row in top])


def _last_before(model, time_field: str, client_ids, cut: dt.datetime) -> pa.Table:
    """Per client, the latest row before the cut: recency older than the year loaded (one aggregate
    over the (client, time) index)."""
    qs = model.objects.order_by().filter(**{f"{time_field}__lt": data.to_aware(cut)})
    if client_ids is not None:
        qs = data.for_clients(qs, "client", client_ids)
    rows = list(qs.values("client").annotate(last=Max(time_field)).values_list("client", "last"))
    if not rows:
        return LAST_SCHEMA.empty_table()
    clients, lasts = zip(*rows)
    local = data.local(pd.Series(lasts))
    return pa.table({"client": pa.array(clients, pa.string()), "last": pa.array(local, TS)})


def inputs(client_ids, as_of: dt.date, params: Parameters, market_facts: Market) -> Inputs:
    """The rows of `client_ids` (None: every client; or a KeyRange of them) that the metrics read, from
    the year to `as_of`."""
    first = since(as_of, params)
    return Inputs(
        clients=data.load(CLIENTS, client_ids),
        trades=data.load(TRADES, client_ids, first),
        positions=data.load(POSITIONS, client_ids, first),
        transfers=data.load(TRANSFERS, client_ids, first),
        orders=data.load(ORDERS, client_ids, first),
        logins=data.load(LOGINS, client_ids, first),
        instruments=data.load(INSTRUMENTS),
        last_trade_before=_last_before(Trade, "trade_time", client_ids, first),
        last_login_before=_last_before(LoginEvent, "login_time", client_ids, first),
        market=market_facts,
    )
