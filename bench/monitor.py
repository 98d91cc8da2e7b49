"""Benchmark: monitoring on PostgreSQL — the full scan of all default rules against the same rules as
bare DuckDB queries over the same data, and real-time ingestion-to-alert latency.

    .venv/bin/python bench/monitor.py                                   # 5,000 clients, 500k trades
    .venv/bin/python bench/monitor.py --clients 100000 --trades 10000000 --transfers 1000000   # the issue's scale
    .venv/bin/python bench/monitor.py ... --keep        # keep the database; then --reuse measures again on it

It makes its own database (BENCH_DB, default crm_bench_monitor, on postgres://postgres@127.0.0.1:5432, or BENCH_PG_URL's
server), migrates it, makes clients and accounts (bench/bulk.py), writes random trades, orders, fund transfers,
logins and positions straight into the tables with COPY (generated with numpy and pyarrow: at 10M rows
the ingestion engine's parsing and checks would dominate the set-up), then measures:

  scan      engine.evaluate() of every enabled default rule over every client: loading, evaluation and
            writing the alerts (into an empty alert table); and evaluation alone, over loaded frames
  ceiling   the same rules as bare DuckDB SQL: a bare COPY of the same columns into Arrow, then the
            queries (the end-to-end ceiling), and the queries alone (the evaluation ceiling)
  latency   a worker (`rqworker short`) running while batches of fund transfers go through the real
            ingestion engine at about --rate rows/s; per batch, commit (job enqueued) to job finished
            (alerts written): p50/p99

It prints the figures, writes bench/results/monitor.json and drops the database (unless --keep).
Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sites"))
sys.path.insert(0, str(ROOT / "bench"))
import bulk  # noqa: E402  (the benchmarks' shared set-up)

SERVER = bulk.SERVER
DB = os.environ.get("BENCH_DB", "crm_bench_monitor")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("CRM_DEMO", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "crm_site.settings"


def _local_redis(url="redis://127.0.0.1:6379/9"):
    """A Redis server on the usual port when there is one (its database 9), so that the measurement
    does not share the embedded one under sites/var/ with a demo or a test run of the same tree."""
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        if s.connect_ex(("127.0.0.1", 6379)) == 0:
            os.environ.setdefault("REDIS_URL", url)


_local_redis()


# Windows over a day slide, anchored on rows (monitoring/common.py): a row whose forward window meets the
# rule is a candidate, and an episode starts at a candidate with no other within the window before it.
def sliding(rows: str, group: str, days: int, value: str, having: str) -> str:
    return f"""WITH r AS ({rows}),
        c AS (SELECT {group} g, t, {value} OVER (PARTITION BY {group} ORDER BY t
                  RANGE BETWEEN CURRENT ROW AND INTERVAL {days} DAY FOLLOWING) v FROM r),
        h AS (SELECT g, t, v FROM c WHERE {having})
        SELECT g, t, v FROM (SELECT *, lag(t) OVER (PARTITION BY g ORDER BY t) prev FROM h)
        WHERE prev IS NULL OR prev <= t - INTERVAL {days} DAY"""


# Every enabled default rule's bare DuckDB twin (same parameters as fixtures/monitoring_rules.json).
DUCK = {
    "AML-LARGE-CASH": """SELECT client, date_trunc('day', t) d, sum(amount) s FROM fund_transfer
        WHERE is_cash AND coalesce(currency, '') IN ('CNY', '') GROUP BY 1, 2 HAVING sum(amount) >= 50000
        UNION ALL
        SELECT client, date_trunc('day', t) d, sum(amount * CASE currency WHEN 'HKD' THEN 0.91 / 7.1 WHEN 'USD' THEN 1
        ELSE 1 / 7.1 END) s FROM fund_transfer WHERE is_cash AND coalesce(currency, '') NOT IN ('CNY', '')
        GROUP BY 1, 2 HAVING s >= 10000""",
    "AML-LARGE-TRANSFER": """SELECT f.client, date_trunc('day', t), sum(amount) FROM fund_transfer f
        JOIN accounts a USING (account)
        WHERE NOT is_cash GROUP BY 1, 2, a.client_type, cross_border
        HAVING sum(amount) >= CASE WHEN a.client_type <> 'Individual' THEN 2000000
                                   WHEN cross_border THEN 200000 ELSE 500000 END""",
    "AML-STRUCTURING": sliding(
        "SELECT client, t FROM fund_transfer WHERE is_cash AND amount >= 45000 AND amount < 50000",
        "client",
        7,
        "count(*)",
        "v >= 3",
    ),
    "AML-LARGE-OUTFLOW": sliding(
        "SELECT client, t, amount FROM fund_transfer WHERE direction = 'Out'",
        "client",
        7,
        "sum(amount)",
        "v >= 1000000",
    ),
    "MKT-FREQUENT": """SELECT account, date_trunc('day', t), count(*) FROM trade GROUP BY 1, 2 HAVING count(*) >= 100""",
    "MKT-HFT": """WITH e AS (SELECT account, placed_time t FROM "order" UNION ALL
                           SELECT account, cancelled_time FROM "order" WHERE cancelled_time IS NOT NULL),
        s AS (SELECT account, date_trunc('second', t) sec, count(*) n FROM e GROUP BY 1, 2)
        SELECT account, date_trunc('day', sec), max(n), sum(n) FROM s GROUP BY 1, 2
        HAVING max(n) >= 300 OR sum(n) >= 20000""",
    "MKT-CANCEL-RATIO": """SELECT account, date_trunc('day', placed_time), count(*),
        avg(CASE WHEN status='Cancelled' THEN 1 ELSE 0 END) r FROM "order" GROUP BY 1, 2
        HAVING count(*) >= 20 AND avg(CASE WHEN status='Cancelled' THEN 1 ELSE 0 END) >= 0.5""",
    "AML-IDLE-FLOWS": """WITH c AS (SELECT account, t, sum(amount) OVER (PARTITION BY account ORDER BY t
                  RANGE BETWEEN CURRENT ROW AND INTERVAL 30 DAY FOLLOWING) v FROM fund_transfer),
        h AS (SELECT c.account, c.t, c.v FROM c WHERE v >= 1000000 AND (SELECT count(*) FROM trade r
              WHERE r.account = c.account AND r.t >= c.t AND r.t < c.t + INTERVAL 30 DAY) <= 2)
        SELECT * FROM (SELECT *, lag(t) OVER (PARTITION BY account ORDER BY t) prev FROM h)
        WHERE prev IS NULL OR prev <= t - INTERVAL 30 DAY""",
    "ACC-LOGIN": """SELECT * FROM (SELECT account, t, row_number() OVER (PARTITION BY account ORDER BY t) - 1 prior,
        lag(t) OVER (PARTITION BY account, split_part(ip, '.', 1) || '.' || split_part(ip, '.', 2) ORDER BY t) prev_ip,
        lag(t) OVER (PARTITION BY account, device ORDER BY t) prev_dev FROM login_event)
        WHERE prior >= 3 AND (prev_ip IS NULL OR t - prev_ip > INTERVAL 90 DAY
                              OR prev_dev IS NULL OR t - prev_dev > INTERVAL 90 DAY)""",
    "AML-SCATTER-GATHER": """WITH s AS (SELECT client, direction, amount, t FROM fund_transfer WHERE amount < 50000),
        gin AS (SELECT l.name FROM fund_transfer l JOIN s ON s.client = l.client AND s.direction = 'In'
                AND s.t <= l.t AND s.t > l.t - INTERVAL 7 DAY WHERE l.direction = 'Out' AND l.amount >= 160000
                GROUP BY l.name, l.amount HAVING count(*) >= 5 AND sum(s.amount) >= 200000
                AND l.amount >= 0.8 * sum(s.amount)),
        gout AS (SELECT l.name FROM fund_transfer l JOIN s ON s.client = l.client AND s.direction = 'Out'
                 AND s.t >= l.t AND s.t < l.t + INTERVAL 7 DAY WHERE l.direction = 'In' AND l.amount >= 200000
                 GROUP BY l.name, l.amount HAVING count(*) >= 5 AND sum(s.amount) >= 0.8 * l.amount)
        SELECT * FROM gin UNION ALL SELECT * FROM gout""",
    "AML-DORMANT": """WITH act AS (SELECT account, t FROM trade UNION ALL SELECT account, t FROM fund_transfer),
        w AS (SELECT account, t woke FROM (SELECT account, t, t - lag(t) OVER (PARTITION BY account ORDER BY t) gap
              FROM act) WHERE gap >= INTERVAL 120 DAY)
        SELECT w.account, w.woke, sum(amount) FROM w JOIN trade r ON r.account = w.account AND r.t >= w.woke
        AND r.t < w.woke + INTERVAL 30 DAY GROUP BY 1, 2 HAVING sum(amount) >= 500000""",
    "AML-NEW-ACCOUNT": """SELECT r.account, sum(amount), count(*) FROM trade r JOIN accounts a USING (account)
        WHERE r.t >= a.opened_on AND r.t < a.opened_on + INTERVAL 30 DAY
        AND a.closed_on >= a.opened_on AND a.closed_on < a.opened_on + INTERVAL 30 DAY GROUP BY 1
        HAVING sum(amount) >= 1000000 AND count(*) >= 50""",
    "ACC-CONCENTRATION": """SELECT DISTINCT account, instrument, floor((epoch(position_date) / 86400 - 10959) / 30) FROM (
        SELECT *, sum(market_value) OVER (PARTITION BY account, position_date) total FROM position)
        WHERE total >= 1000000 AND market_value >= 0.8 * total""",
    "ACC-SUITABILITY": """SELECT DISTINCT p.account, p.instrument FROM position p JOIN accounts a USING (account)
        WHERE coalesce(a.investor_type, 'Ordinary') IN ('Ordinary', '')
        AND TRY_CAST(substr(p.risk_rating, 2) AS INT) > CASE WHEN a.lowest_category THEN 1
                                                      ELSE TRY_CAST(substr(a.risk_level, 2) AS INT) END""",
}
# The columns each twin table has, loaded by a bare COPY (times local, amounts as floats); each table is named as
# the engine names the source (monitoring.data.table: the DocType in snake case).
TZ = "Asia/Shanghai"
BARE = {
    "trade": f"SELECT name, account_id account, amount::float8 amount, trade_time AT TIME ZONE '{TZ}' t "
    "FROM securities_crm_trade",
    "fund_transfer": f"SELECT name, account_id account, client_id client, direction, amount::float8 amount, currency, "
    f"is_cash, cross_border, transfer_time AT TIME ZONE '{TZ}' t FROM securities_crm_fundtransfer",
    "order": f"SELECT name, account_id account, status, placed_time AT TIME ZONE '{TZ}' placed_time, "
    f"cancelled_time AT TIME ZONE '{TZ}' cancelled_time FROM securities_crm_order",
    "login_event": f"SELECT name, account_id account, login_time AT TIME ZONE '{TZ}' t, ip_address::text ip, device "
    "FROM securities_crm_loginevent",
    "position": "SELECT p.name, p.account_id account, p.instrument_id instrument, p.position_date::timestamp "
    "position_date, p.market_value::float8 market_value, i.risk_rating FROM securities_crm_position p "
    "JOIN securities_crm_instrument i ON i.name = p.instrument_id",
    "accounts": "SELECT a.name account, a.client_id client, c.client_type, a.opened_on::timestamp opened_on, "
    "a.closed_on::timestamp closed_on, "
    "c.risk_level, c.lowest_category, c.investor_type FROM securities_crm_securitiesaccount a "
    "JOIN securities_crm_client c ON c.name = a.client_id",
}


def instruments(n: int = 500) -> list[dict]:
    return [
        {"code": f"{600000 + i:06d}.SH", "market": "SH", "instrument_name": f"证券{i}", "risk_rating": f"R{1 + i % 5}"}
        for i in range(n)
    ]


def frames(
    n_trades,
    n_transfers,
    n_orders,
    n_logins,
    accounts,
    instruments,
    seed=1,
    start="2026-01-05 09:30:00",
    days=180,
    prefix="",
):
    """Rows as the ingestion engine takes them (the latency test sends these through it)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    acc = np.asarray(accounts)
    t0 = pd.Timestamp(start)

    def times(n):
        return (t0 + pd.to_timedelta(rng.integers(0, days * 86400, n), unit="s")).strftime("%Y-%m-%d %H:%M:%S")

    amounts = np.round(np.exp(rng.normal(9, 1, n_transfers)), 2) + 1  # median ¥8k; large ones are rare
    transfers = pd.DataFrame(
        {
            "external_id": [f"{prefix}F{i}" for i in range(n_transfers)],
            "account": acc[rng.integers(0, len(acc), n_transfers)],
            "direction": np.where(rng.random(n_transfers) < 0.5, "In", "Out"),
            "amount": amounts,
            "is_cash": (rng.random(n_transfers) < 0.1).astype(int),
            "cross_border": (rng.random(n_transfers) < 0.02).astype(int),
            "transfer_time": times(n_transfers),
        }
    )
    return {"fund_transfers": transfers}


