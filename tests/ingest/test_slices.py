"""A large batch is validated slice by slice while PostgreSQL stores the previous slice; the answer
is the same as validating it whole: the same valid rows, rejects, counts and accounts."""

import random

import pandas as pd
import pytest
from conftest import trade

from securities_crm.doctype.trade.model import Trade
from securities_crm.ingest import engine, parse, schema, validate

pytestmark = pytest.mark.django_db


def _rows(n):
    rows = [trade(i, account=("A0001", "A0002", "B0001")[i % 3]) for i in range(1, n + 1)]
    for i in range(0, n, 17):
        rows[i]["quantity"] = "-5"  # rejected
    for i in range(5, n, 23):
        rows[i]["account"] = "GHOST"  # rejected
    random.Random(7).shuffle(rows)  # not in key order: the stream sorts it
    return rows


def test_slices_give_the_same_answer_as_the_whole_batch(trading_world):
    kind = schema.get("trades")
    frame = parse.from_records(_rows(500))
    whole = validate.validate(kind, frame, "trading")
    stream = validate.Stream(kind, frame, "trading", slice_rows=37)
    assert stream.keys is not None  # sliced
    assert len(stream.finish()) == 14
    assert stream.valid() == len(whole.rows)
    pd.testing.assert_frame_equal(stream.rejects().reset_index(drop=True), whole.rejects.reset_index(drop=True))
    got = stream.rows().sort_values("line").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, whole.rows.sort_values("line").reset_index(drop=True), check_dtype=False)
    keys = list(stream.rows()["external_id"])
    assert keys == sorted(keys)  # in key order, slice after slice


def test_a_repeated_key_keeps_the_batch_whole(trading_world):
    rows = _rows(200) + [trade(3)]
    stream = validate.Stream(schema.get("trades"), parse.from_records(rows), "trading", slice_rows=37)
    assert stream.keys is None and len(stream.finish()) == 1


def test_a_sliced_batch_end_to_end_with_a_partial_replay(trading_world, monkeypatch):
    monkeypatch.setattr(validate, "SLICE_ROWS", 40)
    rows = _rows(600)
    first = engine.ingest("trades", rows[:250], "json")
    answer = engine.ingest("trades", rows, "json")
    bad = sum(1 for r in rows if r["quantity"] == "-5" or r["account"] == "GHOST")
    assert answer["rejected"] == bad and answer["received"] == 600
    assert answer["created"] == 600 - bad - first["created"]
    assert answer["duplicates"] == first["created"]
    assert Trade.objects.count() == 600 - bad
    assert sorted(r["line"] for r in answer["rejects"]) == [r["line"] for r in answer["rejects"]]
