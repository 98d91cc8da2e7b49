"""Figures derived from the ingested records, each one aggregate query.

- client_aum: a client's assets under custody, the market value of their latest position
  snapshot (per account, the newest position date on or before `as_of`).
- daily_turnover / daily_net_flow: per day, the traded amount and the money in minus out.
Dates are the site's time zone (Asia/Shanghai).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..doctype.fund_transfer.model import FundTransfer
from ..doctype.position.model import Position
from ..doctype.trade.model import Trade


def client_aum(client_ids, as_of: dt.date | None = None) -> dict[str, Decimal]:
    """{client: AUM} from each account's newest position snapshot (clients without positions: 0)."""
    client_ids = list(client_ids)
    positions = Position.objects.filter(client_id__in=client_ids)
    if as_of is not None:
        positions = positions.filter(position_date__lte=as_of)
    latest = positions.values("account_id").annotate(day=Max("position_date"))
    wanted = Q(pk__in=[])
    for row in latest:
        wanted |= Q(account_id=row["account_id"], position_date=row["day"])
    totals = dict(positions.filter(wanted).values_list("client_id").annotate(v=Sum("market_value")))
    cent = Decimal("0.01")
    return {c: Decimal(totals.get(c) or 0).quantize(cent) for c in client_ids}


def _window(days: int):
    end = timezone.localdate()
    start = end - dt.timedelta(days=days - 1)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    return [start + dt.timedelta(days=i) for i in range(days)], since


def _local_day(field: str):
    """The local date of a time column, shifted in SQL by the zone's offset (Shanghai keeps no
    daylight saving), so no database needs time zone tables (MariaDB's are often not loaded)."""
    offset = timezone.localtime().utcoffset() or dt.timedelta(0)
    shifted = ExpressionWrapper(F(field) + offset, output_field=DateTimeField())
    return TruncDate(shifted, tzinfo=dt.UTC)


def daily_turnover(client_id: str, days: int = 90) -> tuple[list[dt.date], list[Decimal]]:
    dates, since = _window(days)
    rows = (
        Trade.objects.filter(client_id=client_id, trade_time__gte=since)
        .annotate(day=_local_day("trade_time"))
        .values("day")
        .annotate(total=Sum("amount"))
    )
    by_day = {r["day"]: r["total"] for r in rows}
    return dates, [by_day.get(d) or Decimal("0") for d in dates]


def daily_net_flow(client_id: str, days: int = 90) -> tuple[list[dt.date], list[Decimal]]:
    dates, since = _window(days)
    rows = (
        FundTransfer.objects.filter(client_id=client_id, transfer_time__gte=since)
        .annotate(day=_local_day("transfer_time"))
        .values("day")
        .annotate(inflow=Sum("amount", filter=Q(direction="In")), outflow=Sum("amount", filter=Q(direction="Out")))
    )
    by_day = {r["day"]: (r["inflow"] or 0) - (r["outflow"] or 0) for r in rows}
    return dates, [Decimal(by_day.get(d) or 0) for d in dates]


def trade_days(trades, limit: int) -> list[dict]:
    """The newest `limit` local days of `trades` (a queryset, already narrowed to a client and the
    reader's rights), each {"day", "count", "amount"}, newest first: one grouped query."""
    rows = (
        trades.annotate(day=_local_day("trade_time"))
        .values("day")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("-day")[:limit]
    )
    return list(rows)


def flow_days(transfers, limit: int) -> list[dict]:
    """The newest `limit` local days of fund transfers, each {"day", "count", "inflow", "outflow"}."""
    rows = (
        transfers.annotate(day=_local_day("transfer_time"))
        .values("day")
        .annotate(
            count=Count("pk"),
            inflow=Sum("amount", filter=Q(direction="In")),
            outflow=Sum("amount", filter=Q(direction="Out")),
        )
        .order_by("-day")[:limit]
    )
    return list(rows)