def generate(args, pairs, instruments, seed=1, start="2026-01-05 09:30:00", days=180):
    """Random rows written straight into the trading tables with COPY (the same distributions as the
    ingestion rows above): trades, fund transfers, orders, logins and month-end positions."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from django.db import connection
    from django.utils import timezone

    rng = np.random.default_rng(seed)
    acc = np.asarray([a for a, _ in pairs])
    cli = np.asarray([c for _, c in pairs])
    ins = np.asarray(instruments)
    t0 = int(pd_timestamp(start).timestamp())
    now = timezone.now().isoformat()

    def times(n):
        return pa.array(t0 + rng.integers(0, days * 86400, n), pa.timestamp("s", tz="UTC"))

    def ids(prefix, n):
        return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(pa.array(np.arange(n)), pa.string()), "")

    def copy(table_name, columns: dict, n):
        bulk.copy_rows(table_name, columns, n, now)

    n = args.trades
    who = rng.integers(0, len(acc), n)
    qty = rng.integers(1, 50, n) * 100
    price = np.round(rng.uniform(2, 200, n), 2)
    copy(
        "securities_crm_trade",
        {
            "external_id": ids("T", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "instrument_id": ins[rng.integers(0, len(ins), n)],
            "side": np.where(rng.random(n) < 0.5, "Buy", "Sell"),
            "quantity": qty,
            "price": price,
            "amount": np.round(qty * price, 2),
            "fee": 0,
            "trade_time": times(n),
            "channel": "",
        },
        n,
    )
    n = args.transfers
    who = rng.integers(0, len(acc), n)
    copy(
        "securities_crm_fundtransfer",
        {
            "external_id": ids("F", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "direction": np.where(rng.random(n) < 0.5, "In", "Out"),
            "amount": np.round(np.exp(rng.normal(9, 1, n)), 2) + 1,
            "currency": "CNY",
            "is_cash": rng.random(n) < 0.1,
            "cross_border": rng.random(n) < 0.02,
            "counterparty_bank": "",
            "transfer_time": times(n),
            "channel": "",
        },
        n,
    )
    n = args.orders
    who = rng.integers(0, len(acc), n)
    placed = times(n)
    cancelled = rng.random(n) < 0.3
    copy(
        "securities_crm_order",
        {
            "external_id": ids("O", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "instrument_id": ins[rng.integers(0, len(ins), n)],
            "side": "Buy",
            "price": 10,
            "quantity": 100,
            "status": np.where(cancelled, "Cancelled", "Filled"),
            "placed_time": placed,
            "cancelled_time": pc.if_else(pa.array(cancelled), placed, pa.nulls(n, placed.type)),
            "channel": "",
        },
        n,
    )
    # Logins: each account has a usual IP and device; one login in twenty comes from elsewhere (uniformly
    # random ones would make every other login "unusual", which no real population does).
    n = args.logins
    who = rng.integers(0, len(acc), n)
    away = rng.random(n) < 0.05
    home_ip, home_device = rng.integers(0, 4, (len(acc), 2)), rng.integers(0, 3, len(acc))
    ip = np.where(away[:, None], rng.integers(0, 4, (n, 2)), home_ip[who])
    device = np.where(away, rng.integers(0, 3, n), home_device[who])
    copy(
        "securities_crm_loginevent",
        {
            "external_id": ids("L", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "login_time": times(n),
            "ip_address": pc.binary_join_element_wise(
                "10.", pc.cast(pa.array(ip[:, 0]), pa.string()), ".", pc.cast(pa.array(ip[:, 1]), pa.string()), ".1", ""
            ),
            "device": np.asarray(["iPhone", "Android", "PC"])[device],
            "channel": "",
        },
        n,
    )
    # Positions: unique per account, instrument and date (month ends), a few instruments per account.
    n = args.positions
    k = np.arange(n)
    who, month, slot = k % len(acc), (k // len(acc)) % 6, k // (len(acc) * 6)
    dates = np.asarray([f"2026-{m:02d}-28" for m in range(1, 7)])
    copy(
        "securities_crm_position",
        {
            "external_id": ids("P", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "instrument_id": ins[(who * 31 + slot) % len(ins)],
            "position_date": dates[month],
            "quantity": 100,
            "market_value": np.round(np.exp(rng.normal(11, 1.5, n)), 2),
        },
        n,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pd_timestamp(text):
    import pandas as pd

    return pd.Timestamp(text, tz=TZ)


def bare_duckdb():
    """The ceiling's own load: one bare COPY per table of the columns the twins read, into Arrow and DuckDB."""
    import io

    import duckdb
    import pyarrow as pa
    import pyarrow.csv as pcsv
    from django.db import connection

    con = duckdb.connect()
    with connection.cursor() as cursor:
        for name, sql in BARE.items():
            buf = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)") as copy:
                for chunk in copy:
                    buf.write(chunk)
            table = pcsv.read_csv(
                pa.py_buffer(buf.getbuffer()),
                convert_options=pcsv.ConvertOptions(
                    true_values=["t"],
                    false_values=["f"],
                    null_values=[""],
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=False,
                ),
            )
            con.register(name, table)
    return con


