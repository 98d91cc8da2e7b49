"""The rows rules read, as Arrow tables: one query per source, for a set of clients or for all, and
from a time on or all history.

A source is a trading DocType, named by its DocType everywhere in monitoring ("Fund Transfer": rule
kinds declare it so, and Frames and the real-time path key by it); in SQL and on a rule's Context it
is the DocType's name in snake case (`fund_transfer`, `"order"`, quoted as a reserved word). Of each,
only the fields some kind reads are loaded, with Arrow types taken from the model's fields.

The evaluation unit is the client (AML is per client per day), so the real-time path loads every
account of the clients a batch touched, from the earliest time the batch can change (see
engine.Frames), and gets the same answer as the full scan. Queries go through the (client, time)
indexes the trading tables carry. Times are converted to the site's local time (Asia/Shanghai),
since regulatory days are local days.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv
from django.conf import settings
from django.db import connection, models
from django.db.models import Count, DateTimeField, F, FloatField, Func, Max
from django.db.models.functions import Cast
from django.utils import timezone

from ..core import registry
from ..doctype.securities_account.model import SecuritiesAccount

TS = pa.timestamp("us")

EPOCH = pd.Timestamp("2000-01-03")  # a Monday; tumbling windows count from here


def table(doctype: str) -> str:
    """A source's name in SQL and on a rule's Context: its DocType's, in snake case."""
    return doctype.lower().replace(" ", "_")


def time_field(model) -> str | None:
    """When a row happened: the model's first required date-time field (the system's creation and
    modified stamps are not editable). None for positions, snapshots by date, which are read whole."""
    return next(
        (
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateTimeField) and f.editable and not (f.null or f.blank)
        ),
        None,
    )


def _arrow_type(field) -> pa.DataType:
    target = field.target_field if field.is_relation else field
    if isinstance(target, (models.AutoField, models.BigAutoField, models.IntegerField)):
        return pa.int64()
    if isinstance(target, (models.DecimalField, models.FloatField)):
        return pa.float64()  # amounts as floats: the rules compare and sum them against thresholds
    if isinstance(target, models.DateField):  # and DateTimeField, its subclass
        return TS
    if isinstance(target, models.BooleanField):
        return pa.bool_()
    return pa.string()


@dataclass(frozen=True)
class Column:
    path: str  # the ORM path: a field, or a path through a link ("instrument__risk_rating")
    alias: str  # its name in the table: the last field's name
    type: pa.DataType
    date: bool  # a date (no time zone), loaded as a timestamp at midnight


@dataclass
class Source:
    doctype: str
    fields: tuple[str, ...]  # what the kinds read, besides the name
    # A date field to cut on for DocTypes without an event time (positions, read whole by monitoring;
    # profiling reads a year of their snapshots).
    since_field: str | None = None

    @property
    def table(self) -> str:
        return table(self.doctype)

    @cached_property
    def model(self):
        return registry.require(self.doctype).model

    @cached_property
    def time(self) -> str | None:
        return time_field(self.model)

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        out = []
        for path in ("name", *self.fields):
            model, parts = self.model, path.split("__")
            for part in parts[:-1]:
                model = model._meta.get_field(part).related_model
            field = model._meta.get_field(parts[-1])
            out.append(
                Column(
                    path,
                    parts[-1],
                    _arrow_type(field),
                    isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField),
                )
            )
        return tuple(out)


# The sources and the fields the kinds read of each. Only these are loaded: no client for trades (the
# accounts frame has it), no prices, sides or instruments where no kind reads them.
SOURCES = {
    s.doctype: s
    for s in (
        Source("Trade", ("account", "amount", "trade_time")),
        Source(
            "Fund Transfer",
            ("account", "client", "direction", "amount", "currency", "is_cash", "cross_border", "transfer_time"),
        ),
        Source("Order", ("account", "status", "placed_time", "cancelled_time")),
        Source("Login Event", ("account", "login_time", "ip_address", "device")),
        Source("Position", ("account", "instrument", "position_date", "market_value", "instrument__risk_rating")),
    )
}


def local(series: pd.Series) -> pd.Series:
    """Aware datetimes (any database) as naive local times."""
    return pd.to_datetime(series, utc=True).dt.tz_convert(settings.TIME_ZONE).dt.tz_localize(None)


def accounts(client_ids=None) -> pd.DataFrame:
    qs = SecuritiesAccount.objects.all()
    if client_ids is not None:
        qs = qs.filter(client_id__in=list(client_ids))
    cols = [
        "name",
        "client_id",
        "client__client_type",
        "client__branch_id",
        "opened_on",
        "client__financial_assets",
        "client__risk_level",
        "client__lowest_category",
        "client__investor_type",
    ]
    frame = pd.DataFrame.from_records(list(qs.values_list(*cols)), columns=cols)
    frame.columns = [
        "account",
        "client",
        "client_type",
        "branch",
        "opened_on",
        "financial_assets",
        "risk_level",
        "lowest_category",
        "investor_type",
    ]
    frame["financial_assets"] = pd.to_numeric(frame["financial_assets"], errors="coerce").astype(float)
    frame["opened_on"] = pd.to_datetime(frame["opened_on"])
    return frame


