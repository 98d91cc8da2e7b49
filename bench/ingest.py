"""Benchmark: ingesting 1,000,000 trades on PostgreSQL, against a raw COPY of the same CSV.

    .venv/bin/python bench/ingest.py                  # 1,000,000 trades
    .venv/bin/python bench/ingest.py --rows 200000    # a quicker look

It makes its own database (BENCH_DB, default crm_bench_ingest, on postgres://postgres@127.0.0.1:5432,
or BENCH_PG_URL's server), migrates it, generates demo clients with their accounts (--clients) and
2,000 instruments, writes the trades as one CSV, then measures in the same run:

  ceiling   COPY of the CSV into a bare table of the same columns (no keys, no indexes),
            before and after the rest; the faster of the two is the ceiling
  keyed     for reference, COPY of the CSV into the same table given the three indexes any trade store
            here needs (primary key, the unique idempotency key, the (client, time) index monitoring
            reads): the floor the database itself sets once the keys exist
  api       POST /api/method/securities_crm.api.ingest.trades with the CSV as an uploaded file,
            token auth of an Integration user (Django's test client, in process)
  command   manage.py ingest trades FILE, into an empty trade table
  replay    the same file again through the command: every row a duplicate

It prints rows per second for each beside the ceiling's, and its ratio to the ceiling (goal:
>= 0.5), writes them to bench/results/ingest.json, and drops the database. Not run by the tests.
The machine may be shared: run it twice and compare.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sites"))
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "crm_bench_ingest")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("CRM_DEMO", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "crm_site.settings"
os.environ.setdefault("CRM_API_RATE_LIMIT", "0")
os.environ.setdefault("CRM_API_RATE_LIMIT_IP", "0")

RAW_TABLE = """CREATE UNLOGGED TABLE IF NOT EXISTS bench_raw_trades (
    external_id varchar(64), account varchar(40), instrument varchar(32), side varchar(4), quantity numeric(20,4),
    price numeric(18,4), amount numeric(20,2), fee numeric(18,2), trade_time timestamptz, channel varchar(20))"""
COLUMNS = "external_id,account,instrument,side,quantity,price,amount,fee,trade_time,channel"


def admin_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def create_database():
    with admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")


def drop_database():
    with admin_connection() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def prepare(clients: int):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from securities_crm import demo

    ctx = demo.Context(seed=7, clients=clients, password="bench-password", quiet=True)
    for order, _, fn in demo.load_steps():
        if order <= 20:  # organisation and clients with their accounts; not the demo's own trading data
            fn(ctx)
    from securities_crm.ingest import engine

    instruments = [
        {
            "code": f"{600000 + i:06d}.SH" if i % 2 else f"{i:06d}.SZ",
            "market": "SH" if i % 2 else "SZ",
            "instrument_name": f"证券{i}",
            "industry": "银行",
        }
        for i in range(2000)
    ]
    engine.ingest("instruments", instruments, "json", channel="command")
    from django.contrib.auth.models import Group, User

    from securities_crm.doctype.api_key.model import ApiKey

    user = User.objects.create_user("bench_trading_system")
    user.groups.add(Group.objects.get(name="Integration"))
    key, secret = ApiKey.generate(user, "bench")
    return f"token {key.api_key}:{secret}", [c for (c,) in _accounts()], [i["code"] for i in instruments]


def _accounts():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM securities_crm_securitiesaccount")
        return cursor.fetchall()


def generate_csv(path: Path, rows: int, accounts: list[str], instruments: list[str]):
    """Vectorised: one million realistic trades in a few seconds."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(42)
    qty = rng.integers(1, 100, rows) * 100
    price = np.round(rng.uniform(2, 200, rows), 2)
    amount = np.round(qty * price, 2)
    seconds = rng.integers(0, 180 * 86400, rows)
    times = pd.Timestamp("2026-01-05 09:30:00") + pd.to_timedelta(seconds, unit="s")
    frame = pd.DataFrame(
        {
            "external_id": [f"T{i:010d}" for i in range(rows)],
            "account": np.asarray(accounts)[rng.integers(0, len(accounts), rows)],
            "instrument": np.asarray(instruments)[rng.integers(0, len(instruments), rows)],
            "side": np.where(rng.random(rows) < 0.5, "Buy", "Sell"),
            "quantity": qty,
            "price": price,
            "amount": amount,
            "fee": np.round(amount * 0.00025, 2),
            "trade_time": times.strftime("%Y-%m-%d %H:%M:%S"),
            "channel": np.asarray(["Mobile", "Online", "Counter", "API"])[rng.integers(0, 4, rows)],
        }
    )
    frame.to_csv(path, index=False, float_format="%.2f")


KEYS = [
    "ALTER TABLE bench_raw_trades ADD COLUMN id bigserial PRIMARY KEY",
    "CREATE UNIQUE INDEX ON bench_raw_trades (external_id)",
    "CREATE INDEX ON bench_raw_trades (account, trade_time)",
]


