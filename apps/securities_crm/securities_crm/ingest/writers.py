"""Writing valid rows, one writer per database vendor. Each inserts what is new and skips what
exists (the unique key is the source and the external id), and says exactly how many rows it
inserted, so duplicates = valid - created holds even when calls with the same rows overlap.

- PostgreSQL: binary COPY (pgcopy.py) straight into the table when none of the keys exists yet,
  else into a temporary staging table followed by one INSERT ... SELECT ... ON CONFLICT DO
  NOTHING RETURNING the accounts of the rows it inserted (see _postgres).
- MariaDB / MySQL: INSERT IGNORE, many rows per statement, in chunks.
- SQLite: INSERT OR IGNORE, in chunks.

Rows go in key order, so two calls inserting overlapping rows wait on each other instead of
deadlocking. All of it runs inside the caller's transaction.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from django.db import connection

CHUNK = 2000
STAGE_WORK_MEM = "256MB"


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


def _sorted_by_key(rows: pd.DataFrame, key_cols: list[str]) -> pd.DataFrame:
    """Rows in key order (byte order, as PostgreSQL's COLLATE "C"): every writer inserts overlapping
    keys in the same order, so concurrent calls wait on each other instead of deadlocking. Input
    from one system usually comes sorted already; that is checked in one pass."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.table({c: pa.array(rows[c], type=pa.string(), from_pandas=True) for c in key_cols})
    if len(table) > 1:
        first, second = table.slice(0, len(table) - 1), table.slice(1)
        # Lexicographic "not after": compare column by column, later columns only where earlier ones tie.
        ordered = pa.array([True] * (len(table) - 1))
        tie = pa.array([True] * (len(table) - 1))
        for c in key_cols:
            a, b = first[c].combine_chunks(), second[c].combine_chunks()
            ordered = pc.and_(ordered, pc.or_(pc.invert(tie), pc.less_equal(a, b)))
            tie = pc.and_(tie, pc.equal(a, b))
        if pc.all(ordered).as_py():
            return rows
    order = pc.sort_indices(table, sort_keys=[(c, "ascending") for c in key_cols]).to_numpy()
    return rows.iloc[order]


def _some_exist(cursor, table: str, key_cols: list[str], rows: pd.DataFrame, sample: int = 256) -> bool:
    """Whether any of an evenly spaced sample of the keys is already stored: a replay (whole or
    partial) is then seen before anything is written, at the cost of a few index probes."""
    picks = rows.iloc[np.unique(np.linspace(0, len(rows) - 1, min(sample, len(rows))).astype(int))]
    q = connection.ops.quote_name
    arrays = ", ".join(f"%s::text[]" for _ in key_cols)
    names = ", ".join(f"k{i}" for i in range(len(key_cols)))
    match = " AND ".join(f"t.{q(c)} = k.k{i}" for i, c in enumerate(key_cols))
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} t JOIN unnest({arrays}) AS k({names}) ON {match})",
                   [list(picks[c].astype(str)) for c in key_cols])
    return bool(cursor.fetchone()[0])


def _copy_chunks(model, rows: pd.DataFrame, names: list[str], standard: dict):
    """(COPY format, chunks of the stream): binary when every column's type has an encoder, else CSV."""
    from . import pgcopy

    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = [(n, pgcopy.field_of(by_column[n], connection)) for n in names]
    if all(f is not None for _, f in fields):
        return "binary", pgcopy.Encoder(fields).chunks(rows, standard)
    frame = rows[[n for n in names if n not in standard]].copy()
    for name, value in standard.items():
        if hasattr(value, "tzinfo"):
            frame[name] = pd.Series([value] * len(frame), index=frame.index, dtype="datetime64[us, UTC]")
        else:
            frame[name] = pd.Series([str(value)] * len(frame), index=frame.index, dtype=object)

    def csv_chunks():
        for i in range(0, len(frame), pgcopy.CHUNK_ROWS):
            yield _copy_text(frame.iloc[i:i + pgcopy.CHUNK_ROWS], names)

    return "csv", csv_chunks()


def _copy(cursor, target: str, names: list[str], fmt: str, chunks) -> int:
    """COPY the chunks into `target`; returns the rows copied. A writer thread sends each chunk while
    the next one is encoded here, so encoding and the server's work overlap (two cores)."""
    from psycopg.copy import QueuedLibpqWriter

    q = connection.ops.quote_name
    if fmt == "csv":
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")  # the CSV's times are UTC without an offset
    raw = cursor.cursor  # psycopg 3
    with raw.copy(f"COPY {target} ({', '.join(q(n) for n in names)}) FROM STDIN (FORMAT {fmt})",
                  writer=QueuedLibpqWriter(raw)) as copy:
        for chunk in chunks:
            copy.write(chunk)
    return raw.rowcount


def _postgres(kind, model, rows, columns, standard) -> tuple[int, set[str]]:
    """Two ways in, both in key order:

    - the fast path, when no sampled key exists yet: COPY straight into the table, inside a
      savepoint. If a key turns out to exist after all (a partial replay the sample missed, or a
      concurrent call that committed it first), the unique index refuses the COPY, the savepoint
      is rolled back, and the rows take the second way. Every valid row was inserted, so every
      valid row's account goes to monitoring.
    - COPY into a temporary staging table (no WAL, no indexes), then one INSERT ... SELECT ... ON
      CONFLICT DO NOTHING RETURNING the accounts of the rows it did insert.

    The client is in the rows already (validation looked the accounts up), so no join is needed.
    """
    from django.db import transaction
    from psycopg import errors

    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    key_cols = ["source", "external_id"] if kind.key != ("code",) else ["name"]
    names = [*columns, *(["client_id"] if kind.has_account else []), *standard]
    rows = _sorted_by_key(rows, key_cols)
    with connection.cursor() as cursor:
        if not _some_exist(cursor, table, key_cols, rows):
            fmt, chunks = _copy_chunks(model, rows, names, standard)
            sid = transaction.savepoint()
            try:
                created = _copy(cursor, table, names, fmt, chunks)
            except (errors.UniqueViolation, errors.DeadlockDetected):
                transaction.savepoint_rollback(sid)
            else:
                transaction.savepoint_commit(sid)
                accounts = set(rows["account_id"].unique()) if kind.has_account else set()
                return created, accounts
        return _staged(cursor, kind, model, table, rows, names, key_cols, standard)


def _staged(cursor, kind, model, table, rows, names, key_cols, standard) -> tuple[int, set[str]]:
    q = connection.ops.quote_name
    stage = "crm_ingest_stage"
    col_list = ", ".join(q(c) for c in names)
    cursor.execute("SHOW work_mem")
    work_mem = cursor.fetchone()[0]
    # The ordered insert sorts the batch: in memory rather than in temporary files.
    cursor.execute("SELECT set_config('work_mem', %s, true)", [STAGE_WORK_MEM])
    cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    cursor.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {col_list} FROM {table} WITH NO DATA")
    fmt, chunks = _copy_chunks(model, rows, names, standard)
    _copy(cursor, stage, names, fmt, chunks)
    order = ", ".join(f'{q(c)} COLLATE "C"' for c in key_cols)
    returning = "account_id" if kind.has_account else "NULL::text"
    cursor.execute(f"WITH ins AS (INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {stage} ORDER BY {order} "
                   f"ON CONFLICT DO NOTHING RETURNING {returning} AS account) "
                   f"SELECT account, count(*) FROM ins GROUP BY account")
    result = cursor.fetchall()
    cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
    created = sum(n for _, n in result)
    return created, {a for a, _ in result if a is not None}