# Above this many clients, PostgreSQL gets them as one array parameter (`= ANY(%s)`) rather than an IN list:
# Django prepares each value of an IN list in Python (~25 µs each), and a profile partition has 250,000.
MANY_IDS = 1000


@dataclass(frozen=True)
class KeyRange:
    """The clients whose name is in [low, high) (None: no bound), given where a set of client ids is: a
    partition of the clients that every table reads as one range of its (client, time) index, where a
    list of ids (a hash partition) costs a lookup per id and, on PostgreSQL, a literal array per query."""

    low: str | None = None
    high: str | None = None


def for_clients(qs, path: str | None, client_ids):
    """`qs` narrowed to the rows of these clients (ids, or a KeyRange of them), `path` being the model's
    link to the client ("" for the Client itself)."""
    if isinstance(client_ids, KeyRange):
        key = path or "pk"
        if client_ids.low is not None:
            qs = qs.filter(**{f"{key}__gte": client_ids.low})
        if client_ids.high is not None:
            qs = qs.filter(**{f"{key}__lt": client_ids.high})
        return qs
    ids = list(client_ids)
    if connection.vendor == "postgresql" and len(ids) > MANY_IDS and "__" not in (path or ""):
        meta = qs.model._meta
        column = meta.get_field(path).column if path else meta.pk.column
        q = connection.ops.quote_name
        return qs.extra(where=[f"{q(meta.db_table)}.{q(column)} = ANY(%s)"], params=[ids])
    return qs.filter(**{f"{path}__in" if path else "pk__in": ids})


def source_of(source: str | Source) -> Source:
    """A source by its DocType name (the monitoring sources), or one given whole (other readers, such
    as profiling, declare their own fields of the same DocTypes and load them the same way)."""
    return source if isinstance(source, Source) else SOURCES[source]


def schema(source: str | Source) -> pa.Schema:
    return pa.schema([(c.alias, c.type) for c in source_of(source).columns])


def _queryset(source: str | Source, client_ids=None, since=None):
    src = source_of(source)
    qs = src.model.objects.order_by()
    if client_ids is not None:
        qs = for_clients(qs, registry.require(src.doctype).client_path, client_ids)
    if since is not None and src.time:
        qs = qs.filter(**{f"{src.time}__gte": to_aware(since)})
    elif since is not None and src.since_field:
        qs = qs.filter(**{f"{src.since_field}__gte": pd.Timestamp(since).date()})
    return qs


def load(source: str | Source, client_ids=None, since=None) -> pa.Table:
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
    exprs: dict[str, Any] = {}
    for c in source_of(source).columns:
        if c.type == TS:
            local_sql = (
                f"(%(expressions)s AT TIME ZONE '{settings.TIME_ZONE}')"
                if not c.date
                else "CAST(%(expressions)s AS timestamp)"
            )  # a date: no zone
            exprs[f"_{c.alias}"] = Func(F(c.path), template=local_sql, output_field=DateTimeField())
        elif c.type == pa.float64():
            exprs[f"_{c.alias}"] = Cast(F(c.path), FloatField())
        else:
            exprs[f"_{c.alias}"] = F(c.path)
    qs = _queryset(source, client_ids, since).values(**exprs)
    sql, params = qs.query.sql_with_params()
    buf = io.BytesIO()
    connection.ensure_connection()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
        for chunk in copy:
            buf.write(chunk)
    target = schema(source)
    if not buf.tell():
        return target.empty_table()
    return pcsv.read_csv(
        pa.py_buffer(buf.getbuffer()),
        read_options=pcsv.ReadOptions(column_names=target.names),
        convert_options=pcsv.ConvertOptions(
            column_types=dict(zip(target.names, target.types)),
            true_values=["t"],
            false_values=["f"],
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


def _load_orm(source, client_ids, since) -> pa.Table:
    """SQLite and MariaDB: through the ORM's tuples (their data is small: tests and demos)."""
    cols = source_of(source).columns
    paths = [c.path for c in cols]
    frame = pd.DataFrame.from_records(list(_queryset(source, client_ids, since).values_list(*paths)), columns=paths)
    frame.columns = [c.alias for c in cols]
    for c in cols:
        if c.type == TS:
            frame[c.alias] = local(frame[c.alias]) if not c.date else pd.to_datetime(frame[c.alias])
        elif c.type == pa.float64():
            frame[c.alias] = pd.to_numeric(frame[c.alias]).astype(float)
        elif c.type == pa.bool_():
            frame[c.alias] = frame[c.alias].astype(bool)
    return pa.Table.from_pandas(frame, schema=schema(source), preserve_index=False)


def to_pandas(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas()


def last_before(source: str, client_ids, cut, accounts=None) -> pd.DataFrame:
    """Per account (of `accounts`, or all of the clients'), the latest row time before `cut` ("last") and
    how many rows there are before it ("n"), from one aggregate query: what the kinds need of the
    history the real-time path does not load."""
    time_col = SOURCES[source].time
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
    naive = pd.Timestamp(value).to_pydatetime()
    return timezone.make_aware(naive, timezone.get_default_timezone())
