"""Risk Alerts written in bulk, as the rules raise them: set-based, idempotent by `dedup_key`, each with
the history rows save() would have written (created Open, then assigned).

    created = insert_alerts(rows, now)   # rows: one per alert, the table's columns in their final state

PostgreSQL takes the rows by COPY into a staging table and one INSERT ... ON CONFLICT (dedup_key) DO
NOTHING RETURNING name; SQLite and MariaDB by bulk_create skipping existing keys. Either way the
names of the alerts that went in come back; a key another worker raised meanwhile is not ours.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
from django.db import connection

from .model import RiskAlert
from .workflow import OPEN

CHUNK = 1000


def insert_alerts(rows: pd.DataFrame, now) -> set:
    if connection.vendor == "postgresql":
        return _insert_copy(rows, now)
    return _insert_orm(rows, now)


def _insert_copy(rows: pd.DataFrame, now) -> set:
    """PostgreSQL: COPY the rows into a staging table, then one INSERT ... ON CONFLICT (dedup_key) DO
    NOTHING RETURNING name, and the two history rows of each alert that went in, by INSERT ... SELECT."""
    table = RiskAlert._meta.db_table
    history = RiskAlert.history.model._meta.db_table
    cols = [f.column for f in RiskAlert._meta.concrete_fields]
    out = rows[cols].copy()
    out["evidence"] = [json.dumps(ev, ensure_ascii=False) for ev in out["evidence"]]
    out["summary_data"] = [json.dumps(s, ensure_ascii=False) for s in out["summary_data"]]
    out["score"] = out["score"].map(lambda v: f"{v:.4f}")
    out["threshold"] = out["threshold"].map(lambda v: f"{v:.4f}")
    for col in ("creation", "modified", "window_start", "window_end", "due_at"):
        out[col] = pd.to_datetime(out[col], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S.%f+00")
    text = out.to_csv(index=False, header=False, na_rep="\\N")  # NULL as \N: an empty field is ''

    quoted = ", ".join(f'"{c}"' for c in cols)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS alert_stage (LIKE "{table}")')
        cursor.execute("TRUNCATE alert_stage")
        with cursor.cursor.copy(f"COPY alert_stage ({quoted}) FROM STDIN (FORMAT csv, NULL '\\N')") as copy:
            copy.write(text.encode())
        cursor.execute(
            f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM alert_stage '
            f"ON CONFLICT (dedup_key) DO NOTHING RETURNING name"
        )
        created = {r[0] for r in cursor.fetchall()}
        if created:
            opened = [
                f"'{OPEN}'"
                if c == "status"
                else "NULL"
                if c in ("assigned_to_id", "due_at")
                else "'[]'"
                if c == "transitions"
                else f'"{c}"'
                for c in cols
            ]
            for history_type, select in (("+", ", ".join(opened)), ("~", quoted)):
                cursor.execute(
                    f'INSERT INTO "{history}" ({quoted}, history_date, history_change_reason, history_type, '
                    f"history_user_id) SELECT {select}, %s, '', %s, NULL FROM alert_stage s "
                    # the rows that went in: the stage's names are new, so those now in the table
                    f'WHERE EXISTS (SELECT 1 FROM "{table}" t WHERE t.name = s.name) ORDER BY s.name',
                    [now, history_type],
                )
        cursor.execute("TRUNCATE alert_stage")
    return created


def _insert_orm(rows: pd.DataFrame, now) -> set:
    """SQLite and MariaDB: bulk_create skipping existing keys (INSERT OR IGNORE / INSERT IGNORE), then the
    rows that went in are found again by their freshly reserved names."""
    alerts = []
    rows = rows.assign(
        **{c: list(pd.to_datetime(rows[c], utc=True).dt.to_pydatetime()) for c in ("window_start", "window_end")}
    )
    for row in rows.to_dict("records"):
        assigned, transitions, status = row.pop("assigned_to_id"), row.pop("transitions"), row.pop("status")
        due_at = row.pop("due_at")
        row["score"], row["threshold"] = Decimal(f"{row['score']:.4f}"), Decimal(f"{row['threshold']:.4f}")
        alert = RiskAlert(**row, status=OPEN)
        alerts.append((alert, None if pd.isna(assigned) else int(assigned), json.loads(transitions), status, due_at))
    # history as save() then the assignment's save() wrote it: created Open, then assigned
    RiskAlert.history.bulk_history_create([a for a, *_ in alerts], batch_size=CHUNK, default_date=now)
    for alert, assigned, transitions, status, due_at in alerts:
        alert.assigned_to_id, alert.transitions, alert.status, alert.due_at = assigned, transitions, status, due_at
    objs = [a for a, *_ in alerts]
    RiskAlert.objects.bulk_create(objs, batch_size=CHUNK, ignore_conflicts=True)
    names = [a.name for a in objs]
    went_in = set()
    for i in range(0, len(names), CHUNK):
        went_in |= set(RiskAlert.objects.filter(name__in=names[i : i + CHUNK]).values_list("name", flat=True))
    lost = [n for n in names if n not in went_in]
    if lost:  # keys raised meanwhile by another worker: not ours
        RiskAlert.history.filter(name__in=lost).delete()
    RiskAlert.history.bulk_history_create(
        [a for a in objs if a.name in went_in], batch_size=CHUNK, update=True, default_date=now
    )
    return went_in
