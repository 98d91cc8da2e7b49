"""Writing valid rows, one writer per database vendor. Each inserts what is new and skips what
exists (the unique key is the source and the external id), and says exactly how many rows it
inserted, so duplicates = valid - created holds even when calls with the same rows overlap.

- PostgreSQL: COPY into a temporary staging table, then one INSERT ... SELECT ... ON CONFLICT DO
  NOTHING that joins the account (for the client) and the instrument in SQL, RETURNING the
  accounts of the rows it inserted.
- MariaDB / MySQL: INSERT IGNORE, many rows per statement, in chunks.
- SQLite: INSERT OR IGNORE, in chunks.

Rows go in key order, so two calls inserting overlapping rows wait on each other instead of
deadlocking. All of it runs inside the caller's transaction.
"""
from __future__ import annotations

import io

import pandas as pd
from django.db import connection

CHUNK = 2000
COPY_BYTES = 1 << 20


def _values(rows: pd.DataFrame, columns: list[str], vendor: str) -> pd.DataFrame:
    """Values in the form the vendor's driver takes them: datetimes as UTC text, NULL as None."""
    out = rows[columns].copy()
    for name in columns:
        s = out[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            text = s.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
            text = text.where(s.dt.microsecond != 0, s.dt.strftime("%Y-%m-%d %H:%M:%S"))
            if vendor == "postgresql":
                text = text + "+00"
            out[name] = text.astype(object).where(s.notna(), None)
        elif s.dtype == bool:
            out[name] = s.astype(int) if vendor != "postgresql" else s.map({True: "t", False: "f"})
        else:
            out[name] = s.astype(object).where(s.notna(), None)
    return out


def write(kind, rows: pd.DataFrame, standard: dict) -> tuple[int, set[str]]:
    """Insert `rows` (db columns) with the standard fields; returns (created, accounts of created rows)."""
    if rows.empty:
        return 0, set()
    model = kind.model
    key_cols = ["source", "external_id"] if kind.key != ("code",) else ["name"]
    columns = [c.column for c in kind.columns] + (["name"] if kind.name == "instruments" else [])
    if kind.name == "positions" and "external_id" not in columns:
        columns.append("external_id")
    vendor = connection.vendor
    if vendor == "postgresql":
        return _postgres(kind, model, rows, columns, standard)
    if kind.has_account:
        columns = [*columns, "client_id"]
    rows = rows.sort_values(key_cols, kind="stable")  # PostgreSQL orders in its INSERT instead
    values = _values(rows, columns, vendor)
    for name, value in standard.items():
        if hasattr(value, "tzinfo"):
            value = connection.ops.adapt_datetimefield_value(value)
        values[name] = pd.Series([value] * len(values), index=values.index, dtype=object)
    table = connection.ops.quote_name(model._meta.db_table)
    names = list(values.columns)
    cols = ", ".join(connection.ops.quote_name(c) for c in names)
    marks = ", ".join(["%s"] * len(names))
    verb = "INSERT IGNORE INTO" if vendor == "mysql" else "INSERT OR IGNORE INTO"
    sql = f"{verb} {table} ({cols}) VALUES ({marks})"
    created = 0
    data = list(values.itertuples(index=False, name=None))
    with connection.cursor() as cursor:
        for i in range(0, len(data), CHUNK):
            cursor.executemany(sql, data[i:i + CHUNK])
            created += max(cursor.rowcount, 0)
    # INSERT IGNORE cannot say which rows went in: every valid row's account is handed on.
    accounts = set(rows["account_id"].unique()) if kind.has_account else set()
    return created, accounts


def _copy_text(rows: pd.DataFrame, columns: list[str]) -> bytes:
    """The rows as CSV for COPY, written by Arrow (strings quoted, NULL as an unquoted empty field)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    arrays = []
    for name in columns:
        s = rows[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            arrays.append(pa.array(s.dt.tz_convert("UTC").dt.tz_localize(None), type=pa.timestamp("us")))
        elif s.dtype == bool:
            arrays.append(pa.array(s.to_numpy(), type=pa.bool_()))
        else:
            arrays.append(pa.array(s.astype(object).where(s.notna(), None).to_numpy() if s.dtype == object else s,
                                   type=pa.string(), from_pandas=True))
    table = pa.Table.from_arrays(arrays, names=columns)
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, write_options=pa_csv.WriteOptions(include_header=False))
    return sink.getvalue().to_pybytes()


def _postgres(kind, model, rows, columns, standard) -> tuple[int, set[str]]:
    table = connection.ops.quote_name(model._meta.db_table)
    q = connection.ops.quote_name
    stage = "crm_ingest_stage"
    col_list = ", ".join(q(c) for c in columns)
    text = _copy_text(rows, columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {col_list} FROM {table} WITH NO DATA")
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")  # the CSV's times are UTC without an offset
        raw = cursor.cursor  # psycopg 3
        with raw.copy(f"COPY {stage} ({col_list}) FROM STDIN (FORMAT csv)") as copy:
            view = memoryview(text)
            for i in range(0, len(view), COPY_BYTES):
                copy.write(view[i:i + COPY_BYTES])
        cursor.execute(f"ANALYZE {stage}")
        std_names = list(standard)
        std_marks = ", ".join(["%s"] * len(std_names))
        target = [*columns, *std_names]
        select = ", ".join(f"s.{q(c)}" for c in columns)
        if kind.has_account:
            sql = (f"WITH ins AS (INSERT INTO {table} ({', '.join(q(c) for c in target)}, client_id) "
                   f"SELECT {select}, {std_marks}, a.client_id FROM {stage} s "
                   f"JOIN securities_crm_securitiesaccount a ON a.name = s.account_id "
                   f"ORDER BY s.source, s.external_id ON CONFLICT DO NOTHING RETURNING account_id) "
                   f"SELECT account_id, count(*) FROM ins GROUP BY account_id")
        else:
            sql = (f"WITH ins AS (INSERT INTO {table} ({', '.join(q(c) for c in target)}) "
                   f"SELECT {select}, {std_marks} FROM {stage} s ORDER BY s.name "
                   f"ON CONFLICT DO NOTHING RETURNING 1 AS one) SELECT NULL, count(*) FROM ins")
        cursor.execute(sql, [standard[n] for n in std_names])
        result = cursor.fetchall()
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    created = sum(n for _, n in result)
    return created, {a for a, _ in result if a is not None}
