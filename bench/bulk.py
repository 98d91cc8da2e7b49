"""What the PostgreSQL benchmarks share: their own database, the demo's organisation, and rows written
straight into the tables with COPY from Arrow batches (no model object per row).

Clients and accounts: the demo makes a few thousand whole clients (`TEMPLATES`: names, encrypted
identity fields and their blind indexes, accounts), and the rest are copies of them under new names,
each copy of template k keeping k's attributes and accounts but drawing its status, risk level and
assets from a seeded generator; so a million clients take a minute, not the demo's 95 (571 s per
100,000 here). Copies have no identity number index (it is unique; NULL is allowed), so a search by
identity number finds only the templates: enough for the benchmarks, which read trading facts.
"""

from __future__ import annotations

import os

SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
CHUNK = 1_000_000
TEMPLATES = 2_000


def admin(sql):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def copy_in(table_name: str, table) -> None:
    """An Arrow table into `table_name` by COPY, as CSV written by Arrow (NULL an unquoted empty field,
    an empty string a quoted one, as COPY reads them), a million rows at a time."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    from django.db import connection

    for i in range(0, len(table), CHUNK):
        buf = pa.BufferOutputStream()
        pcsv.write_csv(table.slice(i, CHUNK), buf, pcsv.WriteOptions(include_header=False))
        data = buf.getvalue()
        listed = ", ".join(table.column_names)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table_name} ({listed}) FROM STDIN (FORMAT csv)") as cp,
        ):
            for j in range(0, data.size, 1 << 24):
                cp.write(memoryview(data)[j : j + (1 << 24)])


def copy_rows(table_name: str, columns: dict, n: int, now: str) -> None:
    """Generated columns (arrays of n, or one value for all) plus the standard ones, into a table."""
    import pyarrow as pa

    standard = {"source": "bench", "owner": "bench", "modified_by": "bench", "creation": now, "modified": now}
    standard |= {"docstatus": 0, "idx": 0}
    for i in range(0, n, CHUNK):
        m = min(CHUNK, n - i)
        part = {k: (v[i : i + m] if not isinstance(v, (str, int)) else pa.repeat(v, m)) for k, v in columns.items()}
        part |= {k: pa.repeat(v, m) for k, v in standard.items()}
        copy_in(table_name, pa.table(part))


def copy_out(sql: str):
    """A query's rows as an Arrow table of strings (NULL kept apart from the empty string)."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pcsv
    from django.db import connection

    buf = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)") as cp:
        for chunk in cp:
            buf.write(chunk)
    header = buf.getvalue().split(b"\n", 1)[0].decode().split(",")
    return pcsv.read_csv(
        pa.py_buffer(buf.getbuffer()),
        convert_options=pcsv.ConvertOptions(
            column_types={c: pa.string() for c in header},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


def prepare(clients: int, instruments: list[dict], seed: int = 7) -> None:
    """Migrate; the demo's organisation and staff, its first TEMPLATES clients; the rest copied from
    them (see the module's docstring); then the instruments through the ingestion engine."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from securities_crm import demo
    from securities_crm.ingest import engine

    ctx = demo.Context(seed=seed, clients=min(clients, TEMPLATES), password="bench-password", quiet=True)
    for order, _, fn in demo.load_steps():
        if order <= 20:  # organisation, staff, clients and their accounts (not the demo's trading rows)
            fn(ctx)
    if clients > TEMPLATES:
        copy_clients(clients, seed)
    engine.ingest("instruments", instruments, "json", channel="command")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def copy_clients(clients: int, seed: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng(seed)
    people = copy_out("SELECT * FROM securities_crm_client ORDER BY name")
    accounts = copy_out("SELECT * FROM securities_crm_securitiesaccount ORDER BY name")
    t = len(people)
    n = clients - t
    k = np.arange(n) % t  # each copy's template
    names = pa.array([f"CL-{i:07d}" for i in range(t + 1, clients + 1)])
    copies = people.take(pa.array(k))
    status = np.asarray(["Prospect", "Active", "Dormant", "Closed"])[rng.choice(4, n, p=[0.05, 0.8, 0.12, 0.03])]
    risk = np.asarray(["C1", "C2", "C3", "C4", "C5", ""])[rng.choice(6, n, p=[0.08, 0.2, 0.28, 0.16, 0.08, 0.2])]
    assets = rng.choice([5, 20, 50, 120, 300, 800, 2000, 6000], n) * 1000
    changes = {
        "name": names,
        "id_number_index": pa.nulls(n, pa.string()),
        "user_id": pa.nulls(n, pa.string()),
        "status": pa.array(status),
        "risk_level": pa.array(risk),
        "financial_assets": pa.array(assets.astype(str)),
    }
    for column, values in changes.items():
        copies = copies.set_column(copies.column_names.index(column), column, values)
    copy_in("securities_crm_client", copies)
    # Each copy gets its template's accounts (not a prospect's: a prospect has none), renamed after it.
    index = {name: i for i, name in enumerate(people["name"].to_pylist())}
    owner = np.asarray([index[c] for c in accounts["client_id"].to_pylist()])
    order = np.argsort(owner, kind="stable")
    counts = np.bincount(owner, minlength=t)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    funded = np.flatnonzero(status != "Prospect")
    per = counts[k[funded]]
    who = np.repeat(funded, per)  # the copy each new account belongs to
    nth = np.arange(len(who)) - np.repeat(np.cumsum(per) - per, per)
    source = order[starts[k[who]] + nth]  # the template account copied
    rows = accounts.take(pa.array(source))
    prefix = pc.utf8_slice_codeunits(rows["name"], 0, 1)  # A (first account) or E (a second one)
    number = pc.binary_join_element_wise(prefix, pa.array([f"{t + 1 + w:09d}" for w in who]), "")
    closed = status[who] == "Closed"
    changes = {
        "name": number,
        "account_number": number,
        "client_id": names.take(pa.array(who)),
        "status": pa.array(np.where(closed, "Closed", "Active")),
        "closed_on": pa.array(np.where(closed, rows["opened_on"].to_numpy(zero_copy_only=False), None), pa.string()),
    }
    for column, values in changes.items():
        rows = rows.set_column(rows.column_names.index(column), column, values)
    copy_in("securities_crm_securitiesaccount", rows)


def accounts_and_instruments():
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    pairs = list(SecuritiesAccount.objects.order_by("name").values_list("name", "client_id"))
    return pairs, list(Instrument.objects.order_by("name").values_list("name", flat=True))
