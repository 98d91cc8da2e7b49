"""Benchmark: the client 360 page's server time with the 100,000-client demo, against the same queries
run bare, in the same run and database.

    .venv/bin/python bench/client360.py                       # SQLite under sites/var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench360 .venv/bin/python bench/client360.py
    .venv/bin/python bench/client360.py --clients 100000 --pages 40

It builds the demo once (manage.py demo_setup's steps: clients, assessments, trading data, alerts) and
keeps it, so a second run only measures. For a sample of the client manager's clients it times:

  page      GET /app/securities_crm/client/<id>/change/ through Django's test client, as the demo's
            client manager: the record rules, every tab's first page, the rendering
  timeline  GET .../<id>/timeline/: the first page of the merged timeline, loaded when its tab opens
  trading   GET .../<id>/trading/: the Trading tab's AUM and 90-day charts, loaded when its tab opens
  trades    GET .../<id>/tab/trade/: the first page of the trades tab (the largest), loaded when opened
  bare      the SQL each of those requests ran, captured once per client and replayed through a cursor:
            what the database alone costs, the ceiling the page cannot beat

and prints the medians, the 95th percentiles, the ratio page/bare, and the 300 ms target beside them.
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
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'sites' / 'var' / 'bench_client360.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from securities_crm import demo  # noqa: E402
from securities_crm.doctype.client.model import Client  # noqa: E402
from securities_crm.permissions import policy  # noqa: E402

TARGET_MS = 300
USER = "client_manager"


def build(clients: int) -> None:
    call_command("migrate", verbosity=0)
    have = Client.objects.count()
    if have >= clients:
        print(f"reusing {have:,} clients in {connection.settings_dict['NAME']}")
        return
    print(f"building the demo with {clients:,} clients (once; later runs reuse it)...")
    call_command("sync_roles", verbosity=0)
    demo.run(demo.Context(clients=clients, password="bench-pass-360"))


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def replay(statements: list[str]) -> None:
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)
            cur.fetchall()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=30, help="how many clients' pages to time")
    args = parser.parse_args()
    build(args.clients)
    settings.DEBUG = False
    user = User.objects.get(username=USER)
    browser = Browser()
    browser.force_login(user)
    mine = list(policy.filter_queryset(user, Client.objects.all()).values_list("pk", flat=True)[:5000])
    sample = random.Random(360).sample(mine, min(args.pages, len(mine)))
    print(f"{Client.objects.count():,} clients; {len(mine):,}+ visible to {USER}; timing {len(sample)} pages")

    # Warm up: the first request loads templates, translations and the connection.
    browser.get(f"/app/securities_crm/client/{sample[0]}/change/")

    # Each request and its bare replay: the page, then the fragments its tabs load when first shown.
    urls = {
        "page": "/app/securities_crm/client/{}/change/",
        "timeline": "/app/securities_crm/client/{}/timeline/",
        "trading": "/app/securities_crm/client/{}/trading/",
        "trades": "/app/securities_crm/client/{}/tab/trade/",
    }
    served = {name: [] for name in urls}
    replayed = {name: [] for name in urls}
    queries = []
    for pk in sample:
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                served[name].append(timed(browser.get, url.format(pk)))
            sql = [q["sql"] for q in captured.captured_queries]
            replayed[name].append(timed(replay, sql))
            if name == "page":
                queries.append(len(sql))

    def line(name, values):
        return f"  {name:<10} median {statistics.median(values):7.1f} ms   p95 {pct(values, 95):7.1f} ms"

    print(f"database: {connection.vendor}; {statistics.median(queries):.0f} queries per page (median)")
    for name in urls:
        print(line(name, served[name]))
        print(line("bare", replayed[name]))
    ratios = {n: statistics.median(served[n]) / max(statistics.median(replayed[n]), 0.001) for n in urls}
    print("  ratio " + ", ".join(f"{n}/bare {r:.1f}x" for n, r in ratios.items()))
    pages = served["page"]
    verdict = "under" if statistics.median(pages) < TARGET_MS else "OVER"
    print(f"  target: page under {TARGET_MS} ms -> {verdict} (median {statistics.median(pages):.0f} ms)")


if __name__ == "__main__":
    main()
