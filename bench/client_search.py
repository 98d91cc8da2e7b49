"""Benchmark: exact search by ID number among 1,000,000 clients through the blind index,
against its ceiling, a plain indexed column lookup, in the same run and database.

    .venv/bin/python bench/client_search.py                      # SQLite under sites/var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/client_search.py
    .venv/bin/python bench/client_search.py --clients 100000 --lookups 5000

It generates its own data once (encrypted ID numbers and mobiles with their blind indexes,
written with executemany, no ORM per row) and keeps it, so a second run only measures.

Measured paths, each for the same random sample of ID numbers:
  ceiling     SELECT by a plain indexed column holding the ID number in clear (bench_plain_id)
  plain key   the same SELECT on the (wider) client table by its primary key, for reference
  index SQL   the same SELECT on the client table by HMAC(id) — the cost of the index itself
  ORM plain   Client.objects.filter(name=...).first(): the ORM's own cost, for reference
  ORM         Client.objects.filter(id_number=...).first(): HMAC, query, and decrypting the row
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sites"))
os.environ.setdefault("CRM_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm_site.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'sites' / 'var' / 'bench_client_search.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from tqdm import tqdm  # noqa: E402

from securities_crm.core import crypto  # noqa: E402
from securities_crm.core.fields import blind_index  # noqa: E402
from securities_crm.demo.clients import unique_resident_id  # noqa: E402
from securities_crm.doctype.branch.model import Branch  # noqa: E402
from securities_crm.doctype.client.model import Client  # noqa: E402

PLAIN = "bench_plain_id"
CHUNK = 10_000


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def ensure_plain_table():
    with connection.cursor() as cur:
        if PLAIN not in connection.introspection.table_names(cur):
            cur.execute(
                f"CREATE TABLE {q(PLAIN)} ({q('name')} varchar(140) PRIMARY KEY, "
                f"{q('id_number')} varchar(32) NOT NULL, {q('client_name')} varchar(140) NOT NULL)"
            )
            cur.execute(f"CREATE UNIQUE INDEX bench_plain_id_number ON {q(PLAIN)} ({q('id_number')})")


def generate(total: int):
    """Add clients (and their plain twins) until there are `total`; rows go in with executemany."""
    ensure_plain_table()
    have = Client.objects.count()
    if have >= total:
        return
    branch = Branch.objects.filter(branch_code="BENCH").first()
    if branch is None:
        branch = Branch(branch_code="BENCH", branch_name="Benchmark", city="上海")
        branch.save()
    template = Client(client_name="x", branch=branch, status="Active")
    now = timezone.now()
    template.name, template.creation, template.modified = "x", now, now
    fields = list(Client._meta.concrete_fields)
    base = {}
    for f in fields:  # every column's stored default, prepared once
        if f.name in ("id_number", "id_number_index", "mobile", "mobile_index"):
            continue
        base[f.column] = f.get_db_prep_save(getattr(template, f.attname), connection)
    columns = [f.column for f in fields]
    insert = (
        f"INSERT INTO {q(Client._meta.db_table)} ({', '.join(q(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    insert_plain = f"INSERT INTO {q(PLAIN)} ({q('name')}, {q('id_number')}, {q('client_name')}) VALUES (%s, %s, %s)"
    rng = random.Random(7)
    bar = tqdm(total=total - have, desc="generating clients", unit="rows")
    for start in range(have, total, CHUNK):
        rows, plain = [], []
        for i in range(start, min(start + CHUNK, total)):
            number, _ = unique_resident_id(10_000_000 + i)  # apart from the demo's numbers
            mobile = f"13{rng.randrange(10**9):09d}"
            name = f"BN-{i:08d}"
            values = dict(
                base,
                name=name,
                client_name=f"客户{i}",
                id_number=crypto.encrypt(number, "id_number"),
                id_number_index=blind_index("id_number", number),
                mobile=crypto.encrypt(mobile, "mobile"),
                mobile_index=blind_index("mobile", mobile),
            )
            rows.append([values[c] for c in columns])
            plain.append((name, number, f"客户{i}"))
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(insert, rows)
            cur.executemany(insert_plain, plain)
        bar.update(len(rows))
    bar.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {q(Client._meta.db_table)}")
            cur.execute(f"ANALYZE {q(PLAIN)}")


def sample(lookups: int) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {q('id_number')} FROM {q(PLAIN)}")
        numbers = [r[0] for r in cur.fetchall()]
    return random.Random(11).sample(numbers, min(lookups, len(numbers)))


def timed(fn, numbers) -> list[float]:
    out = []
    for number in numbers:
        t = time.perf_counter()
        fn(number)
        out.append(time.perf_counter() - t)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    generate(args.clients)
    numbers = sample(args.lookups)
    table = q(Client._meta.db_table)

    def ceiling(number):
        with connection.cursor() as cur:
            cur.execute(f"SELECT {q('name')}, {q('client_name')} FROM {q(PLAIN)} WHERE {q('id_number')} = %s", [number])
            assert cur.fetchone()

    def index_sql(number):
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT {q('name')}, {q('client_name')} FROM {table} WHERE {q('id_number_index')} = %s",
                [blind_index("id_number", number)],
            )
            assert cur.fetchone()

    def plain_key_sql(number):
        with connection.cursor() as cur:
            cur.execute(f"SELECT {q('name')}, {q('client_name')} FROM {table} WHERE {q('name')} = %s", [names[number]])
            assert cur.fetchone()

    def orm(number):
        client = Client.objects.filter(id_number=number).first()
        assert client is not None and client.id_number == number

    names = {}
    with connection.cursor() as cur:
        for number in numbers:
            cur.execute(f"SELECT {q('name')} FROM {q(PLAIN)} WHERE {q('id_number')} = %s", [number])
            names[number] = cur.fetchone()[0]

    def orm_plain(number):
        client = Client.objects.filter(name=names[number]).first()  # same ORM work, plain primary key
        assert client is not None

    for fn in (ceiling, plain_key_sql, index_sql, orm_plain, orm):  # warm caches and connections
        timed(fn, numbers[:50])
    paths = (
        ("ceiling: plain indexed column", ceiling),
        ("plain key, client table, SQL", plain_key_sql),
        ("blind index, raw SQL", index_sql),
        ("ORM by plain key (reference)", orm_plain),
        ("blind index, ORM + decrypt", orm),
    )
    # Interleaved, one lookup of each path in turn, so a busy machine slows every path alike.
    results = {label: [] for label, _ in paths}
    for k, number in enumerate(numbers):
        for label, fn in paths[k % len(paths) :] + paths[: k % len(paths)]:  # rotate: no path always goes first
            t = time.perf_counter()
            fn(number)
            results[label].append(time.perf_counter() - t)
    base = statistics.mean(results["ceiling: plain indexed column"])
    base50 = statistics.median(results["ceiling: plain indexed column"])
    print(
        f"\nexact ID-number search · {Client.objects.count():,} clients · {len(numbers)} lookups · {connection.vendor}"
    )
    print(f"{'path':<32}{'mean µs':>10}{'p50 µs':>10}{'p99 µs':>10}{'× ceiling':>11}{'× (p50)':>9}")
    for label, samples in results.items():
        ordered = sorted(samples)
        print(
            f"{label:<32}{statistics.mean(samples) * 1e6:>10.0f}{ordered[len(ordered) // 2] * 1e6:>10.0f}"
            f"{ordered[int(len(ordered) * 0.99)] * 1e6:>10.0f}{statistics.mean(samples) / base:>11.2f}"
            f"{statistics.median(samples) / base50:>9.2f}"
        )


if __name__ == "__main__":
    main()
