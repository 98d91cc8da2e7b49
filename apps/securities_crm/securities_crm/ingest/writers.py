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

from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.db import connection, transaction
from psycopg import errors
from psycopg.copy import QueuedLibpqWriter

from . import pgcopy

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


def write(kind, stream, standard: dict) -> tuple[int, set[str]]:
    """Insert the valid rows of `stream` (validate.Stream: db columns) with the standard fields;
    returns (created, the accounts handed to monitoring)."""
    model = kind.model
    key_cols = kind.key_columns
    columns = kind.write_columns
    vendor = connection.vendor
    if vendor == "postgresql":
        return _postgres(kind, model, stream, columns, standard)
    rows = stream.rows()
    if rows.empty:
        return 0, set()
    if kind.has_account:
        columns = [*columns, "client_id"]
    rows = rows.sort_values(key_cols, kind="stable")  # PostgreSQL orders in its INSERT instead
    values = _values(rows, columns, vendor)
    for name, value in standard.items():
        if hasattr(value, "tzinfo"):
            value = connection.ops.adapt_datetimefield_value(value)
        if vendor == "mysql" and not isinstance(value, str):
            value = str(value)  # text for _mysql_inserts
        values[name] = pd.Series([value] * len(values), index=values.index, dtype=object)
    table = connection.ops.quote_name(model._meta.db_table)
    names = list(values.columns)
    cols = ", ".join(connection.ops.quote_name(c) for c in names)
    marks = ", ".join(["%s"] * len(names))
    created = 0
    if vendor == "mysql":
        with connection.cursor() as cursor:
            for sql in _mysql_inserts(f"INSERT IGNORE INTO {table} ({cols}) VALUES ", values):
                cursor.cursor.execute(sql)  # the driver's cursor: no parameters to format, no query log
                created += max(cursor.cursor.rowcount, 0)
    else:
        sql = f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({marks})"
        data = list(values.itertuples(index=False, name=None))
        with connection.cursor() as cursor:
            for i in range(0, len(data), CHUNK):
                cursor.executemany(sql, data[i : i + CHUNK])
                created += max(cursor.rowcount, 0)
    # INSERT IGNORE cannot say which rows went in: every valid row's account is handed on.
    accounts = set(rows["account_id"].unique()) if kind.has_account else set()
    return created, accounts


MYSQL_ROWS = 5000  # rows per INSERT: about 1 MB of SQL, well inside max_allowed_packet's 16 MB default
MYSQL_ESCAPES = (("\\", "\\\\"), ("'", "\\'"), ("\x00", "\\0"), ("\n", "\\n"), ("\r", "\\r"), ("\x1a", "\\Z"))


def _mysql_inserts(head: str, values: pd.DataFrame):
    """Multi-row INSERT statements with the values written in as SQL literals, built a column at a
    time by Arrow. mysqlclient's executemany formats and escapes every value of every row in
    Python, which cost more than MariaDB's own work. Text is escaped as the driver does
    (backslash, quote, NUL, CR, LF, Ctrl-Z: the connection is utf8mb4 and its sql_mode has no
    NO_BACKSLASH_ESCAPES); numbers (checked decimal text, integers) are quoted too, and MariaDB
    converts them exactly."""
    literals = []
    for name in values.columns:
        col = values[name]
        if col.dtype != object:  # integers (booleans as 0/1)
            arr = pc.cast(pa.array(col), pa.string())
        else:
            try:
                arr = pa.array(col, type=pa.string(), from_pandas=True)
            except (pa.ArrowTypeError, pa.ArrowInvalid):  # a constant that is not text
                arr = pa.array(col.map(lambda v: None if v is None else str(v)), type=pa.string(), from_pandas=True)
        arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
        for old, new in MYSQL_ESCAPES:
            arr = pc.replace_substring(arr, old, new)
        literals.append(pc.fill_null(pc.binary_join_element_wise("'", arr, "'", ""), "NULL"))
    rows = pc.binary_join_element_wise("(", pc.binary_join_element_wise(*literals, ","), ")", "")
    for i in range(0, len(rows), MYSQL_ROWS):
        yield head + ",".join(rows.slice(i, MYSQL_ROWS).to_pylist())


