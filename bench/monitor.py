"""Benchmark: monitoring on PostgreSQL — the full scan of the default rules against the same rules as
bare DuckDB queries over the same data, and real-time ingestion-to-alert latency.

    .venv/bin/python bench/monitor.py                                   # 5,000 clients, 500k trades
    .venv/bin/python bench/monitor.py --clients 100000 --trades 10000000 --transfers 1000000   # the issue's scale

Needs the duckdb package (`pip install duckdb`; only this benchmark uses it). It makes its own database
(crm_bench_monitor on postgres://postgres@127.0.0.1:5432, or BENCH_PG_URL's server), migrates it,
makes demo clients and accounts, ingests random trades, orders, fund transfers and logins through the
real engine, then measures:

  scan      engine.evaluate() over every client, for the rules that have a DuckDB twin below
  ceiling   the same rules as bare DuckDB SQL over the same rows (loaded from PostgreSQL once, not timed)
  latency   a worker (`rqworker short`) running while batches of fund transfers arrive at about
            --rate rows/s; per batch, commit (job enqueued) to job finished (alerts written): p50/p99

It prints the figures, writes bench/results/monitor.json and drops the database. Not run by the tests.
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
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB = "crm_bench_monitor"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("CRM_DEMO", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "crm_site.settings"

# The rules with a bare DuckDB twin (same parameters as fixtures/monitoring_rules.json).
DUCK = {
    "AML-LARGE-CASH": """SELECT client, date_trunc('day', t) d, sum(amount) s FROM transfers
        WHERE is_cash AND currency='CNY' GROUP BY 1, 2 HAVING sum(amount) >= 50000""",
    "AML-LARGE-TRANSFER": """SELECT f.client, date_trunc('day', t), sum(amount) FROM transfers f JOIN accounts a USING (account)
        WHERE NOT is_cash GROUP BY 1, 2, a.client_type, cross_border
        HAVING sum(amount) >= CASE WHEN a.client_type <> 'Individual' THEN 2000000
                                   WHEN cross_border THEN 200000 ELSE 500000 END""",
    "AML-STRUCTURING": """SELECT client, floor((epoch(t) / 86400 - 10959) / 7) w, count(*) FROM transfers
        WHERE is_cash AND amount >= 45000 AND amount < 50000 GROUP BY 1, 2 HAVING count(*) >= 3""",
    "AML-LARGE-OUTFLOW": """SELECT client, floor((epoch(t) / 86400 - 10959) / 7) w, sum(amount) FROM transfers
        WHERE direction='Out' GROUP BY 1, 2 HAVING sum(amount) >= 1000000""",
    "MKT-FREQUENT": """SELECT account, date_trunc('day', t), count(*) FROM trades GROUP BY 1, 2 HAVING count(*) >= 100""",
    "MKT-HFT": """WITH e AS (SELECT account, placed_time t FROM orders UNION ALL
                           SELECT account, cancelled_time FROM orders WHERE cancelled_time IS NOT NULL),
        s AS (SELECT account, date_trunc('second', t) sec, count(*) n FROM e GROUP BY 1, 2)
        SELECT account, date_trunc('day', sec), max(n), sum(n) FROM s GROUP BY 1, 2
        HAVING max(n) >= 300 OR sum(n) >= 20000""",
    "MKT-CANCEL-RATIO": """SELECT account, date_trunc('day', placed_time), count(*),
        avg(CASE WHEN status='Cancelled' THEN 1 ELSE 0 END) r FROM orders GROUP BY 1, 2
        HAVING count(*) >= 20 AND avg(CASE WHEN status='Cancelled' THEN 1 ELSE 0 END) >= 0.5""",
    "AML-IDLE-FLOWS": """WITH f AS (SELECT account, floor((epoch(t) / 86400 - 10959) / 30) w, sum(amount) s FROM transfers GROUP BY 1, 2),
        n AS (SELECT account, floor((epoch(t) / 86400 - 10959) / 30) w, count(*) c FROM trades GROUP BY 1, 2)
        SELECT f.* FROM f LEFT JOIN n USING (account, w) WHERE s >= 1000000 AND coalesce(c, 0) <= 2""",
    "ACC-LOGIN": """SELECT * FROM (SELECT account, t, row_number() OVER (PARTITION BY account ORDER BY t) - 1 prior,
        lag(t) OVER (PARTITION BY account, ip ORDER BY t) prev_ip,
        lag(t) OVER (PARTITION BY account, device ORDER BY t) prev_dev FROM logins)
        WHERE prior >= 3 AND (prev_ip IS NULL OR t - prev_ip > INTERVAL 90 DAY
                              OR prev_dev IS NULL OR t - prev_dev > INTERVAL 90 DAY)""",
}


def admin(sql):
    import psycopg
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def prepare(clients):
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from securities_crm import demo
    ctx = demo.Context(seed=7, clients=clients, password="bench-password", quiet=True)
    for order, _, fn in demo.load_steps():
        if order <= 20:
            fn(ctx)
    from securities_crm.ingest import engine
    instruments = [{"code": f"{600000 + i:06d}.SH", "market": "SH", "instrument_name": f"证券{i}"} for i in range(500)]
    engine.ingest("instruments", instruments, "json", channel="command")
    from securities_crm.doctype.securities_account.model import SecuritiesAccount
    return list(SecuritiesAccount.objects.values_list("account_number", flat=True)), [i["code"] for i in instruments]


def frames(n_trades, n_transfers, n_orders, n_logins, accounts, instruments, seed=1, start="2026-01-05 09:30:00",
           days=180, prefix=""):
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(seed)
    acc = np.asarray(accounts)
    t0 = pd.Timestamp(start)

    def times(n):
        return (t0 + pd.to_timedelta(rng.integers(0, days * 86400, n), unit="s")).strftime("%Y-%m-%d %H:%M:%S")

    qty = rng.integers(1, 50, n_trades) * 100
    price = np.round(rng.uniform(2, 200, n_trades), 2)
    trades = pd.DataFrame({"external_id": [f"{prefix}T{i}" for i in range(n_trades)],
                           "account": acc[rng.integers(0, len(acc), n_trades)],
                           "instrument": np.asarray(instruments)[rng.integers(0, len(instruments), n_trades)],
                           "side": np.where(rng.random(n_trades) < .5, "Buy", "Sell"), "quantity": qty,
                           "price": price, "amount": np.round(qty * price, 2), "trade_time": times(n_trades)})
    amounts = np.round(np.exp(rng.normal(9, 1, n_transfers)), 2) + 1  # median ¥8k; large ones are rare
    transfers = pd.DataFrame({"external_id": [f"{prefix}F{i}" for i in range(n_transfers)],
                              "account": acc[rng.integers(0, len(acc), n_transfers)],
                              "direction": np.where(rng.random(n_transfers) < .5, "In", "Out"), "amount": amounts,
                              "is_cash": (rng.random(n_transfers) < .1).astype(int),
                              "cross_border": (rng.random(n_transfers) < .02).astype(int),
                              "transfer_time": times(n_transfers)})
    placed = times(n_orders)
    cancelled = rng.random(n_orders) < .3
    orders = pd.DataFrame({"external_id": [f"{prefix}O{i}" for i in range(n_orders)],
                           "account": acc[rng.integers(0, len(acc), n_orders)],
                           "instrument": np.asarray(instruments)[rng.integers(0, len(instruments), n_orders)],
                           "side": "Buy", "price": "10", "quantity": "100",
                           "status": np.where(cancelled, "Cancelled", "Filled"), "placed_time": placed,
                           "cancelled_time": np.where(cancelled, placed, "")})
    logins = pd.DataFrame({"external_id": [f"{prefix}L{i}" for i in range(n_logins)],
                           "account": acc[rng.integers(0, len(acc), n_logins)], "login_time": times(n_logins),
                           "ip_address": [f"10.{a}.{b}.1" for a, b in rng.integers(0, 4, (n_logins, 2))],
                           "device": np.asarray(["iPhone", "Android", "PC"])[rng.integers(0, 3, n_logins)]})
    return {"trades": trades, "fund_transfers": transfers, "orders": orders, "login_events": logins}


def ingest_all(data):
    from securities_crm.ingest import engine
    for kind, frame in data.items():
        for i in range(0, len(frame), 200_000):
            engine.ingest(kind, frame.iloc[i:i + 200_000].to_csv(index=False), "csv", channel="command")


def duck_tables():
    """The same rows as DuckDB tables (loaded once, not timed)."""
    import duckdb
    from securities_crm.monitoring import data
    con = duckdb.connect()
    for name, source in (("trades", "trades"), ("transfers", "transfers"), ("orders", "orders"), ("logins", "logins")):
        frame = data.load(source)
        frame = frame.rename(columns={"trade_time": "t", "transfer_time": "t", "login_time": "t", "ip_address": "ip"})
        con.register(name, frame)
    con.register("accounts", data.accounts())
    return con


def measure_scan():
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule
    from securities_crm.monitoring import defaults, engine
    defaults.load()
    rules = list(MonitoringRule.objects.filter(code__in=DUCK))
    started = time.perf_counter()
    result = engine.evaluate(rules=rules)
    scan = time.perf_counter() - started
    started = time.perf_counter()
    engine.evaluate(rules=list(MonitoringRule.objects.filter(enabled=True)), persist=False)
    all_rules = time.perf_counter() - started
    con = duck_tables()
    started = time.perf_counter()
    duck_counts = {code: len(con.execute(sql).fetchall()) for code, sql in DUCK.items()}
    duck = time.perf_counter() - started
    return {"scan_seconds": round(scan, 3), "all_enabled_rules_seconds": round(all_rules, 3),
            "duckdb_seconds": round(duck, 3), "ratio": round(scan / duck, 2),
            "hits": {c: r["hits"] for c, r in result.items()}, "duckdb_rows": duck_counts}


def measure_latency(accounts, instruments, seconds, rate):
    import django_rq
    from rq.registry import FinishedJobRegistry

    from securities_crm.ingest import engine
    queue = django_rq.get_queue("short")
    registry = FinishedJobRegistry(queue=queue)
    before = set(registry.get_job_ids())
    env = {**os.environ, "CRM_DEMO": "1"}
    worker = subprocess.Popen([sys.executable, "sites/manage.py", "rqworker", "short"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(5)
        batch = max(1, rate // 4)  # four batches a second
        sent = 0
        started = time.perf_counter()
        i = 0
        while time.perf_counter() - started < seconds:
            rows = frames(0, batch, 0, 0, accounts, instruments, seed=1000 + i, start="2026-07-01 09:30:00",
                          days=1, prefix=f"R{i}-")["fund_transfers"]
            engine.ingest("fund_transfers", rows.to_csv(index=False), "csv", channel="command")
            sent += batch
            i += 1
            delay = i * 0.25 - (time.perf_counter() - started)
            if delay > 0:
                time.sleep(delay)
        achieved = sent / (time.perf_counter() - started)
        deadline = time.time() + 120
        while (queue.count or queue.started_job_registry.count) and time.time() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(30)
    lat = []
    for job_id in set(registry.get_job_ids()) - before:
        job = queue.fetch_job(job_id)
        if job and job.enqueued_at and job.ended_at:
            lat.append((job.ended_at - job.enqueued_at).total_seconds())
    lat.sort()

    def pct(p):
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else None
    return {"rows_per_second": round(achieved), "jobs": len(lat), "p50_seconds": pct(0.5), "p99_seconds": pct(0.99)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--trades", type=int, default=500_000)
    parser.add_argument("--transfers", type=int, default=50_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--logins", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=int, default=1000)
    args = parser.parse_args()
    admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    admin(f"CREATE DATABASE {DB}")
    try:
        from securities_crm.core import embedded_redis
        accounts, instruments = prepare(args.clients)
        with embedded_redis.ensure_running():
            import django_rq
            django_rq.get_connection("short").flushdb()
            t = time.perf_counter()
            ingest_all(frames(args.trades, args.transfers, args.orders, args.logins, accounts, instruments))
            print(f"data: {len(accounts)} accounts, {args.trades} trades, {args.transfers} transfers, "
                  f"{args.orders} orders, {args.logins} logins, ingested in {time.perf_counter() - t:.0f}s")
            django_rq.get_queue("short").empty()  # the bulk load's hooks: not part of the measurement
            scan = measure_scan()
            print(f"scan {scan['scan_seconds']}s vs DuckDB {scan['duckdb_seconds']}s: ratio {scan['ratio']}x "
                  f"(all enabled rules, no writes: {scan['all_enabled_rules_seconds']}s)")
            latency = measure_latency(accounts, instruments, args.seconds, args.rate)
            print(f"real time at {latency['rows_per_second']} rows/s: {latency['jobs']} jobs, "
                  f"p50 {latency['p50_seconds']}s, p99 {latency['p99_seconds']}s")
        result = {"args": vars(args), "accounts": len(accounts), "scan": scan, "latency": latency}
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / "monitor.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        from django.db import connections
        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
