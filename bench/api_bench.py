"""Benchmark: the REST API under gunicorn against its ceiling, a bare Django view running the same
query and answering the same JSON, in the same run, on the same server and database.

    .venv/bin/python bench/api_bench.py                              # SQLite under sites/var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python bench/api_bench.py
    .venv/bin/python bench/api_bench.py --clients 16 --seconds 8 --workers 4

Two requests are measured, each through the API (token auth, a Service Agent: rights, record
rules, masking) and through the bare view (no auth, no checks):
  list  GET /api/resource/Client?filters=[["status","=","Active"]]&fields=[8 fields]&limit_page_length=20
  get   GET /api/resource/Client/<name>, a random one of 1,000 (the whole document, sensitive fields masked)

It starts gunicorn on 127.0.0.1 (sync workers, --workers), drives it with --clients concurrent
clients for --seconds per phase after a warm-up, then stops it. Phases alternate API and bare
view twice, so drift hits both. It prints requests per second, p50 and p99 latency, and the
ratio API / bare; the figures also go to bench/results/api_bench.json. Data is generated once.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sites"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("CRM_DEMO", "1")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'sites' / 'var' / 'bench_api.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "api_bench_server"

LIST_FIELDS = ["name", "client_name", "client_type", "status", "risk_level", "branch", "client_manager", "modified"]
LIST_QUERY = urllib.parse.urlencode(
    {
        "filters": json.dumps([["status", "=", "Active"]]),
        "fields": json.dumps(LIST_FIELDS),
        "limit_page_length": 20,
    }
)


# --- data -------------------------------------------------------------------------------------
def prepare(total: int) -> tuple[str, list[str]]:
    """Migrate, generate `total` clients once, and return (API token, names to read)."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import transaction

    from securities_crm.doctype.api_key.model import ApiKey
    from securities_crm.doctype.branch.model import Branch
    from securities_crm.doctype.client.model import Client

    call_command("migrate", verbosity=0)
    branch = Branch.objects.filter(pk="BENCH").first()
    if branch is None:
        branch = Branch(branch_code="BENCH", branch_name="Benchmark", city="上海")
        branch.save()
    manager, _ = User.objects.get_or_create(username="bench_manager")
    agent, _ = User.objects.get_or_create(username="bench_agent")
    agent.groups.set(Group.objects.filter(name="Service Agent"))
    have = Client.objects.count()
    if have < total:
        rng = random.Random(3)
        statuses = ["Active", "Active", "Prospect", "Dormant"]
        for start in range(have, total, 2000):
            rows = []
            for i in range(start, min(start + 2000, total)):
                c = Client(
                    client_name=f"客户{i}",
                    status=statuses[i % 4],
                    branch=branch,
                    client_manager=manager,
                    risk_level=rng.choice(["C1", "C2", "C3", "C4", "C5"]),
                    mobile=f"13{rng.randrange(10**9):09d}",
                )
                c.name = f"BC-{i:07d}"
                c.owner = c.modified_by = "bench"
                from django.utils import timezone

                c.creation = c.modified = timezone.now()
                rows.append(c)
            with transaction.atomic():
                Client.objects.bulk_create(rows)
    from django.db import connection

    with connection.cursor() as cur:  # fresh planner statistics after generating
        if connection.vendor == "mysql":
            cur.execute(f"ANALYZE TABLE {connection.ops.quote_name(Client._meta.db_table)}")
        else:
            cur.execute("ANALYZE")
    ApiKey.objects.filter(user=agent).delete()
    key, secret = ApiKey.generate(agent, "api_bench")
    names = list(Client.objects.filter(status="Active").order_by("name").values_list("name", flat=True)[:1000])
    from django.db import connections

    connections.close_all()
    return f"{key.api_key}:{secret}", names


# --- load -------------------------------------------------------------------------------------
def _worker(args) -> list[float]:
    port, paths, headers, deadline, warmup_until, threads, seed = args
    latencies: list[float] = []
    lock = threading.Lock()

    def loop(n):
        rng = random.Random(seed * 100 + n)
        local = []
        while True:
            now = time.perf_counter()
            if now >= deadline:
                break
            path = rng.choice(paths)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - t
            conn.close()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
            if t >= warmup_until:
                local.append(elapsed)
        with lock:
            latencies.extend(local)

    pool = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return latencies


def drive(port, paths, headers, clients, seconds, warmup, processes) -> dict:
    start = time.perf_counter()
    warmup_until = start + warmup
    deadline = warmup_until + seconds
    per = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(_worker, [(port, paths, headers, deadline, warmup_until, n, i) for i, n in enumerate(per)])
    latencies = sorted(x for r in results for x in r)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def fetch(port, path, headers) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 200, (path, response.status, body[:300])
    return json.loads(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            fetch(port, "/api/method/ping", {})
            return
        except (OSError, AssertionError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="clients in the table")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=8, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    args = parser.parse_args()

    from securities_crm.core import embedded_redis  # noqa: E402  (after sys.path is set)

    with embedded_redis.ensure_running():
        token, names = prepare(args.rows)
        port = free_port()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT / "sites")]))
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "crm_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],
            cwd=ROOT / "sites",
            env=env,
            start_new_session=True,
        )
        try:
            wait_for(port)
            auth = {"Authorization": f"token {token}"}
            cases = {
                "list": ([f"/api/resource/Client?{LIST_QUERY}"], ["/bare/list"]),
                "get": ([f"/api/resource/Client/{n}" for n in names], [f"/bare/get/{n}" for n in names]),
            }
            # Same JSON from both, or the comparison means nothing.
            for kind, (api_paths, bare_paths) in cases.items():
                a, b = fetch(port, api_paths[0], auth), fetch(port, bare_paths[0], {})
                assert a == b, f"{kind}: the API and the bare view answer differently:\n{a}\n{b}"
            results = {}
            for kind, (api_paths, bare_paths) in cases.items():
                runs = {"api": [], "bare": []}
                for _round in range(2):
                    for target, paths, headers in (("api", api_paths, auth), ("bare", bare_paths, {})):
                        runs[target].append(
                            drive(port, paths, headers, args.clients, args.seconds / 2, args.warmup, args.processes)
                        )
                results[kind] = {
                    t: {
                        "rps": sum(r["rps"] for r in rs) / len(rs),
                        "p50_ms": statistics.mean(r["p50_ms"] for r in rs),
                        "p99_ms": statistics.mean(r["p99_ms"] for r in rs),
                        "requests": sum(r["requests"] for r in rs),
                    }
                    for t, rs in runs.items()
                }
                results[kind]["ratio"] = results[kind]["api"]["rps"] / results[kind]["bare"]["rps"]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    vendor = os.environ["DATABASE_URL"].split(":", 1)[0]
    print(
        f"\nREST API vs bare Django view — {vendor}, {args.rows} clients, gunicorn {args.workers} sync workers, "
        f"{args.clients} clients, {args.seconds:g}s per case"
    )
    print(f"{'case':<6}{'target':<7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, r in results.items():
        for target in ("api", "bare"):
            x = r[target]
            print(f"{kind:<6}{target:<7}{x['rps']:>9.0f}{x['p50_ms']:>9.1f}{x['p99_ms']:>9.1f}")
        print(f"{kind:<6}{'ratio':<7}{r['ratio']:>9.2f}   (goal ≥ 0.70)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "api_bench.json").write_text(
        json.dumps({"database": vendor, "args": vars(args), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
