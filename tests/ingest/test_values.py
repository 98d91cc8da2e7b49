"""What goes in is stored exactly: decimals at their full precision and sign, times in UTC, NULLs as
NULL, text with any character. (PostgreSQL writes these in COPY's binary format, built per column.)"""

from decimal import Decimal

import pytest
from conftest import post_rows, reasons, trade
from django.db import connection

from securities_crm.doctype.fund_transfer.model import FundTransfer
from securities_crm.doctype.login_event.model import LoginEvent
from securities_crm.doctype.order.model import Order
from securities_crm.doctype.position.model import Position
from securities_crm.doctype.trade.model import Trade

pytestmark = pytest.mark.django_db


def test_decimals_are_stored_exactly(trading_world, integration_token, client):
    cases = {  # sent: (quantity, price, amount, fee) as stored
        ("100", "1700.50", "170050.00", "5.10"): ("100", "1700.50", "170050.00", "5.10"),
        ("9999999999999999.9999", "99999999999999.9999", "999999999999999999.99", "9999999999999999.99"): (
            "9999999999999999.9999",
            "99999999999999.9999",
            "999999999999999999.99",
            "9999999999999999.99",
        ),
        ("0.0001", "0", "0.00", "0"): ("0.0001", "0", "0", "0"),
        (".5", "+3.25", "007", "1.500"): ("0.5", "3.25", "7", "1.5"),
        ("1234567890123456.0001", "0.0001", "123456789012345678.01", "0.01"): (
            "1234567890123456.0001",
            "0.0001",
            "123456789012345678.01",
            "0.01",
        ),
    }
    if connection.vendor == "sqlite":  # SQLite keeps decimals as doubles: exact to 15 digits only
        cases = {sent: kept for sent, kept in cases.items() if max(len(v.strip("+.0")) for v in kept) <= 15}
    rows = [trade(i, quantity=q, price=p, amount=a, fee=f) for i, (q, p, a, f) in enumerate(cases, start=1)]
    answer = post_rows(client, integration_token, "trades", rows).json()["message"]
    assert answer["created"] == len(cases), answer["rejects"]
    for i, expected in enumerate(cases.values(), start=1):
        t = Trade.objects.get(external_id=f"T{i:06d}")
        assert (t.quantity, t.price, t.amount, t.fee) == tuple(Decimal(v) for v in expected)


def test_times_in_utc_and_impossible_times_refused(trading_world, integration_token, client):
    rows = [
        trade(1, trade_time="2024-02-29 23:59:59"),
        trade(2, trade_time="2026-03-02 10:15:00.250"),
        trade(3, trade_time="2026-03-02T10:15:00Z"),
        trade(4, trade_time="2025-02-29 10:00:00"),
        trade(5, trade_time="2026-03-02 24:00:00"),
        trade(6, trade_time="2026-03-02 10:00:60"),
        trade(7, trade_time="2026-03-02 10:61:00"),
    ]
    answer = post_rows(client, integration_token, "trades", rows).json()["message"]
    assert answer["created"] == 3
    assert set(reasons(answer)) == {(4, "trade_time"), (5, "trade_time"), (6, "trade_time"), (7, "trade_time")}
    stored = {t.external_id: t.trade_time.isoformat() for t in Trade.objects.all()}
    assert stored == {
        "T000001": "2024-02-29T15:59:59+00:00",
        "T000002": "2026-03-02T02:15:00.250000+00:00",
        "T000003": "2026-03-02T10:15:00+00:00",
    }


def test_text_nulls_booleans_and_dates_of_the_other_kinds(trading_world, integration_token, client):
    odd = 'a,b "c"\t\\ 中文\r\n\x1a%s'
    order = {
        "external_id": odd,
        "account": "a0001",
        "instrument": "600519.sh",
        "side": "卖",
        "price": "10.5",
        "quantity": "100",
        "status": "New",
        "placed_time": "2026-03-02 10:00:00",
        "cancelled_time": "",
    }
    cancelled = order | {"external_id": "O2", "status": "Cancelled", "cancelled_time": "2026-03-02 10:05:00"}
    assert post_rows(client, integration_token, "orders", [order, cancelled]).json()["message"]["created"] == 2
    stored = Order.objects.get(external_id=odd)
    assert (stored.side, stored.cancelled_time, stored.account_id, stored.client_id) == (
        "Sell",
        None,
        "A0001",
        trading_world["clients"][0].name,
    )
    assert Order.objects.get(external_id="O2").cancelled_time.isoformat() == "2026-03-02T02:05:00+00:00"

    flow = {
        "external_id": "F1",
        "account": "B0001",
        "direction": "出",
        "amount": "49999.99",
        "is_cash": "是",
        "cross_border": "0",
        "transfer_time": "2026-03-02 10:00:00",
    }
    assert post_rows(client, integration_token, "fund_transfers", [flow]).json()["message"]["created"] == 1
    f = FundTransfer.objects.get()
    assert (f.direction, f.amount, f.is_cash, f.cross_border, f.currency) == (
        "Out",
        Decimal("49999.99"),
        True,
        False,
        "CNY",
    )

    snap = {
        "account": "A0001",
        "instrument": "600519.SH",
        "position_date": "2024-02-29",
        "quantity": "0",
        "market_value": "0.00",
    }
    assert post_rows(client, integration_token, "positions", [snap]).json()["message"]["created"] == 1
    assert Position.objects.get().position_date.isoformat() == "2024-02-29"

    logins = [
        {"external_id": "L1", "account": "A0001", "login_time": "2026-03-02 10:00:00", "ip_address": "", "device": odd},
        {"external_id": "L2", "account": "A0001", "login_time": "2026-03-02 10:00:00", "ip_address": "2001:db8::1"},
    ]
    assert post_rows(client, integration_token, "login_events", logins).json()["message"]["created"] == 2
    assert {(e.external_id, e.ip_address, e.device) for e in LoginEvent.objects.all()} == {
        ("L1", None, odd),
        ("L2", "2001:db8::1", ""),
    }
