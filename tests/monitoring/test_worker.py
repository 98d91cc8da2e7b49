"""A real RQ worker process evaluates real ingested batches: ingestion queues the hook on the `short`
queue when the batch commits, and the worker raises the alerts. (Replays are covered in test_engine.)"""

import json

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
    rows = [
        transfer(30000, "2026-03-02 10:00:00", is_cash="1", external_id="W1"),
        transfer(20000, "2026-03-02 11:00:00", is_cash="1", account="P0002", external_id="W2"),
        transfer(2000000, "2026-03-02 11:00:00", account="E0001", external_id="W3"),
    ]
    feed("fund_transfers", [dict(r) for r in rows[:2]])
    feed("fund_transfers", [dict(r) for r in rows[2:]])
    assert queue.count == 1  # the second batch waits with the first for the job already queued
    assert queue.connection.llen(realtime.PENDING) == 2
    done = run_worker("short")
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(RiskAlert.objects.values_list("rule__code", "client_id")) == [
        ("LARGE-CASH", world["person"].pk),
        ("LARGE-TRANSFER", world["firm"].pk),
    ]
    assert all(a.assigned_to == world["compliance"] for a in RiskAlert.objects.all())


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_cannot_be_evaluated_holds_no_other_back_and_is_given_up_after_three_tries(world):
    """A batch whose evaluation fails (here: an earliest time that is no time) must not block the batches
    handed over with it, and must not be retried forever."""
    redis = django_rq.get_queue("short").connection
    redis.delete(realtime.PENDING, realtime.WAITING, realtime.FAILED)
    make_rule("large_cash")
    feed("fund_transfers", [transfer(60000, "2026-03-02 10:00:00", is_cash="1", external_id="G1")])
    good = json.loads(redis.lrange(realtime.PENDING, 0, -1)[0])
    redis.delete(realtime.PENDING)
    bad = {"accounts": ["P0002"], "batch": "ING-BAD", "since": "0000-00-00 no time", "doctype": "Fund Transfer"}
    redis.rpush(realtime.PENDING, json.dumps(bad), json.dumps(good))

    with pytest.raises(RuntimeError, match="ING-BAD"):
        realtime.evaluate_pending()
    assert RiskAlert.objects.filter(rule__code="LARGE-CASH").count() == 1  # the good batch was evaluated
    assert [json.loads(e)["batch"] for e in redis.lrange(realtime.PENDING, 0, -1)] == ["ING-BAD"]
    for _attempt in (2, 3):
        with pytest.raises(Exception):  # noqa: B017  (whatever the broken batch raises: the point is the retry count)
            realtime.evaluate_pending()
    assert redis.llen(realtime.PENDING) == 0
    assert [json.loads(e)["attempts"] for e in redis.lrange(realtime.FAILED, 0, -1)] == [3]
    assert realtime.evaluate_pending() == {"batches": [], "created": 0}
    redis.delete(realtime.FAILED)
