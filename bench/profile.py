"""Benchmark: the nightly client-profile run on PostgreSQL against its ceiling, the same metrics as bare
DuckDB queries over the same data loaded the same way, in the same run; and the refresh of touched
clients after one ingestion batch.

    .venv/bin/python bench/profile.py                                  # 10,000 clients, 100,000 trades
    .venv/bin/python bench/profile.py --clients 100000 --trades 1000000
    .venv/bin/python bench/profile.py --clients 1000000 --trades 10000000   # the issue's scale
    ... --keep to keep the database; then --reuse measures again on it

It makes its own database (BENCH_DB, default crm_bench_profile), migrates it, makes the demo's
organisation and its first 2,000 clients, copies them into the rest (bench/bulk.py: a million clients
with their accounts in about 95 s), loads the default segments and the tier ladder
(fixtures/segments.json), and writes a year of random trades (with fees and channels), fund transfers,
orders, logins and month-end position snapshots straight into the tables with COPY (numpy and Arrow,
seeded: the same arguments give the same rows). Then, from empty profile, membership, snapshot and
automatic-tag tables:

  job       profiling.jobs.run(): the nightly run end to end, in this process, partition after partition
            (the functions the queued jobs call): reading every partition's rows, computing, writing
            every profile, RFM over all profiles, then every segment's memberships, snapshot and
            automatic tags (after_profiles): all written
  ceiling   the same metrics, RFM and segment memberships (client, rung and the values that put them
            in) as bare DuckDB queries over the same tables, loaded by the same readers (COPY into
            Arrow) in one go, with nothing written; after a first run that only warms the caches,
            measured just before and just after the job, and the ratio is to their mean. The
            memberships per segment are compared with what the job wrote
  rerun     the job again on unchanged data (idempotent: nothing is written)
  refresh   one ingestion batch of 10,000 trades through the real engine, then the refresh its
            after_ingest handler queues (refresh_accounts: the touched clients' profiles, then their
            memberships), timed on its own

It prints the figures and the ratio job ÷ ceiling (the goal is ≤ 1.3), writes bench/results/profile.json
and drops the database (unless --keep). Not run by the tests.

Measured on 2026-12-05 (late evening) on the 2-core development machine, alone on it this time:

1,000,000 clients (1,132,881 accounts), 10,000,000 trades, 2,000,000 transfers, 5,000,000 orders,
5,000,000 logins, 12,235,764 position rows (12 month-end snapshots, --holdings 1); data made in 63 s
(clients, accounts) + 359 s (the rest):

    .venv/bin/python bench/profile.py --clients 1000000 --trades 10000000 --holdings 1 --keep

                    ceiling (before, after: mean)   job       ratio   rerun (nothing written)  refresh
    4 partitions    51.6 s, 53.1 s: 52.3 s          134.1 s   2.56x   92.3 s (1.76x)           10.5 s
    1 partition     50.9 s, 52.0 s: 51.4 s          106.0 s   2.06x   79.3 s (1.54x)           11.1 s
      (--parts 1, or CRM_PROFILE_CLIENTS_PER_PART=1000000)
    2 RQ workers    48.3 s, 49.2 s: 48.7 s          115.3 s   2.37x
      (--workers 2: nightly() on RQ's long queue and two `rqworker long --burst`, four partitions two
       at a time, 23-31 s each, then finish 54.7 s)

(An earlier run the same evening, before the bench rebuilt the tag table's indexes left swollen by the
runs before it: 128.9 s against 55.6 s, 2.32x, and 103.4 s against 51.9 s, 1.99x.)

The job wrote 1,000,000 profiles (with their RFM scores), 2,087,364 memberships with their why and as
many automatic tags; the memberships per segment are exactly the ceiling's. Peak memory of the run
(the ceiling holds everything at once, as one partition of a million does): 11.2 GB. The refresh is
one ingestion batch of 10,000 trades (9,961 accounts, 9,944 clients; ingestion 0.3 s), then its
clients' profiles and memberships.

The same code before this round, measured the same evening on the same data with the four
partitions: job 259.5 s against a 58.2 s ceiling, 4.46x (3.47x the morning before, on a machine shared
with five sessions). Where it went, from a profile of the job (pyinstrument) and of its statements:

    segments 146 s -> 41 s   the rule evaluated once per segment into a temporary table, not three
                             times; the snapshot one grouped query; no index on the stamps nor
                             single-column link indexes (membership 11 indexes -> 4, tag 10 -> 5);
                             no deferred foreign-key checks (39 s at COMMIT: each locked a client's
                             row); automatic tags named client|tag and written in client order (MD5
                             names went into the primary key at random places)
    RFM write 22.5 -> 10.7 s the bulk transactions commit asynchronously (core/bulk.py)
    profiles 17 -> 12.6 s    no deferred foreign-key check on the profile's client either

What is left, at one partition: reading 29 s and computing 18 s, as the ceiling does; writing 1M
profiles about 12 s; and the segments about 40 s, of which the automatic tags take 21 s and the
memberships 8 s. Those are the cost of the rows themselves: 415,555 tags alone insert in 5.4 s,
13 us a row with the indexes their queries need (dropping two more of them saved 1.2 s of it). So
the first night's writes, about 5.2 million rows, cost about what the whole ceiling does, and the
job cannot come within 1.3x of a ceiling that writes nothing while writing them in one process.
Four partitions add 21 s of reading (the partitions' rows are spread over every page of the trading
tables, so each partition scans them) and the RFM pass (10.7 s). Tried and left out: refreshing two
segments at once on two connections took the segments from 40.5 s to 36.1 s (the writes wait on the
log, not on a core), not worth the threads. Not tried: running the partitions on two workers at once,
so that PostgreSQL writes one partition while the next is read and computed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sites"))
sys.path.insert(0, str(ROOT / "bench"))
import bulk  # noqa: E402

SERVER = bulk.SERVER
DB = os.environ.get("BENCH_DB", "crm_bench_profile")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
os.environ.setdefault("CRM_DEMO", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "crm_site.settings"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")

AS_OF = dt.date(2026, 6, 30)


def instruments(n: int = 800) -> list[dict]:
    industries = ["银行", "食品饮料", "医药生物", "电子", "电力设备", "计算机", "非银金融", "有色金属", ""]
    return [
        {
            "code": f"{600000 + i:06d}.{'SH' if i % 2 else 'SZ'}",
            "market": "SH" if i % 2 else "SZ",
            "instrument_name": f"证券{i}",
            "instrument_type": ("Stock", "Stock", "Stock", "ETF", "Fund", "Bond")[i % 6],
            "industry": industries[i % len(industries)],
            "risk_rating": f"R{1 + i % 5}",
        }
        for i in range(n)
    ]


def generate(args, pairs, instruments, seed=1):
    """A year to AS_OF of random rows, written straight into the trading tables with COPY."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from django.db import connection
    from django.utils import timezone

    rng = np.random.default_rng(seed)
    acc = np.asarray([a for a, _ in pairs])
    cli = np.asarray([c for _, c in pairs])
    ins = np.asarray(instruments)
    # a skewed choice of instruments, so that some names are much more traded than others
    weights = 1 / np.arange(1, len(ins) + 1) ** 0.8
    weights /= weights.sum()
    end = int(dt.datetime.combine(AS_OF, dt.time(15), tzinfo=dt.UTC).timestamp()) - 8 * 3600
    start = end - 365 * 86400
    now = timezone.now().isoformat()
    channels = np.asarray(["Mobile", "Online", "Phone", "Counter", ""])

    def times(n):
        return pa.array(rng.integers(start, end, n), pa.timestamp("s", tz="UTC"))

    def ids(prefix, n):
        return pc.binary_join_element_wise(pa.scalar(prefix), pc.cast(pa.array(np.arange(n)), pa.string()), "")

    def copy(table_name, columns: dict, n):
        bulk.copy_rows(table_name, columns, n, now)

    # Trades: a client's activity is skewed too (a few trade a lot)
    activity = rng.pareto(1.5, len(acc)) + 0.05
    activity /= activity.sum()
    n = args.trades
    who = rng.choice(len(acc), n, p=activity)
    qty = rng.integers(1, 50, n) * 100
    price = np.round(rng.uniform(2, 200, n), 2)
    amount = np.round(qty * price, 2)
    copy(
        "securities_crm_trade",
        {
            "external_id": ids("T", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "instrument_id": ins[rng.choice(len(ins), n, p=weights)],
            "side": np.where(rng.random(n) < 0.55, "Buy", "Sell"),
            "quantity": qty,
            "price": price,
            "amount": amount,
            "fee": np.round(amount * 0.00025, 2),
            "trade_time": times(n),
            "channel": channels[rng.integers(0, len(channels), n)],
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
            "direction": np.where(rng.random(n) < 0.55, "In", "Out"),
            "amount": np.round(np.exp(rng.normal(10, 1, n)), 2) + 1,
            "currency": "CNY",
            "is_cash": False,
            "cross_border": False,
            "counterparty_bank": "",
            "transfer_time": times(n),
            "channel": channels[rng.integers(0, len(channels), n)],
        },
        n,
    )
    n = args.orders
    who = rng.choice(len(acc), n, p=activity)
    copy(
        "securities_crm_order",
        {
            "external_id": ids("O", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "instrument_id": ins[rng.choice(len(ins), n, p=weights)],
            "side": "Buy",
            "price": 10,
            "quantity": 100,
            "status": "Filled",
            "placed_time": times(n),
            "channel": channels[rng.integers(0, len(channels), n)],
        },
        n,
    )
    n = args.logins
    who = rng.integers(0, len(acc), n)
    copy(
        "securities_crm_loginevent",
        {
            "external_id": ids("L", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "login_time": times(n),
            "ip_address": "10.0.0.1",
            "device": "iPhone",
            "channel": channels[rng.integers(0, 4, n)],
        },
        n,
    )
    # Positions: month-end snapshots of the year (the last on AS_OF), `holdings` names per account;
    # one account in ten holds nothing.
    month_ends = [AS_OF]
    for _ in range(11):
        month_ends.append(month_ends[-1].replace(day=1) - dt.timedelta(days=1))
    holders = np.flatnonzero(rng.random(len(acc)) < 0.9)
    n = len(holders) * args.holdings * len(month_ends)
    k = np.arange(n)
    who = holders[k % len(holders)]
    month = (k // len(holders)) % len(month_ends)
    slot = k // (len(holders) * len(month_ends))
    base = np.exp(rng.normal(11, 1.5, len(acc)))
    growth = rng.normal(0, 0.15, n)
    copy(
        "securities_crm_position",
        {
            "external_id": ids("P", n),
            "account_id": acc[who],
            "client_id": cli[who],
            "instrument_id": ins[(who * 31 + slot * 7) % len(ins)],
            "position_date": np.asarray([d.isoformat() for d in month_ends])[month],
            "quantity": 100,
            "market_value": np.round(base[who] * np.exp(growth), 2),
        },
        n,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return n


def literal(value) -> str:
    """A rule's value as a DuckDB literal."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return repr(float(value))
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def condition_sql(cond) -> str:
    """One checked condition in DuckDB SQL, NULL as false (as the Q the job runs: see rules.condition_q)."""
    col, op, v = cond.entry.name, cond.op, cond.value
    if op == "is set":
        empty = f"({col} IS NULL" + (f" OR {col} = ''" if cond.entry.kind == "text" else "") + ")"
        return f"NOT {empty}" if v else empty
    if op in ("=", "!="):
        same = f"{col} IS NULL" if v is None else f"coalesce({col} = {literal(v)}, FALSE)"
        return f"NOT ({same})" if op == "!=" else same
    if op == "between":
        return f"coalesce({col} BETWEEN {literal(v[0])} AND {literal(v[1])}, FALSE)"
    if op == "in":
        return f"coalesce({col} IN ({', '.join(literal(x) for x in v)}), FALSE)"
    return f"coalesce({col} {op} {literal(v)}, FALSE)"


def rule_sql(node) -> str:
    from securities_crm.segments.rules import Condition

    if node is None:
        return "TRUE"
    if isinstance(node, Condition):
        return condition_sql(node)
    parts = [rule_sql(c) for c in node.children]
    if node.kind == "not":
        return f"NOT ({parts[0]})"
    return "(" + (" AND " if node.kind == "all" else " OR ").join(parts) + ")"


def segment_sql(segment) -> str:
    """A segment's members as one bare DuckDB query over `p` (profiles and client fields): client, rung and
    the values that put them in (a struct), for the population segments may hold."""
    from securities_crm.doctype.segment.model import SegmentKind
    from securities_crm.segments import rules, tiers

    required = segment.kind != SegmentKind.TIER
    node = rules.check(segment.rule, segment.parameters, required=required)
    read = [e.name for e in rules.fields_read(node)]
    rung = "''"
    if not required:
        ladder = tiers.read(segment.parameters)
        col = ladder.entry.name
        read = [col, *[r for r in read if r != col]]
        whens = " ".join(f"WHEN {col} >= {literal(t)} THEN {literal(n)}" for n, t in reversed(ladder.rungs[1:]))
        rung = f"CASE {whens} ELSE {literal(ladder.rungs[0][0])} END" if whens else literal(ladder.rungs[0][0])
    why = ", ".join(f"{r} := {r}" for r in read)
    return (
        f"SELECT client_id, {rung} AS rung, struct_pack({why}) AS why FROM p "
        f"WHERE NOT processing_restricted AND {rule_sql(node)}"
    )


def ceiling():
    """The same metrics, RFM and segment memberships, bare: the same readers load every table in one go
    (and the client fields the rules read), the same DuckDB queries compute the metrics and RFM, and
    each segment is one DuckDB query over them; nothing is written."""
    import duckdb

    from securities_crm.doctype.segment.model import Segment
    from securities_crm.monitoring import data
    from securities_crm.profiling import compute, parameters, read, rfm
    from securities_crm.segments import catalogue, rules

    params = parameters.load()
    segments = list(Segment.objects.filter(enabled=True).order_by("segment_name"))
    fields = {e.name for s in segments for e in rules.fields_read(rules.check(s.rule, s.parameters, required=False))}
    client_fields = sorted(f for f in fields if catalogue.get(f).source == "client")
    t = time.perf_counter()
    market = read.market(AS_OF, params)
    inputs = read.inputs(None, AS_OF, params, market)
    people = data.load(data.Source("Client", ("processing_restricted", *client_fields)))
    loaded = time.perf_counter() - t
    with duckdb.connect() as con:
        rows = compute.compute(con, inputs, AS_OF, params)
        measures = ["client_id", "has_activity", "compliance_only", "days_since_trade"]
        measures += [params.rfm["frequency"], params.rfm["monetary"]]
        scores = rfm.score(con, rows.select(measures), params)
        profiles = rows.join(scores.select(["client_id", *rfm.COLUMNS]), "client_id")
        con.register("profiles", profiles)
        con.register("people", people)
        picked = ", ".join(f"c.{f}" for f in client_fields)
        con.execute(
            "CREATE TEMP TABLE p AS SELECT p.*, c.processing_restricted"
            + (f", {picked}" if picked else "")
            + " FROM people c JOIN profiles p ON p.client_id = c.name"
        )
        members = {s.segment_name: con.sql(segment_sql(s)).to_arrow_table() for s in segments}
    total = time.perf_counter() - t
    return {
        "load_seconds": round(loaded, 3),
        "seconds": round(total, 3),
        "profiles": len(rows),
        "scored": len(scores),
        "members": {name: len(m) for name, m in members.items()},
    }


def run_queued(args) -> dict:
    """The nightly run as deployed: profiling.jobs.nightly() queues one job per partition and `finish`
    (after them all) on RQ's long queue, and args.workers `rqworker long --burst` processes run them;
    timed by the caller from the queueing to the last worker's exit (their start-up included)."""
    import subprocess

    import django_rq
    from rq.job import Job

    from securities_crm.doctype.client_profile.model import ClientProfile
    from securities_crm.profiling import jobs

    django_rq.get_connection("long").flushdb()  # no job of an earlier run waits under the same id
    parts = jobs.nightly(parts=args.parts or None, as_of=AS_OF.isoformat())
    manage = [sys.executable, str(ROOT / "sites" / "manage.py"), "rqworker", "long", "--burst"]
    workers = [subprocess.Popen(manage, env=os.environ.copy()) for _ in range(args.workers)]
    failed = [w.args for w in workers if w.wait() != 0]
    finish = Job.fetch(f"profile-{AS_OF}-finish", connection=django_rq.get_connection("long"))
    assert not failed and finish.get_status() == "finished", (failed, finish.get_status(), finish.exc_info)
    return {"profiles": ClientProfile.objects.count(), "rfm": finish.result, "parts": parts}


def job_members() -> dict:
    """The open memberships per segment, as the job left them."""
    from django.db.models import Count

    from securities_crm.doctype.segment_membership.model import SegmentMembership

    rows = SegmentMembership.objects.filter(left_on__isnull=True).values_list("segment__segment_name")
    return dict(rows.annotate(n=Count("pk")).order_by())


def measure_refresh(pairs, instruments, n=10_000, seed=5):
    """One ingestion batch of n trades through the real engine, then the refresh of its clients."""
    import numpy as np

    from securities_crm.ingest import engine
    from securities_crm.profiling import jobs

    rng = np.random.default_rng(seed)
    acc = [a for a, _ in pairs]
    today = AS_OF + dt.timedelta(days=1)
    rows = [
        {
            "external_id": f"R{i}",
            "account": acc[int(rng.integers(0, len(acc)))],
            "instrument": instruments[int(rng.integers(0, len(instruments)))],
            "side": "Buy",
            "quantity": "100",
            "price": "10",
            "amount": "1000",
            "fee": "0.25",
            "trade_time": f"{today} 10:{i % 60:02d}:00",
        }
        for i in range(n)
    ]
    t = time.perf_counter()
    report = engine.ingest("trades", rows, "json", channel="command")
    ingested = time.perf_counter() - t
    accounts = sorted({r["account"] for r in rows})
    t = time.perf_counter()
    written = jobs.refresh_accounts(accounts, as_of=today.isoformat())  # what the queued job runs
    refresh = time.perf_counter() - t
    return {
        "trades": n,
        "created": report["created"],
        "accounts": len(accounts),
        "ingest_seconds": round(ingested, 3),
        "refresh_seconds": round(refresh, 3),
        "profiles_written": written,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--transfers", type=int, default=0, help="default: 2 per client")
    parser.add_argument("--orders", type=int, default=0, help="default: half the trades")
    parser.add_argument("--logins", type=int, default=0, help="default: 5 per client")
    parser.add_argument("--holdings", type=int, default=2, help="names per account in each month-end snapshot")
    parser.add_argument("--parts", type=int, default=0, help="default: as the nightly job sizes them")
    parser.add_argument(
        "--workers", type=int, default=0, help="run the job as deployed: queued, and this many RQ workers"
    )
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--setup-only", action="store_true", help="make the data and stop (with --keep)")
    args = parser.parse_args()
    args.transfers = args.transfers or 2 * args.clients
    args.orders = args.orders or args.trades // 2
    args.logins = args.logins or 5 * args.clients
    if not args.reuse:
        bulk.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        bulk.admin(f"CREATE DATABASE {DB}")
    try:
        import django

        django.setup()
        from django.db import connection

        from securities_crm.doctype.client_profile.model import ClientProfile
        from securities_crm.doctype.client_tag.model import ClientTag
        from securities_crm.doctype.segment_membership.model import SegmentMembership
        from securities_crm.doctype.segment_snapshot.model import SegmentSnapshot
        from securities_crm.profiling import jobs
        from securities_crm.segments import defaults

        if not args.reuse:
            t = time.perf_counter()
            bulk.prepare(args.clients, instruments())
            print(f"clients and accounts in {time.perf_counter() - t:.0f}s", flush=True)
        pairs, names = bulk.accounts_and_instruments()
        if not args.reuse:
            t = time.perf_counter()
            positions = generate(args, pairs, names)
            print(
                f"data: {args.clients} clients, {len(pairs)} accounts, {args.trades} trades, {args.transfers} "
                f"transfers, {args.orders} orders, {args.logins} logins, {positions} positions "
                f"in {time.perf_counter() - t:.0f}s",
                flush=True,
            )
        defaults.load()  # the default segments and the tier ladder (fixtures/segments.json)
        if args.setup_only:
            return
        with connection.cursor() as cursor:
            # the job starts from nothing: every profile, membership, snapshot and automatic tag is written
            cursor.execute(f"TRUNCATE {ClientProfile._meta.db_table}, {SegmentMembership._meta.db_table}")
            cursor.execute(f"TRUNCATE {SegmentSnapshot._meta.db_table}")
            cursor.execute(f"DELETE FROM {ClientTag._meta.db_table} WHERE source = 'Automatic'")
            # and its indexes as a first night finds them, not swollen by the runs before on this database
            cursor.execute(f"REINDEX TABLE {ClientTag._meta.db_table}")
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        # A first ceiling only warms the caches (the job must not pay alone for cold ones); then the ceiling
        # is measured just before and just after the job, and the ratio is to their mean.
        warm = ceiling()
        print(f"ceiling (warming the caches, not counted): {warm['seconds']}s", flush=True)
        first = ceiling()
        print(f"ceiling before the job: {first['seconds']}s (load {first['load_seconds']}s)", flush=True)
        t = time.perf_counter()
        run = run_queued(args) if args.workers else jobs.run(AS_OF, parts=args.parts or None)
        job = round(time.perf_counter() - t, 3)
        print(f"job: {job}s end to end, {run['profiles']} profiles written, {run['rfm']} RFM rows", flush=True)
        after = ceiling()
        bare = {**after, "before_seconds": first["seconds"], "after_seconds": after["seconds"]}
        bare["seconds"] = round((first["seconds"] + after["seconds"]) / 2, 3)
        ratio = round(job / bare["seconds"], 2)
        members = job_members()
        same = members == {k: v for k, v in after["members"].items() if v}
        print(
            f"memberships: job {sum(members.values())}, ceiling {sum(after['members'].values())}; per segment the "
            f"same: {same} {members}",
            flush=True,
        )
        print(
            f"ceiling after the job: {after['seconds']}s (load {after['load_seconds']}s) for {after['profiles']} "
            f"profiles; ratio job / mean ceiling ({bare['seconds']}s) {ratio}x",
            flush=True,
        )
        t = time.perf_counter()
        again = jobs.run(AS_OF, parts=args.parts or None)
        rerun = round(time.perf_counter() - t, 3)
        print(f"rerun: {rerun}s, {again['profiles']} profiles and {again['rfm']} RFM rows written", flush=True)
        refresh = measure_refresh(pairs, names)
        print(
            f"refresh after a batch of {refresh['trades']} trades ({refresh['accounts']} accounts; ingest "
            f"{refresh['ingest_seconds']}s): {refresh['refresh_seconds']}s, {refresh['profiles_written']} profiles",
            flush=True,
        )
        result = {
            "args": vars(args),
            "job_seconds": job,
            "ceiling": bare,
            "ratio": ratio,
            "memberships": members,
            "memberships_match_ceiling": same,
            "rerun_seconds": rerun,
            "rerun_written": again,
            "refresh": refresh,
        }
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / "profile.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        import django_rq

        django_rq.get_connection("default").flushdb()  # the jobs the batch queued (refresh, monitoring)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            bulk.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
