"""Writing profiles in bulk, idempotently: a rerun over the same facts changes no row.

PostgreSQL: the rows go by COPY (CSV written by Arrow) into a temporary staging table, then one
INSERT ... SELECT ... ON CONFLICT (name) DO UPDATE that touches only the rows whose values differ.
SQLite and MariaDB (tests, demos, small sites): Django's bulk_create with update_conflicts.
A profile is named by its client's name, so the client is the conflict key.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pyarrow.csv as pcsv
from django.db import connection, models
from django.utils import timezone

from ..core import session
from ..core.bulk import bulk_transaction
from ..doctype.client_profile.model import ClientProfile
from . import rfm
from .compute import JSON_COLUMNS, METRIC_COLUMNS

STAGE = "client_profile_stage"
# What a new row carries before the night's RFM scoring reaches it.
RFM_DEFAULTS = {"rfm_recency": 0, "rfm_frequency": 0, "rfm_monetary": 0, "rfm_cell": ""}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy_csv(cursor, table: pa.Table, target: str) -> None:
    """The Arrow table into `target` by COPY as CSV, written by Arrow's C++ writer (NULL is an unquoted
    empty field, an empty string a quoted one, as COPY reads them); no Python object per row."""
    sink = pa.BufferOutputStream()
    pcsv.write_csv(table, sink, pcsv.WriteOptions(include_header=False))
    listed = ", ".join(_q(c) for c in table.column_names)
    data = sink.getvalue()
    with cursor.cursor.copy(f"COPY {target} ({listed}) FROM STDIN (FORMAT csv)") as copy:
        for i in range(0, data.size, 1 << 24):
            copy.write(memoryview(data)[i : i + (1 << 24)])


def upsert(profiles: pa.Table, update: tuple[str, ...] = METRIC_COLUMNS) -> int:
    """Insert the missing profiles and update the `update` columns of the others where they differ;
    returns the rows written. `profiles` has METRIC_COLUMNS (RFM columns too, or they start at 0)."""
    if not len(profiles):
        return 0
    for column, value in RFM_DEFAULTS.items():
        if column not in profiles.column_names:
            profiles = profiles.append_column(column, pa.array([value] * len(profiles)))
    update = tuple(c for c in update if c != "client_id")
    now, user = timezone.now(), session.get_user()
    with bulk_transaction():
        if connection.vendor == "postgresql":
            return _upsert_postgres(profiles, update, now, user)
        return _upsert_orm(profiles, update, now, user)


def _upsert_postgres(profiles: pa.Table, update, now, user) -> int:
    table = _q(ClientProfile._meta.db_table)
    columns = profiles.column_names
    listed = ", ".join(_q(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # No constraints on the stage (CREATE TABLE AS): the target's are checked by the INSERT.
        cursor.execute(f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS SELECT {listed} FROM {table} WITH NO DATA")
        _copy_csv(cursor, profiles, STAGE)
        stamps = ("computed_at", "modified", "modified_by")
        sets = ", ".join(f"{_q(c)} = EXCLUDED.{_q(c)}" for c in (*update, *stamps))
        mine = ", ".join(f"t.{_q(c)}" for c in update)
        theirs = ", ".join(f"EXCLUDED.{_q(c)}" for c in update)
        standard = "name, owner, creation, modified, modified_by, docstatus, idx, computed_at"
        cursor.execute(
            f"INSERT INTO {table} AS t ({standard}, {listed}) "
            f"SELECT client_id, %s, %s, %s, %s, 0, 0, %s, {listed} FROM {STAGE} "
            f"ON CONFLICT (name) DO UPDATE SET {sets} WHERE ({mine}) IS DISTINCT FROM ({theirs})",
            [user, now, now, user, now],
        )
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGE}")
    return written


def _objects(rows: list[dict], now, user) -> list[ClientProfile]:
    objs = []
    for row in rows:
        for column in JSON_COLUMNS:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
        obj = ClientProfile(
            name=row["client_id"],
            owner=user,
            creation=now,
            modified=now,
            modified_by=user,
            computed_at=now,
            **row,
        )
        objs.append(obj)
    return objs


def _upsert_orm(profiles: pa.Table, update, now, user) -> int:
    objs = _objects(profiles.to_pylist(), now, user)
    # Rows whose values are unchanged are left alone, as on PostgreSQL (a rerun writes nothing).
    fields = [_field(c).attname for c in update]
    stored = {
        row[0]: row[1:]
        for row in ClientProfile.objects.filter(name__in=[o.name for o in objs]).values_list("name", *fields)
    }
    changed = [o for o in objs if o.name not in stored or _values(o, fields) != _normal(stored[o.name], fields)]
    if not changed:
        return 0
    with_target = connection.features.supports_update_conflicts_with_target  # not MariaDB's ON DUPLICATE KEY
    ClientProfile.objects.bulk_create(
        changed,
        update_conflicts=True,
        update_fields=[*fields, "computed_at", "modified", "modified_by"],
        unique_fields=["name"] if with_target else None,
        batch_size=500,
    )
    return len(changed)


def _field(name: str) -> models.Field:
    field = ClientProfile._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
    return field


def _values(obj, fields) -> tuple:
    return _normal(tuple(getattr(obj, f) for f in fields), fields)


def _normal(values, fields) -> tuple:
    """Values compared as the database stores them (decimals to their places, dates as dates)."""
    out = []
    for f, v in zip(fields, values):
        field = _field(f)
        if v is not None and not isinstance(v, (dict, list)):
            v = field.to_python(v)
            if isinstance(field, models.DecimalField) and isinstance(v, Decimal):
                v = round(v, field.decimal_places)
        out.append(v)
    return tuple(out)


def write_rfm(scores: pa.Table) -> int:
    """The RFM columns of existing profiles (scores: client_id and rfm.COLUMNS), where they differ."""
    if not len(scores):
        return 0
    with bulk_transaction():
        if connection.vendor == "postgresql":
            table = _q(ClientProfile._meta.db_table)
            cols = ", ".join(_q(c) for c in rfm.COLUMNS)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
                cursor.execute(
                    f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS SELECT name, {cols} FROM {table} WITH NO DATA"
                )
                _copy_csv(cursor, scores.rename_columns(["name", *rfm.COLUMNS]), STAGE)
                sets = ", ".join(f"{_q(c)} = s.{_q(c)}" for c in rfm.COLUMNS)
                mine = ", ".join(f"t.{_q(c)}" for c in rfm.COLUMNS)
                theirs = ", ".join(f"s.{_q(c)}" for c in rfm.COLUMNS)
                cursor.execute(
                    f"UPDATE {table} AS t SET {sets} FROM {STAGE} AS s "
                    f"WHERE t.name = s.name AND ({mine}) IS DISTINCT FROM ({theirs})"
                )
                written = cursor.rowcount
                cursor.execute(f"DROP TABLE {STAGE}")
            return written
        rows = scores.to_pylist()
        stored = {
            r[0]: r[1:]
            for r in ClientProfile.objects.filter(name__in=[r["client_id"] for r in rows]).values_list(
                "name", *rfm.COLUMNS
            )
        }
        changed = [
            ClientProfile(name=r["client_id"], **{c: r[c] for c in rfm.COLUMNS})
            for r in rows
            if r["client_id"] in stored and tuple(r[c] for c in rfm.COLUMNS) != stored[r["client_id"]]
        ]
        ClientProfile.objects.bulk_update(changed, list(rfm.COLUMNS), batch_size=500)
        return len(changed)
