"""The rows rules read, as Arrow tables: one query per source, for a set of clients or for all, and
from a time on or all history.

The evaluation unit is the client (AML is per client per day), so the real-time path loads every
account of the clients a batch touched, from the earliest time the batch can change (see
engine.Frames), and gets the same answer as the full scan. Queries go through the (client, time)
indexes the trading tables carry. Times are converted to the site's local time (Asia/Shanghai),
since regulatory days are local days.
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv
from django.conf import settings
from django.db import connection
from django.db.models import DateTimeField, F, FloatField, Func
from django.db.models.functions import Cast

TS = pa.timestamp("us")

EPOCH = pd.Timestamp("2000-01-03")  # a Monday; tumbling windows count from here

# Per source: DocType, then the columns the kinds read (ORM path -> our name) with their Arrow types,
# and which of them are times. Only these are loaded: no client for trades (the accounts frame has it),
# no prices, sides or instruments where no kind reads them.
SOURCES = {
    "trades": ("Trade", {"name": ("name", pa.int64()), "account_id": ("account", pa.string()),
                         "amount": ("amount", pa.float64()), "trade_time": ("trade_time", TS)}, "trade_time"),
    "transfers": ("Fund Transfer", {
        "name": ("name", pa.int64()), "account_id": ("account", pa.string()), "client_id": ("client", pa.string()),
        "direction": ("direction", pa.string()), "amount": ("amount", pa.float64()),
        "currency": ("currency", pa.string()), "is_cash": ("is_cash", pa.bool_()),
        "cross_border": ("cross_border", pa.bool_()), "transfer_time": ("transfer_time", TS)}, "transfer_time"),
    "orders": ("Order", {"name": ("name", pa.int64()), "account_id": ("account", pa.string()),
                         "status": ("status", pa.string()), "placed_time": ("placed_time", TS),
                         "cancelled_time": ("cancelled_time", TS)}, "placed_time"),
    "logins": ("Login Event", {"name": ("name", pa.int64()), "account_id": ("account", pa.string()),
                               "login_time": ("login_time", TS), "ip_address": ("ip_address", pa.string()),
                               "device": ("device", pa.string())}, "login_time"),
    "positions": ("Position", {"name": ("name", pa.int64()), "account_id": ("account", pa.string()),
                               "instrument_id": ("instrument", pa.string()), "position_date": ("position_date", TS),
                               "market_value": ("market_value", pa.float64()),
                               "instrument__risk_rating": ("risk_rating", pa.string())}, None),
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


def schema(source: str) -> pa.Schema:
    return pa.schema([(name, typ) for name, typ in SOURCES[source][1].values()])


def _queryset(source: str, client_ids=None, since=None):
    from ..core import registry

    doctype, _, time_col = SOURCES[source]
    qs = registry.get(doctype).model.objects.order_by()
    if client_ids is not None:
        qs = qs.filter(client_id__in=list(client_ids))
    if since is not None and time_col:
        qs = qs.filter(**{f"{time_col}__gte": to_aware(since)})
    return qs


def load(source: str, client_ids=None, since=None) -> pa.Table:
    """The rows of a source as an Arrow table (local naive times, amounts as floats), for a set of
    clients (None: all) and from a local time on (None: all history)."""
    if connection.vendor == "postgresql":
        return _load_copy(source, client_ids, since)
    return _load_orm(source, client_ids, since)


def _load_copy(source, client_ids, since) -> pa.Table:
    """PostgreSQL: COPY (SELECT ...) TO STDOUT as CSV on Django's own connection (so in the caller's
    transaction and snapshot), parsed by Arrow's multithreaded CSV reader. Times are converted to local
    time and decimals to floats by the server, so no Python object is made per row. Arrow's binary
    parsers would need a second connection (ADBC), which would not see uncommitted rows."""
    _, cols, _ = SOURCES[source]
    exprs = {}
    for path, (alias, typ) in cols.items():
        if typ == TS:
            local_sql = (f"(%(expressions)s AT TIME ZONE '{settings.TIME_ZONE}')" if path != "position_date"
                         else "CAST(%(expressions)s AS timestamp)")  # a date: no zone
            exprs[f"_{alias}"] = Func(F(path), template=local_sql, output_field=DateTimeField())
        elif typ == pa.float64():
            exprs[f"_{alias}"] = Cast(F(path), FloatField())
        else:
            exprs[f"_{alias}"] = F(path)
    qs = _queryset(source, client_ids, since).values(**exprs)
    sql, params = qs.query.sql_with_params()
    buf = io.BytesIO()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
            for chunk in copy:
                buf.write(chunk)
    target = schema(source)
    if not buf.tell():
        return target.empty_table()
    return pcsv.read_csv(
        pa.py_buffer(buf.getbuffer()),
        read_options=pcsv.ReadOptions(column_names=target.names),
        convert_options=pcsv.ConvertOptions(
            column_types=dict(zip(target.names, target.types)), true_values=["t"], false_values=["f"],
            null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=False))


def _load_orm(source, client_ids, since) -> pa.Table:
    """SQLite and MariaDB: through the ORM's tuples (their data is small: tests and demos)."""
    _, cols, _ = SOURCES[source]
    paths = list(cols)
    frame = pd.DataFrame.from_records(list(_queryset(source, client_ids, since).values_list(*paths)), columns=paths)
    frame.columns = [cols[p][0] for p in paths]
    for path, (alias, typ) in cols.items():
        if typ == TS:
            frame[alias] = local(frame[alias]) if path != "position_date" else pd.to_datetime(frame[alias])
        elif typ == pa.float64():
            frame[alias] = pd.to_numeric(frame[alias]).astype(float)
        elif typ == pa.bool_():
            frame[alias] = frame[alias].astype(bool)
    return pa.Table.from_pandas(frame, schema=schema(source), preserve_index=False)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas()


def last_before(source: str, client_ids, cut, accounts=None) -> pd.DataFrame:
    """Per account (of `accounts`, or all of the clients'), the latest row time before `cut` ("last") and
    how many rows there are before it ("n"), from one aggregate query: what the kinds need of the
    history the real-time path does not load."""
    from django.db.models import Count, Max

    doctype, _, time_col = SOURCES[source]
    qs = _queryset(source, client_ids).filter(**{f"{time_col}__lt": to_aware(cut)})
    if accounts is not None:
        qs = qs.filter(account_id__in=list(accounts))
    qs = qs.values("account_id").annotate(last=Max(time_col), n=Count("name"))
    rows = list(qs.values_list("account_id", "last", "n"))
    frame = pd.DataFrame.from_records(rows, columns=["account", "last", "n"])
    frame["last"] = local(frame["last"])
    return frame


def bucket(times: pd.Series, days: int) -> pd.Series:
    """The tumbling window each time falls in (an integer), counted in days from EPOCH."""
    return ((times.dt.normalize() - EPOCH).dt.days // days).astype("int64")


def bucket_start(buckets: pd.Series, days: int) -> pd.Series:
    return EPOCH + pd.to_timedelta(buckets * days, unit="D")


def aware(values: pd.Series) -> pd.Series:
    """Naive local times as aware (UTC) times, vectorised."""
    return pd.to_datetime(pd.Series(values)).dt.tz_localize(settings.TIME_ZONE).dt.tz_convert("UTC")


def to_aware(value) -> dt.datetime:
    from django.utils import timezone

    naive = pd.Timestamp(value).to_pydatetime()
    return timezone.make_aware(naive, timezone.get_default_timezone())