def _copy_text(rows: pd.DataFrame, columns: list[str]) -> bytes:
    """The rows as CSV for COPY, written by Arrow (strings quoted, NULL as an unquoted empty field)."""
    arrays = []
    for name in columns:
        s = rows[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            arrays.append(pa.array(s.dt.tz_convert("UTC").dt.tz_localize(None), type=pa.timestamp("us")))
        elif s.dtype == bool:
            arrays.append(pa.array(s.to_numpy(), type=pa.bool_()))
        else:
            arrays.append(
                pa.array(
                    s.astype(object).where(s.notna(), None).to_numpy() if s.dtype == object else s,
                    type=pa.string(),
                    from_pandas=True,
                )
            )
    table = pa.Table.from_arrays(arrays, names=columns)
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(table, sink, write_options=pa_csv.WriteOptions(include_header=False))
    return sink.getvalue().to_pybytes()


def copy_into(model, frame: pd.DataFrame, constants: dict) -> int:
    """PostgreSQL: the frame's rows (one column per field, plus the constants) into the model's
    table by binary COPY, in the caller's transaction; returns the rows copied."""
    names = [*frame.columns, *constants]
    fmt, chunks = _copy_chunks(model, [frame], names, constants)
    with connection.cursor() as cursor:
        return _copy(cursor, connection.ops.quote_name(model._meta.db_table), names, fmt, chunks)


def _sorted_by_key(rows: pd.DataFrame, key_cols: list[str]) -> pd.DataFrame:
    """Rows in key order (byte order, as PostgreSQL's COLLATE "C"): every writer inserts overlapping
    keys in the same order, so concurrent calls wait on each other instead of deadlocking. Input
    from one system usually comes sorted already; that is checked in one pass."""
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


def _some_exist(cursor, table: str, key_cols: list[str], stream, sample: int = 256) -> bool:
    """Whether any of an evenly spaced sample of the batch's keys is already stored: a replay (whole
    or partial) is then seen before anything is written, at the cost of a few index probes."""
    if stream.keys is not None:  # a sliced stream knows its keys before validating
        keys = {c: stream.keys.column(c).to_numpy(zero_copy_only=False) for c in key_cols}
    else:
        rows = stream.rows()
        keys = {c: rows[c].to_numpy() for c in key_cols}
    n = len(next(iter(keys.values()))) if keys else 0
    if not n:
        return False
    picks = np.unique(np.linspace(0, n - 1, min(sample, n)).astype(int))
    q = connection.ops.quote_name
    arrays = ", ".join("%s::text[]" for _ in key_cols)
    names = ", ".join(f"k{i}" for i in range(len(key_cols)))
    match = " AND ".join(f"t.{q(c)} = k.k{i}" for i, c in enumerate(key_cols))
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {table} t JOIN unnest({arrays}) AS k({names}) ON {match})",
        [[str(v) for v in keys[c][picks]] for c in key_cols],
    )
    return bool(cursor.fetchone()[0])


def _copy_chunks(model, frames, names: list[str], standard: dict):
    """(COPY format, chunks of the stream) for an iterable of row frames: binary when every
    column's type has an encoder, else CSV."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = [(n, pgcopy.field_of(by_column[n], connection)) for n in names]
    encodable = [(n, f) for n, f in fields if f is not None]
    if len(encodable) == len(fields):
        return "binary", pgcopy.Encoder(encodable).stream(frames, standard)

    def csv_chunks():
        for rows in frames:
            frame = rows[[n for n in names if n not in standard]].copy()
            for name, value in standard.items():
                if hasattr(value, "tzinfo"):
                    frame[name] = pd.Series([value] * len(frame), index=frame.index, dtype="datetime64[us, UTC]")
                else:
                    frame[name] = pd.Series([str(value)] * len(frame), index=frame.index, dtype=object)
            for i in range(0, len(frame), pgcopy.CHUNK_ROWS):
                yield _copy_text(frame.iloc[i : i + pgcopy.CHUNK_ROWS], names)

    return "csv", csv_chunks()


def _copy(cursor, target: str, names: list[str], fmt: str, chunks) -> int:
    """COPY the chunks into `target`; returns the rows copied. A writer thread sends each chunk while
    the next one is encoded here, so encoding and the server's work overlap (two cores)."""
    q = connection.ops.quote_name
    if fmt == "csv":
        cursor.execute("SET LOCAL TIME ZONE 'UTC'")  # the CSV's times are UTC without an offset
    raw = cursor.cursor  # psycopg 3
    with raw.copy(
        f"COPY {target} ({', '.join(q(n) for n in names)}) FROM STDIN (FORMAT {fmt})", writer=QueuedLibpqWriter(raw)
    ) as copy:
        for chunk in chunks:
            copy.write(chunk)
    return raw.rowcount


def _postgres(kind, model, stream, columns, standard) -> tuple[int, set[str]]:
    """In key order, one of:

    - the fast path, when no sampled key is stored yet: COPY straight into the table, inside a
      savepoint, slice by slice as validation hands them over. Every valid row is inserted, so
      every valid row's account goes to monitoring.
    - a replay (some sampled key is stored): the batch's keys are looked up in one query, the
      stored rows counted as duplicates, and only the new ones take the fast path.
    - when the fast path's COPY hits a stored key after all (one the sample missed, or a
      concurrent call committed it first), the unique index refuses it, the savepoint is rolled
      back, and the rows go by a temporary staging table (no WAL, no indexes) and one INSERT ...
      SELECT ... ON CONFLICT DO NOTHING RETURNING the accounts of the rows it did insert.

    The client is in the rows already (validation looked the accounts up), so no join is needed.
    """
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    key_cols = kind.key_columns
    names = [*columns, *(["client_id"] if kind.has_account else []), *standard]

    def batch_slices():  # valid rows, in key order (a sliced stream is in key order already; one slice is sorted here)
        for result in stream.results():
            if len(result.rows):
                yield _sorted_by_key(result.rows, key_cols)

    slices = batch_slices
    with connection.cursor() as cursor:
        if _some_exist(cursor, table, key_cols, stream):
            # A replay, whole or partial: the stored rows are counted as duplicates and never sent
            # again; the new ones go the fast way like any batch.
            rows = _sorted_by_key(stream.rows(), key_cols) if stream.valid() else pd.DataFrame()
            if len(rows):
                rows = rows[~_stored(cursor, table, key_cols, rows)]
            if not len(rows):
                return 0, set()
            slices = lambda: iter([rows])  # noqa: E731  (the new rows only)
        done = _straight(cursor, kind, model, table, slices, names, standard)
        if done is not None:
            return done
        return _staged(cursor, kind, model, table, slices, names, key_cols, standard)


