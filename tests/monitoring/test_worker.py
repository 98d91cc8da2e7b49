"""A real RQ worker process evaluates real ingested batches: ingestion queues the hook on the `short`
queue when the batch commits, and the worker raises the alerts. (Replays are covered in test_engine.)"""

import django_rq
import pytest

from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import realtime

from .conftest import feed, make_rule, transfer

pytestmark = pytest.mark.jobs


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_raises_alerts_for_ingested_batches(world, run_worker):
    queue = django_rq.get_queue("short")
    queue.empty()
    queue.connection.delete(realtime.PENDING, realtime.WAITING)
    make_rule("large_cash")
    make_rule("large_transfer")
    rows = [transfer(30000, "2026-03-02 10:00:00", is_cash="1", external_id="W1"),
            transfer(20000, "2026-03-02 11:00:00", is_cash="1", account="P0002", external_id="W2"),
            transfer(2000000, "2026-03-02 11:00:00", account="E0001", external_id="W3")]
    feed("fund_transfers", [dict(r) for r in rows[:2]])
    feed("fund_transfers", [dict(r) for r in rows[2:]])
    assert queue.count == 1  # the second batch waits with the first for the job already queued
    assert queue.connection.llen(realtime.PENDING) == 2
    done = run_worker("short")
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(RiskAlert.objects.values_list("rule__code", "client_id")) == [
        ("LARGE-CASH", world["person"].pk), ("LARGE-TRANSFER", world["firm"].pk)]
    assert all(a.assigned_to == world["compliance"] for a in RiskAlert.objects.all())