def raw_copy(path: Path, keyed: bool = False) -> float:
    """The ceiling: COPY the same CSV into a bare table of the same shape (keyed: with the three indexes)."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        conn.execute(RAW_TABLE.replace("UNLOGGED ", ""))
        conn.execute("TRUNCATE bench_raw_trades")
        for sql in KEYS if keyed else ():
            conn.execute(sql)
        conn.execute("SET TIME ZONE 'Asia/Shanghai'")
        conn.commit()
        started = time.perf_counter()
        sql = f"COPY bench_raw_trades ({COLUMNS}) FROM STDIN (FORMAT csv, HEADER)"
        with conn.cursor() as cur, cur.copy(sql) as copy, open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_raw_trades")
        conn.commit()
    return elapsed


def empty_trades():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE securities_crm_trade, securities_crm_ingestionreject, securities_crm_ingestionbatch "
            "RESTART IDENTITY"
        )
        cursor.execute("VACUUM ANALYZE securities_crm_trade") if not connection.in_atomic_block else None


def via_api(path: Path, token: str) -> tuple[float, dict]:
    from django.test import Client

    client = Client()
    with open(path, "rb") as f:
        started = time.perf_counter()
        response = client.post(
            "/api/method/securities_crm.api.ingest.trades", {"file": f}, headers={"Authorization": token}
        )
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"API answered {response.status_code}: {response.content[:500]!r}")
    return elapsed, response.json()["message"]


def via_command(path: Path) -> tuple[float, dict]:
    from django.core.management import call_command

    from securities_crm.ingest import engine

    started = time.perf_counter()  # the command reads the file itself: that is part of its time
    with open(os.devnull, "w") as devnull:
        call_command("ingest", "trades", str(path), verbosity=0, stdout=devnull)
    elapsed = time.perf_counter() - started
    from securities_crm.doctype.ingestion_batch.model import IngestionBatch

    batch = IngestionBatch.objects.order_by("-creation").first()
    return elapsed, engine.report(batch, rejects=None) | {"rejects": []}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    create_database()
    import django

    django.setup()
    from securities_crm.core import embedded_redis

    try:
        with embedded_redis.ensure_running():  # REDIS_URL's server, or an embedded one (monitoring jobs go there)
            run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database()


def run(args):
    if True:
        t0 = time.perf_counter()
        token, accounts, instruments = prepare(args.clients)
        tmp = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
        path = tmp / "trades.csv"
        generate_csv(path, args.rows, accounts, instruments)
        size_mb = path.stat().st_size / 1e6
        print(
            f"data: {args.rows:,} trades over {len(accounts):,} accounts and {len(instruments):,} instruments, "
            f"{size_mb:.0f} MB CSV (prepared in {time.perf_counter() - t0:.0f} s)"
        )
        results = {}
        ceiling_1 = raw_copy(path)
        api_s, api_answer = via_api(path, token)
        assert api_answer["created"] == args.rows, api_answer | {"rejects": api_answer["rejects"][:5]}
        empty_trades()
        cmd_s, cmd_answer = via_command(path)
        assert cmd_answer["created"] == args.rows, cmd_answer
        replay_s, replay_answer = via_command(path)
        assert replay_answer["created"] == 0 and replay_answer["duplicates"] == args.rows, replay_answer
        ceiling_2 = raw_copy(path)
        keyed = raw_copy(path, keyed=True)
        ceiling = min(ceiling_1, ceiling_2)
        n = args.rows

        def line(label, seconds):
            rate = n / seconds
            results[label] = {
                "seconds": round(seconds, 2),
                "rows_per_s": round(rate),
                "ratio": round(ceiling / seconds, 3),
                "ceiling_rows_per_s": round(n / ceiling),
            }
            print(
                f"{label:<34} {seconds:8.2f} s {rate:12,.0f} rows/s   ceiling {n / ceiling:10,.0f} rows/s   "
                f"ratio {ceiling / seconds:5.2f}"
            )

        print(
            f"{'ceiling: raw COPY, bare table':<34} {ceiling:8.2f} s {n / ceiling:12,.0f} rows/s   "
            f"(runs: {ceiling_1:.2f} s, {ceiling_2:.2f} s; the faster counts)"
        )
        results["ceiling"] = {
            "seconds": round(ceiling, 2),
            "rows_per_s": round(n / ceiling),
            "runs": [round(ceiling_1, 2), round(ceiling_2, 2)],
        }
        print(
            f"{'reference: COPY, table with keys':<34} {keyed:8.2f} s {n / keyed:12,.0f} rows/s   "
            f"ratio {ceiling / keyed:5.2f} (the floor the indexes set)"
        )
        results["keyed_copy"] = {
            "seconds": round(keyed, 2),
            "rows_per_s": round(n / keyed),
            "ratio": round(ceiling / keyed, 3),
        }
        line("api: upload, 1 call", api_s)
        line("command: manage.py ingest", cmd_s)
        line("replay (command, all duplicates)", replay_s)
        results["rows"] = n
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / "ingest.json").write_text(json.dumps(results, indent=2))
        path.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