def _straight(cursor, kind, model, table, slices, names, standard) -> tuple[int, set[str]] | None:
    """COPY straight into the table inside a savepoint; None (and nothing written) when a key
    turns out to be stored already or a concurrent call holds it in another order."""
    fmt, chunks = _copy_chunks(model, slices(), names, standard)
    sid = transaction.savepoint()
    try:
        created = _copy(cursor, table, names, fmt, chunks)
    except (errors.UniqueViolation, errors.DeadlockDetected):
        transaction.savepoint_rollback(sid)
        return None
    transaction.savepoint_commit(sid)
    accounts = set()
    if kind.has_account:
        for part in slices():
            accounts.update(pc.unique(pa.array(part["account_id"], type=pa.string())).to_pylist())
    return created, accounts


def _stored(cursor, table: str, key_cols: list[str], rows: pd.DataFrame) -> np.ndarray:
    """Which rows' keys are stored already: the keys go to a temporary table by binary COPY, and
    one query probes the unique index for each (nested loop: the table grows by the million, a
    hash or merge join would read all of it)."""
    q = connection.ops.quote_name
    keys = pd.DataFrame({"i": np.arange(len(rows), dtype=np.int64), **{c: rows[c].to_numpy() for c in key_cols}})
    fields = [("i", pgcopy.Field("int4"))] + [(c, pgcopy.Field("text")) for c in key_cols]
    cursor.execute("DROP TABLE IF EXISTS crm_ingest_keys")
    cursor.execute(
        "CREATE TEMP TABLE crm_ingest_keys (i integer, "
        + ", ".join(f"{q(c)} text" for c in key_cols)
        + ") ON COMMIT DROP"
    )
    _copy(cursor, "crm_ingest_keys", ["i", *key_cols], "binary", pgcopy.Encoder(fields).chunks(keys, {}))
    match = " AND ".join(f"t.{q(c)} = k.{q(c)}" for c in key_cols)
    with _settings(cursor, enable_mergejoin="off", enable_hashjoin="off"):
        cursor.execute(
            f"SELECT array_agg(k.i) FROM crm_ingest_keys k WHERE EXISTS (SELECT 1 FROM {table} t WHERE {match})"
        )
        found = cursor.fetchone()[0] or []
    cursor.execute("DROP TABLE IF EXISTS crm_ingest_keys")
    mask = np.zeros(len(rows), dtype=bool)
    mask[np.asarray(found, dtype=np.int64)] = True
    return mask


def _staged(cursor, kind, model, table, slices, names, key_cols, standard) -> tuple[int, set[str]]:
    q = connection.ops.quote_name
    stage = "crm_ingest_stage"
    col_list = ", ".join(q(c) for c in names)
    cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    cursor.execute(f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {col_list} FROM {table} WITH NO DATA")
    fmt, chunks = _copy_chunks(model, slices(), names, standard)
    _copy(cursor, stage, names, fmt, chunks)
    order = ", ".join(f'{q(c)} COLLATE "C"' for c in key_cols)
    match = " AND ".join(f"t.{q(c)} = s.{q(c)}" for c in key_cols)
    returning = "account_id" if kind.has_account else "NULL::text"
    # NOT EXISTS drops the rows already stored before the insert: ON CONFLICT alone pays a
    # speculative insertion per row, checking every unique index and drawing an id from the
    # sequence (6.1 s for a replay of 1M trades, against 2.6 s). ON CONFLICT still settles rows
    # that concurrent calls store meanwhile. The probes go through the unique index (nested loop):
    # a merge or hash join would read the whole table, which grows by the million.
    with _settings(cursor, work_mem=STAGE_WORK_MEM, enable_mergejoin="off", enable_hashjoin="off"):
        cursor.execute(
            f"WITH ins AS (INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {stage} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match}) ORDER BY {order} "
            f"ON CONFLICT DO NOTHING RETURNING {returning} AS account) "
            f"SELECT account, count(*) FROM ins GROUP BY account"
        )
        result = cursor.fetchall()
    cursor.execute(f"DROP TABLE IF EXISTS {stage}")
    created = sum(n for _, n in result)
    return created, {a for a, _ in result if a is not None}


@contextmanager
def _settings(cursor, **values):
    """PostgreSQL settings for a few statements of this transaction, then back as they were."""
    before = {}
    for name, value in values.items():
        cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
        before[name] = cursor.fetchone()[0]
    try:
        yield
    finally:
        for name, value in before.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
