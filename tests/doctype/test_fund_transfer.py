"""Fund Transfer: flags and currency, exact amounts, and the daily net flow it feeds."""

from decimal import Decimal

import pytest
from django.utils import timezone
from trading_fixtures import desk_pages_open, ingest, trading  # noqa: F401  (fixtures)

from securities_crm.doctype.fund_transfer.model import FundTransfer
from securities_crm.ingest.summaries import daily_net_flow

pytestmark = pytest.mark.django_db


def test_transfers_keep_flags_and_give_the_daily_net_flow(trading, client):
    day = timezone.localdate().isoformat()
    answer = ingest(
        client,
        trading["token"],
        "fund_transfers",
        [
            {
                "external_id": "F-1",
                "account": "A0001",
                "direction": "转入",
                "amount": "49999.99",
                "is_cash": "true",
                "transfer_time": f"{day} 09:00:00",
            },
            {
                "external_id": "F-2",
                "account": "A0002",
                "direction": "Out",
                "amount": "1000.01",
                "currency": "usd",
                "cross_border": "yes",
                "counterparty_bank": "HSBC",
                "transfer_time": f"{day} 10:00:00",
            },
            {
                "external_id": "F-3",
                "account": "B0001",
                "direction": "In",
                "amount": "7",
                "transfer_time": f"{day} 10:00:00",
            },
        ],
    )
    assert answer["created"] == 3
    cash = FundTransfer.objects.get(external_id="F-1")
    assert cash.is_cash and not cash.cross_border and cash.currency == "CNY" and cash.amount == Decimal("49999.99")
    abroad = FundTransfer.objects.get(external_id="F-2")
    assert abroad.cross_border and abroad.currency == "USD" and abroad.counterparty_bank == "HSBC"
    dates, flow = daily_net_flow(trading["clients"][0].pk, days=7)
    assert flow[-1] == Decimal("48999.98") and sum(flow[:-1]) == 0
    desk_pages_open(client, trading["admin"], "fundtransfer", cash.pk)