def measure_scan():
    from securities_crm.doctype.risk_alert.model import RiskAlert
    from securities_crm.monitoring import data, defaults, engine

    defaults.load()
    rules = engine.enabled_rules()
    assert {r.code for r in rules} == set(DUCK), sorted({r.code for r in rules} ^ set(DUCK))
    from securities_crm.doctype.aml_report.model import AMLReport

    AMLReport.objects.all().delete()
    RiskAlert.objects.all().delete()
    started = time.perf_counter()
    result = engine.evaluate()  # all enabled rules, every client, alerts written
    scan = time.perf_counter() - started
    # Evaluation alone: the frames loaded first (timed apart), then every rule over them.
    frames = engine.Frames()
    started = time.perf_counter()
    frames.accounts()
    for source in data.SOURCES:
        frames.get(source)
    load = time.perf_counter() - started
    started = time.perf_counter()
    per_rule = {}
    for rule in rules:
        t = time.perf_counter()
        engine.run_rule(rule, frames)
        per_rule[rule.code] = round(time.perf_counter() - t, 3)
    evaluation = time.perf_counter() - started
    started = time.perf_counter()
    con = bare_duckdb()
    duck_load = time.perf_counter() - started
    duck_rule = {}
    duck_rows = {}
    started = time.perf_counter()
    for code, sql in DUCK.items():
        t = time.perf_counter()
        duck_rows[code] = len(con.execute(sql).fetchall())
        duck_rule[code] = round(time.perf_counter() - t, 3)
    duck = time.perf_counter() - started
    return {
        "scan_seconds": round(scan, 3),
        "engine_load_seconds": round(load, 3),
        "evaluation_seconds": round(evaluation, 3),
        "duckdb_load_seconds": round(duck_load, 3),
        "duckdb_query_seconds": round(duck, 3),
        "ratio": round(scan / (duck_load + duck), 2),
        "evaluation_ratio": round(evaluation / duck, 2),
        "rule_seconds": per_rule,
        "duckdb_rule_seconds": duck_rule,
        "hits": {c: r["hits"] for c, r in result.items()},
        "created": sum(r["created"] for r in result.values()),
        "duckdb_rows": duck_rows,
    }


