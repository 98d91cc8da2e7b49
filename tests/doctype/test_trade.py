"""Trade: ingested with exact values, read with link values, immutable, listed in the desk."""

import pytest
from trading_fixtures import desk_pages_open, ingest, read, trading  # noqa: F401  (fixtures)

from securities_crm.doctype.trade.model import Trade

pytestmark = pytest.mark.django_db


def test_a_trade_reads_back_exactly_with_its_links(trading, client):
    answer = ingest(
        client,
        trading["token"],
        "trades",
        [
            {
                "external_id": "E-1",
                "account": "a0001",
                "instrument": "600519.sh",
                "side": "买入",
                "quantity": "300",
                "price": "1688.8800",
                "amount": "506664.00",
                "fee": "126.67",
                "trade_time": "2026-03-02 10:15:30.250000",
                "channel": "app",
            }
        ],
    )
    assert answer["created"] == 1
    trade = Trade.objects.get()
    data = read(client, trading["admin_token"], "Trade", trade.pk)
    assert data["name"] == trade.pk and isinstance(trade.pk, int)
    assert (data["account"], data["instrument"], data["client"]) == ("A0001", "600519.SH", trading["clients"][0].pk)
    assert (data["side"], data["channel"], data["source"]) == ("Buy", "Mobile", "trading")
    assert str(trade.price) == "1688.8800" and str(trade.amount) == "506664.00" and str(trade.fee) == "126.67"
    assert data["trade_time"] == "2026-03-02 10:15:30.250000"  # Shanghai time, as sent
    assert data["owner"] == "trading_sys"


def test_a_trade_cannot_be_changed_or_deleted_and_the_desk_lists_it(trading, client):
    ingest(
        client,
        trading["token"],
        "trades",
        [
            {
                "external_id": "E-2",
                "account": "A0001",
                "instrument": "000001.SZ",
                "side": "Sell",
                "quantity": "100",
                "price": "11",
                "amount": "1100",
                "trade_time": "2026-03-02 10:15:00",
            }
        ],
    )
    trade = Trade.objects.get()
    for method in ("put", "delete"):
        r = getattr(client, method)(
            f"/api/resource/Trade/{trade.pk}",
            content_type="application/json",
            data="{}",
            headers={"Authorization": trading["admin_token"]},
        )
        assert r.status_code == 403
    desk_pages_open(client, trading["admin"], "trade", trade.pk)
    assert client.get("/app/securities_crm/trade/add/").status_code == 403
