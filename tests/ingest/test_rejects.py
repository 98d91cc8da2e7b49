"""Every kind of bad row is rejected with its line, field and reason; valid rows still go in."""

import pytest
from conftest import post_csv, post_rows, reasons, trade

from securities_crm.doctype.ingestion_batch.model import IngestionBatch
from securities_crm.doctype.trade.model import Trade

pytestmark = pytest.mark.django_db


def test_each_bad_trade_row_is_rejected_with_its_reason(trading_world, integration_token, client):
    rows = [
        trade(1),  # line 1: good
        trade(2, account="NOPE1"),  # unknown account
        trade(3, instrument="999999.SH"),  # unknown instrument
        trade(4, quantity="12x"),  # bad number
        trade(5, quantity="-100"),  # negative quantity
        trade(6, trade_time="2026-02-30 10:00:00"),  # bad time
        trade(7, side="Hold"),  # unknown side
        trade(1),  # duplicate inside the batch (of line 1)
        trade(9, external_id=""),  # missing id
        trade(10, price="1.23456"),  # too many decimals
        trade(11, quantity="0"),  # zero quantity
        trade(12, channel="Pigeon"),  # unknown channel
        trade(13, amount="1" + "0" * 30),  # too large
        trade(14, side="S", trade_time="2026-03-02T09:30:00+08:00"),  # good: alias and ISO time
    ]
    r = post_rows(client, integration_token, "trades", rows)
    assert r.status_code == 200, r.content
    answer = r.json()["message"]
    assert (answer["received"], answer["created"], answer["duplicates"], answer["rejected"]) == (14, 2, 0, 12)
    got = reasons(answer)
    assert got[(2, "account")] == "Unknown account."
    assert got[(3, "instrument")] == "Unknown instrument."
    assert got[(4, "quantity")] == "Not a number."
    assert got[(5, "quantity")] == "Must not be negative."
    assert got[(6, "trade_time")].startswith("Not a valid date and time")
    assert got[(7, "side")].startswith("Unknown value for side")
    assert got[(8, "external_id")] == "Duplicate inside the batch (same key as line 1)."
    assert got[(9, "external_id")] == "This field is required."
    assert got[(10, "price")].startswith("Too many decimal places")
    assert got[(11, "quantity")] == "Must be greater than zero."
    assert got[(12, "channel")].startswith("Unknown value for channel")
    assert got[(13, "amount")] == "The number is too large."
    assert {r["line"] for r in answer["rejects"]} == set(range(2, 14))
    assert set(Trade.objects.values_list("external_id", flat=True)) == {"T000001", "T000014"}
    sold = Trade.objects.get(external_id="T000014")
    assert sold.side == "Sell" and sold.trade_time.isoformat() == "2026-03-02T01:30:00+00:00"


def test_rejects_are_kept_on_the_batch_and_read_back_in_full(trading_world, integration_token, client):
    rows = [trade(i, account="GHOST") for i in range(1, 2501)] + [trade(9999)]
    answer = post_rows(client, integration_token, "trades", rows).json()["message"]
    assert answer["rejected"] == 2500 and len(answer["rejects"]) == 2500
    batch = IngestionBatch.objects.get(name=answer["batch"])
    assert (batch.received, batch.created, batch.rejected, batch.status) == (2501, 1, 2500, "Completed with Rejects")
    assert batch.rejects.count() == 2500
    url = "/api/method/securities_crm.api.ingest.rejects"
    page = client.get(
        url,
        {"batch": batch.name, "limit_start": 2000, "limit_page_length": 1000},
        headers={"Authorization": integration_token, "Accept-Language": "en"},
    ).json()["message"]
    assert [r["line"] for r in page["rejects"]] == list(range(2001, 2501))
    assert page["rejected"] == 2500


def test_csv_lines_count_from_the_header(trading_world, integration_token, client):
    text = (
        "external_id,account,instrument,side,quantity,price,amount,trade_time\n"
        "C1,A0001,600519.SH,B,100,10,1000,2026-03-02 10:00:00\n"
        "C2,A0001,600519.SH,B,abc,10,1000,2026-03-02 10:00:00\n"
        '"C3",A0001,600519.SH,B,100,10,1000,2026-03-02 10:00:00\n'
    )
    answer = post_csv(client, integration_token, "trades", text).json()["message"]
    assert (answer["created"], answer["rejected"]) == (2, 1)
    assert reasons(answer) == {(3, "quantity"): "Not a number."}


