"""A real RQ worker process evaluates real ingested batches: ingestion queues the hook on the `short`
queue when the batch commits, and the worker raises the alerts. (Replays are covered in test_engine.)"""
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import django_rq
import pytest
from django.conf import settings
from django.db import connection

from securities_crm.doctype.risk_alert.model import RiskAlert

from .conftest import feed, make_rule, transfer

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.jobs


def _database_url() -> str:
    db = connection.settings_dict
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"sqlite:///{db['NAME']}"
    scheme = {"postgresql": "postgres", "mysql": "mysql"}[engine]
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db.get("PASSWORD") else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT']}" if db.get("PORT") else (db["HOST"] or "127.0.0.1")
    return f"{scheme}://{auth}@{host}/{db['NAME']}"


def _run_worker():
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL, "CRM_DEMO": "1"}
    return subprocess.run([sys.executable, "sites/manage.py", "rqworker", "--burst", "short"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_raises_alerts_for_ingested_batches(world):
    queue = django_rq.get_queue("short")
    queue.empty()
    make_rule("large_cash")
    make_rule("large_transfer")
    rows = [transfer(30000, "2026-03-02 10:00:00", is_cash="1", external_id="W1"),
            transfer(20000, "2026-03-02 11:00:00", is_cash="1", account="P0002", external_id="W2"),
            transfer(2000000, "2026-03-02 11:00:00", account="E0001", external_id="W3")]
    feed("fund_transfers", [dict(r) for r in rows])
    assert queue.count >= 1
    done = _run_worker()
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(RiskAlert.objects.values_list("rule__code", "client_id")) == [
        ("LARGE-CASH", world["person"].pk), ("LARGE-TRANSFER", world["firm"].pk)]
    assert all(a.assigned_to == world["compliance"] for a in RiskAlert.objects.all())
