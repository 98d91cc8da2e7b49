"""manage.py ingest, and the hand-over of affected accounts to monitoring after commit."""

import json

import django_rq
import pytest
from conftest import csv_of, trade
from django.core.management import call_command

from securities_crm.doctype.ingestion_batch.model import IngestionBatch
from securities_crm.doctype.trade.model import Trade
from securities_crm.ingest import engine
from securities_crm.monitoring import realtime

pytestmark = pytest.mark.django_db


def test_command_ingests_csv_and_jsonl(trading_world, tmp_path, capsys):
    csv_file = tmp_path / "trades.csv"
    csv_file.write_text(csv_of([trade(1), trade(2), trade(3, side="?")]), encoding="utf-8")
    call_command("ingest", "trades", str(csv_file), verbosity=0)
    out = capsys.readouterr().out
    assert "received 3, created 2, duplicates 0, rejected 1" in out and "line 4: side" in out
    jsonl = tmp_path / "trades.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in [trade(2), trade(4)]), encoding="utf-8")
    call_command("ingest", "trades", str(jsonl), "--source", "trading", verbosity=0)
    assert "received 2, created 1, duplicates 1, rejected 0" in capsys.readouterr().out
    assert Trade.objects.count() == 3
    assert set(IngestionBatch.objects.values_list("channel", flat=True)) == {"command"}


def test_affected_accounts_go_to_monitoring_on_the_short_queue_after_commit(
    trading_world, django_capture_on_commit_callbacks
):
    queue = django_rq.get_queue("short")
    queue.empty()
    queue.connection.delete(realtime.PENDING, realtime.WAITING)
    rows = [trade(1, account="A0001"), trade(2, account="B0001"), trade(3, account="A0001")]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = engine.ingest("trades", rows, "json")
    assert queue.count == 0  # nothing before the commit
    for callback in callbacks:
        callback()
    jobs = queue.get_jobs()
    assert len(jobs) == 1
    assert jobs[0].func_name == "securities_crm.monitoring.realtime.evaluate_pending"
    # the batch waits for that job with its accounts, its DocType and the earliest (local) time it brought,
    # so monitoring re-reads only what it can change
    pending = [json.loads(e) for e in queue.connection.lrange(realtime.PENDING, 0, -1)]
    assert pending == [
        {"accounts": ["A0001", "B0001"], "batch": report["batch"], "since": "2026-03-02T10:15:00", "doctype": "Trade"}
    ]
    queue.connection.delete(realtime.PENDING, realtime.WAITING)
    queue.empty()


def test_monitoring_gets_the_accounts_of_every_row_a_batch_stored(trading_world, django_capture_on_commit_callbacks):
    """Whatever the database's bulk path, the hook hears of every account whose rows went in, the
    first time and when a partial replay brings new rows."""
    queue = django_rq.get_queue("short")
    queue.empty()
    queue.connection.delete(realtime.PENDING, realtime.WAITING)
    first = [trade(1, account="A0001"), trade(2, account="A0002")]
    again = first + [trade(3, account="B0001"), trade(4, account="a0002 "), trade(5, account="GHOST")]
    handed = []
    for rows in (first, again):
        with django_capture_on_commit_callbacks(execute=True):
            engine.ingest("trades", rows, "json")
        handed.append({a for e in queue.connection.lrange(realtime.PENDING, 0, -1) for a in json.loads(e)["accounts"]})
        queue.connection.delete(realtime.PENDING, realtime.WAITING)
        queue.empty()
    assert handed[0] == {"A0001", "A0002"}
    # The replay's new rows are B0001's and A0002's; databases that cannot tell which rows an
    # INSERT IGNORE kept (MariaDB, SQLite) hand on every valid row's account, A0001 included.
    assert {"B0001", "A0002"} <= handed[1] <= {"A0001", "A0002", "B0001"}