def test_a_missing_column_fails_the_whole_call(trading_world, integration_token, client):
    text = "external_id,account,side\nX1,A0001,B\n"
    r = post_csv(client, integration_token, "trades", text)
    assert r.status_code == 417
    assert "instrument" in r.json()["exc_type"] + r.content.decode()
    assert not Trade.objects.exists() and not IngestionBatch.objects.exists()


def test_bad_rows_of_every_other_kind(trading_world, integration_token, client):
    flows = [
        {
            "external_id": "F1",
            "account": "A0001",
            "direction": "In",
            "amount": "49999.00",
            "is_cash": "1",
            "transfer_time": "2026-03-02 10:00:00",
        },
        {
            "external_id": "F2",
            "account": "A0001",
            "direction": "Sideways",
            "amount": "10",
            "transfer_time": "2026-03-02 10:00:00",
        },
        {
            "external_id": "F3",
            "account": "A0001",
            "direction": "Out",
            "amount": "-5",
            "is_cash": "maybe",
            "currency": "XYZ",
            "transfer_time": "yesterday",
        },
    ]
    a = post_rows(client, integration_token, "fund_transfers", flows).json()["message"]
    got = reasons(a)
    assert a["created"] == 1 and a["rejected"] == 2
    assert got[(2, "direction")].startswith("Unknown value for direction")
    assert got[(3, "amount")] == "Must not be negative."
    assert got[(3, "is_cash")].startswith("Not a yes/no value")
    assert got[(3, "currency")].startswith("Unknown value for currency")
    assert got[(3, "transfer_time")].startswith("Not a valid date and time")

    orders = [
        {
            "external_id": "O1",
            "account": "A0001",
            "instrument": "600519.SH",
            "side": "Buy",
            "price": "10",
            "quantity": "100",
            "status": "Cancelled",
            "placed_time": "2026-03-02 10:00:00",
            "cancelled_time": "2026-03-02 09:00:00",
        },
        {
            "external_id": "O2",
            "account": "A0001",
            "instrument": "600519.SH",
            "side": "Buy",
            "price": "10",
            "quantity": "100",
            "status": "Lost",
            "placed_time": "2026-03-02 10:00:00",
        },
    ]
    a = post_rows(client, integration_token, "orders", orders).json()["message"]
    got = reasons(a)
    assert got[(1, "cancelled_time")] == "Cancelled before it was placed."
    assert got[(2, "status")].startswith("Unknown value for status")

    logins = [
        {"external_id": "L1", "account": "A0001", "login_time": "2026-03-02 10:00:00", "ip_address": "10.0.0.300"},
        {"external_id": "L2", "account": "A0001", "login_time": "2026-03-02 10:00:00", "ip_address": "2001:db8::1"},
    ]
    a = post_rows(client, integration_token, "login_events", logins).json()["message"]
    assert reasons(a) == {(1, "ip_address"): "Not an IP address."} and a["created"] == 1

    positions = [
        {
            "account": "A0001",
            "instrument": "600519.SH",
            "position_date": "2026-13-01",
            "quantity": "1",
            "market_value": "1",
        }
    ]
    a = post_rows(client, integration_token, "positions", positions).json()["message"]
    assert reasons(a) == {(1, "position_date"): "Not a valid date (YYYY-MM-DD)."}

    instruments = [
        {"code": "300750.SZ", "market": "SZ", "instrument_name": "宁德时代"},
        {"code": "X", "market": "Mars", "instrument_name": ""},
    ]
    a = post_rows(client, integration_token, "instruments", instruments).json()["message"]
    got = reasons(a)
    assert a["created"] == 1 and got[(2, "market")].startswith("Unknown value for market")
    assert got[(2, "instrument_name")] == "This field is required."


def test_a_bare_json_list_body_is_the_rows(trading_world, integration_token, client):
    """Integrators may send the rows themselves as the JSON body, with no {"data": ...} wrapper."""
    r = client.post(
        "/api/method/securities_crm.api.ingest.trades",
        [trade(1), trade(2, side="Hold")],
        content_type="application/json",
        headers={"Authorization": integration_token, "Accept-Language": "en"},
    )
    assert r.status_code == 200, r.content
    answer = r.json()["message"]
    assert (answer["received"], answer["created"], answer["rejected"]) == (2, 1, 1)
    assert reasons(answer)[(2, "side")].startswith("Unknown value for side")


def test_a_json_scalar_body_is_refused_and_writes_nothing(trading_world, integration_token, client):
    r = client.post(
        "/api/method/securities_crm.api.ingest.trades",
        "42",
        content_type="application/json",
        headers={"Authorization": integration_token, "Accept-Language": "en"},
    )
    assert r.status_code == 417
    assert "JSON object or a list" in r.json()["_server_messages"]
    assert not IngestionBatch.objects.exists()
