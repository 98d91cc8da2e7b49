"""The demo trading step: clean batches, the planted patterns where the docstring says, and a
second run that adds nothing."""

from decimal import Decimal

import pytest

from securities_crm import demo
from securities_crm.demo.trading import PATTERNS, planted_accounts
from securities_crm.doctype.fund_transfer.model import FundTransfer
from securities_crm.doctype.ingestion_batch.model import IngestionBatch
from securities_crm.doctype.login_event.model import LoginEvent
from securities_crm.doctype.order.model import Order
from securities_crm.doctype.position.model import Position
from securities_crm.doctype.trade.model import Trade


@pytest.mark.django_db(transaction=True)
def test_demo_trading(db):
    ctx = demo.Context(clients=60, quiet=True, password="demo-pass-123")
    demo.run(ctx)
    batches = IngestionBatch.objects.filter(source="demo")
    assert set(batches.values_list("kind", flat=True)) == {
        "trades",
        "orders",
        "fund_transfers",
        "positions",
        "login_events",
    }
    assert sum(batches.values_list("rejected", flat=True)) == 0
    assert all(
        Model.objects.filter(source="demo").exists() for Model in (Trade, Order, FundTransfer, Position, LoginEvent)
    )
    planted = planted_accounts()
    assert list(planted) == PATTERNS and len(set(planted.values())) == len(PATTERNS)
    cash = FundTransfer.objects.filter(account_id=planted["structuring"], is_cash=True)
    assert cash.count() == 6 and all(Decimal("49000") <= t.amount < Decimal("50000") for t in cash)
    assert FundTransfer.objects.filter(account_id=planted["large_cash"], is_cash=True, amount__gte=50000).exists()
    orders = Order.objects.filter(account_id=planted["cancel_ratio"])
    assert orders.filter(status="Cancelled").count() / orders.count() >= 0.7
    assert FundTransfer.objects.filter(account_id=planted["large_cross_border"], cross_border=True).exists()
    assert LoginEvent.objects.filter(account_id=planted["unusual_login"], ip_address="185.220.101.7").exists()
    counts = [Model.objects.count() for Model in (Trade, Order, FundTransfer, Position, LoginEvent)]
    demo.run(ctx)
    assert [Model.objects.count() for Model in (Trade, Order, FundTransfer, Position, LoginEvent)] == counts
