"""Idempotency: a replay, whole or partial, or two calls at once with overlapping rows, creates
nothing twice, and the counts say exactly what happened."""

import threading

import pytest
from conftest import csv_of, post_csv, post_rows, trade
from django.db import connection
from django.test import Client

from securities_crm.doctype.ingestion_batch.model import IngestionBatch
from securities_crm.doctype.trade.model import Trade


def counts(answer):
    return answer["received"], answer["created"], answer["duplicates"], answer["rejected"]


@pytest.mark.django_db
def test_whole_and_partial_replay(trading_world, integration_token, client):
    rows = [trade(i, account="A0001" if i % 2 else "B0001") for i in range(1, 301)]
    assert counts(post_rows(client, integration_token, "trades", rows).json()["message"]) == (300, 300, 0, 0)
    assert counts(post_rows(client, integration_token, "trades", rows).json()["message"]) == (300, 0, 300, 0)
    # partial: 100 old rows, 50 new ones and one bad row, as CSV this time
    again = rows[100:200] + [trade(i) for i in range(301, 351)] + [trade(999, side="?")]
    assert counts(post_csv(client, integration_token, "trades", csv_of(again)).json()["message"]) == (151, 50, 100, 1)
    assert Trade.objects.count() == 350
    assert Trade.objects.values("source", "external_id").distinct().count() == 350


@pytest.mark.django_db
def test_the_same_id_from_another_source_is_another_trade(trading_world, integration_token, client):
    rows = [trade(1), trade(2)]
    assert counts(post_rows(client, integration_token, "trades", rows).json()["message"]) == (2, 2, 0, 0)
    answer = post_rows(client, integration_token, "trades", rows, source="otc").json()["message"]
    assert counts(answer) == (2, 2, 0, 0) and answer["source"] == "otc"
    assert Trade.objects.filter(source="otc").count() == 2


@pytest.mark.django_db
def test_positions_replay_by_snapshot_and_instruments_by_code(trading_world, integration_token, client):
    snap = [
        {
            "account": "A0001",
            "instrument": "600519.SH",
            "position_date": "2026-03-02",
            "quantity": "100",
            "market_value": "170000",
        },
        {
            "account": "B0001",
            "instrument": "000001.SZ",
            "position_date": "2026-03-02",
            "quantity": "500",
            "market_value": "5500.5",
        },
    ]
    assert counts(post_rows(client, integration_token, "positions", snap).json()["message"]) == (2, 2, 0, 0)
    assert counts(post_rows(client, integration_token, "positions", snap).json()["message"]) == (2, 0, 2, 0)
    inst = [
        {"code": "600519.SH", "market": "SH", "instrument_name": "贵州茅台"},
        {"code": "510300.SH", "market": "SH", "instrument_name": "沪深300ETF", "instrument_type": "ETF"},
    ]
    assert counts(post_rows(client, integration_token, "instruments", inst).json()["message"]) == (2, 1, 1, 0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_with_overlapping_rows(trading_world, integration_token):
    """Four calls at once, each overlapping the next by half: every trade once, and the calls'
    created counts add up to exactly the distinct rows sent."""
    batches = [[trade(i) for i in range(k * 200, k * 200 + 400)] for k in range(4)]  # 0-399, 200-599, ...
    answers, errors = [None] * len(batches), []
    start = threading.Barrier(len(batches))

    def run(k):
        try:
            start.wait()
            r = post_rows(Client(), integration_token, "trades", batches[k])
            answers[k] = r.json()
        except Exception as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(batches))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    results = [a["message"] for a in answers]
    distinct = 200 * (len(batches) + 1)
    assert sum(r["created"] for r in results) == distinct
    assert all(r["created"] + r["duplicates"] == 400 and r["rejected"] == 0 for r in results)
    assert sum(r["duplicates"] for r in results) == 400 * len(batches) - distinct
    assert Trade.objects.count() == distinct
    assert IngestionBatch.objects.count() == len(batches)


@pytest.mark.django_db
def test_a_replay_the_key_sample_misses_is_still_counted_exactly(trading_world, integration_token, client):
    """Before writing, PostgreSQL probes a sample of the batch's keys; an existing key outside the
    sample makes the straight COPY fail on the unique index, and the batch goes the staged way."""
    rows = [trade(i, account="A0001" if i % 3 else "B0001") for i in range(1, 1001)]
    assert counts(post_rows(client, integration_token, "trades", [rows[1], rows[998]]).json()["message"]) == (
        2,
        2,
        0,
        0,
    )
    answer = post_rows(client, integration_token, "trades", rows).json()["message"]
    assert counts(answer) == (1000, 998, 2, 0)
    assert Trade.objects.count() == 1000
    assert Trade.objects.values("source", "external_id").distinct().count() == 1000