def measure_latency(accounts, instruments, seconds, rate, per_second=4):
    """Batches of fund transfers through the real ingestion engine at `rate` rows/s (`per_second`
    batches a second) while a worker runs; per batch, from its commit to the end of the job that
    evaluated it (the job reports which batches it took)."""
    import datetime as dt

    import django_rq
    from rq.registry import FinishedJobRegistry

    from securities_crm.ingest import engine
    from securities_crm.monitoring import realtime

    queue = django_rq.get_queue("short")
    queue.connection.delete(realtime.PENDING, realtime.WAITING)
    registry = FinishedJobRegistry(queue=queue)
    before = set(registry.get_job_ids())
    env = {**os.environ, "CRM_DEMO": "1"}
    worker = subprocess.Popen(
        [sys.executable, "sites/manage.py", "rqworker", "short"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    committed = {}
    try:
        time.sleep(5)
        batch = max(1, rate // per_second)
        run = f"{int(time.time())}"  # new external ids on every run, also on a --reuse'd database
        sent = 0
        started = time.perf_counter()
        i = 0
        while time.perf_counter() - started < seconds:
            rows = frames(
                0,
                batch,
                0,
                0,
                accounts,
                instruments,
                seed=1000 + i,
                start="2026-07-01 09:30:00",
                days=1,
                prefix=f"R{run}-{i}-",
            )["fund_transfers"]
            report = engine.ingest("fund_transfers", rows.to_csv(index=False), "csv", channel="command")
            committed[report["batch"]] = dt.datetime.now(dt.UTC)
            sent += batch
            i += 1
            delay = i / per_second - (time.perf_counter() - started)
            if delay > 0:
                time.sleep(delay)
        achieved = sent / (time.perf_counter() - started)
        deadline = time.time() + 120
        while (queue.count or queue.started_job_registry.count) and time.time() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(30)
    lat, runs = [], []
    for job_id in set(registry.get_job_ids()) - before:
        job = queue.fetch_job(job_id)
        if not (job and job.ended_at and isinstance(job.return_value(), dict)):
            continue
        ended = job.ended_at.replace(tzinfo=dt.UTC) if job.ended_at.tzinfo is None else job.ended_at
        runs.append((job.ended_at - job.started_at).total_seconds())
        for name in job.return_value().get("batches") or []:
            if name in committed:
                lat.append((ended - committed[name]).total_seconds())
    lat.sort()

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else None

    return {
        "rows_per_second": round(achieved),
        "batches": len(committed),
        "measured": len(lat),
        "jobs": len(runs),
        "job_seconds_mean": round(sum(runs) / len(runs), 3) if runs else None,
        "p50_seconds": pct(0.5),
        "p99_seconds": pct(0.99),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--trades", type=int, default=500_000)
    parser.add_argument("--transfers", type=int, default=50_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--logins", type=int, default=50_000)
    parser.add_argument("--positions", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure on the database a --keep run left")
    parser.add_argument("--no-latency", action="store_true")
    parser.add_argument("--no-scan", action="store_true")
    args = parser.parse_args()
    if not args.reuse:
        bulk.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        bulk.admin(f"CREATE DATABASE {DB}")
    try:
        import django

        django.setup()
        from securities_crm.core import embedded_redis

        if not args.reuse:
            t = time.perf_counter()
            bulk.prepare(args.clients, instruments())
            print(f"clients and accounts in {time.perf_counter() - t:.0f}s", flush=True)
        pairs, names = bulk.accounts_and_instruments()
        accounts = [a for a, _ in pairs]
        if not args.reuse:
            t = time.perf_counter()
            generate(args, pairs, names)
            print(
                f"data: {len(accounts)} accounts, {args.trades} trades, {args.transfers} transfers, "
                f"{args.orders} orders, {args.logins} logins, {args.positions} positions, "
                f"written in {time.perf_counter() - t:.0f}s",
                flush=True,
            )
        with embedded_redis.ensure_running():
            import django_rq

            django_rq.get_connection("short").flushdb()
            scan = None
            if not args.no_scan:
                scan = measure_scan()
                print(
                    f"scan {scan['scan_seconds']}s vs DuckDB {scan['duckdb_load_seconds'] + scan['duckdb_query_seconds']:.3f}s "
                    f"(bare load {scan['duckdb_load_seconds']}s + queries {scan['duckdb_query_seconds']}s): "
                    f"ratio {scan['ratio']}x; evaluation alone {scan['evaluation_seconds']}s vs DuckDB queries "
                    f"{scan['duckdb_query_seconds']}s: {scan['evaluation_ratio']}x (our load {scan['engine_load_seconds']}s, "
                    f"{scan['created']} alerts)",
                    flush=True,
                )
                print(
                    "  per rule (ours / DuckDB):",
                    {c: (scan["rule_seconds"].get(c), scan["duckdb_rule_seconds"].get(c)) for c in DUCK},
                    flush=True,
                )
            latency = None
            if not args.no_latency:
                latency = measure_latency(accounts, names, args.seconds, args.rate)
                print(
                    f"real time at {latency['rows_per_second']} rows/s: {latency['batches']} batches "
                    f"({latency['measured']} measured) in {latency['jobs']} jobs of {latency['job_seconds_mean']}s, "
                    f"ingestion-to-alert p50 {latency['p50_seconds']}s, p99 {latency['p99_seconds']}s",
                    flush=True,
                )
        result = {"args": vars(args), "accounts": len(accounts), "scan": scan, "latency": latency}
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / "monitor.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            bulk.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
