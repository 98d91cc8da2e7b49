"""Benchmark: the agent queue under concurrent agents, through the REST API against its ceiling, a bare
Django view running the same query, in the same run on the same gunicorn and database (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_service .venv/bin/python bench/service.py
    ... bench/service.py --tickets 1000000 --messages 10000000 --clients 16 --seconds 20

The queue: 50 tickets of one team in Open or Replied, soonest due first, 8 fields, as an agent's desk asks
it (GET /api/resource/Service Ticket with filters, order_by next_due and limit 50), by a Service Agent's
API key: rights, record rules (confidential tickets hidden) and serialisation included. The teams vary
per request. Data (tickets, their messages, 20 teams, 40 agents) is generated once by INSERT ... SELECT
generate_series and reused. Prints requests per second, p50 and p99, and the ratio (goal ≥ 0.8); the
figures also go to bench/results/service.json. Reuses api_bench.py's load driver and gunicorn set-up.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import api_bench  # noqa: E402  (sets the paths and DJANGO_SETTINGS_MODULE for the bench server)
from api_bench_server import QUEUE_FIELDS  # noqa: E402

TEAMS = [f"T{i:02d}" for i in range(1, 21)]


def queue_path(team: str) -> str:
    return "/api/resource/Service%20Ticket?" + urllib.parse.urlencode(
        {
            "filters": json.dumps([["team", "=", team], ["status", "in", ["Open", "Replied"]]]),
            "fields": json.dumps(QUEUE_FIELDS),
            "order_by": "next_due asc",
            "limit_page_length": 50,
        }
    )


def _column_sql(field, overrides: dict) -> str:
    from django.db import models

    if field.column in overrides:
        return overrides[field.column]
    if field.null:
        return "NULL"
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return "0"
    if isinstance(field, models.JSONField):
        return "'[]'::jsonb"
    if isinstance(field, models.DateTimeField):
        return "now()"
    return "''"


def prepare(tickets: int, messages: int) -> str:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection, connections

    from securities_crm.doctype.api_key.model import ApiKey
    from securities_crm.doctype.service_team.model import ServiceTeam
    from securities_crm.doctype.service_ticket.model import ServiceTicket
    from securities_crm.doctype.service_ticket_message.model import ServiceTicketMessage

    assert connection.vendor == "postgresql", "bench/service.py runs on PostgreSQL (DATABASE_URL=postgres://...)"
    call_command("migrate", verbosity=0)
    agent, _ = User.objects.get_or_create(username="bench_agent", defaults={"is_staff": True})
    agent.groups.add(Group.objects.get(name="Service Agent"))
    agents = [User.objects.get_or_create(username=f"bench_a{i:02d}", defaults={"is_staff": True})[0] for i in range(40)]
    for i, team in enumerate(TEAMS):
        t, _ = ServiceTeam.objects.get_or_create(team_name=team)
        t.members.set(agents[2 * i : 2 * i + 2])
    have_t, have_m = ServiceTicket.objects.count(), ServiceTicketMessage.objects.count()
    table, mtable = ServiceTicket._meta.db_table, ServiceTicketMessage._meta.db_table
    ids = [a.pk for a in agents]
    with connection.cursor() as cursor:
        if have_t < tickets:
            started = time.time()
            statuses = "ARRAY['Open','Replied','Awaiting Client','On Hold','Resolved','Closed']"
            channels = "ARRAY['Phone','Portal','Email','WeChat','App','SMS','Branch']"
            over = {
                "name": "'BT' || lpad(g::text, 8, '0')",
                "owner": "'bench'",
                "modified_by": "'bench'",
                "creation": "now() - (g % 200000) * interval '1 minute'",
                "modified": "now()",
                "subject": "'工单 ' || g",
                "channel": f"({channels})[1 + g % 7]",
                "priority": "(ARRAY['Low','Medium','High','Urgent'])[1 + g % 4]",
                "status": f"({statuses})[1 + (g / 7) % 6]",
                "team_id": f"'T' || lpad((1 + g % {len(TEAMS)})::text, 2, '0')",
                "assigned_to_id": f"(ARRAY{ids})[1 + g % {len(ids)}]",
                "first_response_due": "now() + (g % 5000) * interval '1 minute'",
                "resolution_due": "now() + (g % 9000) * interval '1 minute'",
                "next_due": "now() + (g % 7000) * interval '1 minute'",
                "transitions": "'[]'::jsonb",
            }
            cols = list(ServiceTicket._meta.concrete_fields)
            cursor.execute(
                f'INSERT INTO "{table}" ({", ".join(chr(34) + f.column + chr(34) for f in cols)}) '
                f"SELECT {', '.join(_column_sql(f, over) for f in cols)} "
                f"FROM generate_series({have_t + 1}, {tickets}) g"
            )
            print(f"tickets: {tickets - have_t:,} in {time.time() - started:.0f}s", flush=True)
        if have_m < messages:
            started = time.time()
            over = {
                "owner": "'bench'",
                "modified_by": "'bench'",
                "creation": "now()",
                "modified": "now()",
                "ticket_id": f"'BT' || lpad((1 + g % {tickets})::text, 8, '0')",
                "sender_type": "(ARRAY['Client','Staff'])[1 + g % 2]",
                "channel": "'Portal'",
                "body": "'消息内容 ' || g",
                "sent_at": "now() - (g % 100000) * interval '1 second'",
                "attachments": "'[]'::jsonb",
            }
            cols = [f for f in ServiceTicketMessage._meta.concrete_fields if f.column != "name"]
            step = 2_000_000
            for lo in range(have_m + 1, messages + 1, step):
                hi = min(messages, lo + step - 1)
                cursor.execute(
                    f'INSERT INTO "{mtable}" ({", ".join(chr(34) + f.column + chr(34) for f in cols)}) '
                    f"SELECT {', '.join(_column_sql(f, over) for f in cols)} FROM generate_series({lo}, {hi}) g"
                )
                print(f"messages: {hi:,} ({time.time() - started:.0f}s)", flush=True)
        cursor.execute(f'ANALYZE "{table}"')
        cursor.execute(f'ANALYZE "{mtable}"')
    ApiKey.objects.filter(user=agent).delete()
    key, secret = ApiKey.generate(agent)
    connections.close_all()
    return f"{key.api_key}:{secret}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=10_000_000)
    parser.add_argument("--clients", type=int, default=16, help="concurrent agents")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per target")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    args = parser.parse_args()

    from securities_crm.core import embedded_redis

    with embedded_redis.ensure_running():
        token = prepare(args.tickets, args.messages)
        port = api_bench.free_port()
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
            api_bench.wait_for(port)
            auth = {"Authorization": f"token {token}"}
            api_paths = [queue_path(t) for t in TEAMS]
            bare_paths = [f"/bare/queue?team={t}" for t in TEAMS]
            a, b = api_bench.fetch(port, api_paths[0], auth), api_bench.fetch(port, bare_paths[0], {})
            assert a == b, f"the API and the bare view answer differently:\n{a}\n{b}"
            assert len(a["data"]) == 50
            runs = {"api": [], "bare": []}
            for _round in range(2):  # alternate, so drift hits both
                for target, paths, headers in (("api", api_paths, auth), ("bare", bare_paths, {})):
                    runs[target].append(
                        api_bench.drive(
                            port, paths, headers, args.clients, args.seconds / 2, args.warmup, args.processes
                        )
                    )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    results = {
        t: {
            "rps": sum(r["rps"] for r in rs) / len(rs),
            "p50_ms": statistics.mean(r["p50_ms"] for r in rs),
            "p99_ms": statistics.mean(r["p99_ms"] for r in rs),
            "requests": sum(r["requests"] for r in rs),
        }
        for t, rs in runs.items()
    }
    results["ratio"] = results["api"]["rps"] / results["bare"]["rps"]
    print(
        f"\nAgent queue, REST API vs bare Django view — PostgreSQL, {args.tickets:,} tickets, {args.messages:,} "
        f"messages, gunicorn {args.workers} sync workers, {args.clients} agents, {args.seconds:g}s per target"
    )
    print(f"{'target':<7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for target in ("api", "bare"):
        x = results[target]
        print(f"{target:<7}{x['rps']:>9.0f}{x['p50_ms']:>9.1f}{x['p99_ms']:>9.1f}")
    print(f"{'ratio':<7}{results['ratio']:>9.2f}   (goal ≥ 0.80)")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "service.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=2))


if __name__ == "__main__":
    main()
