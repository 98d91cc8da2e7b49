"""Order: statuses and aliases, the optional cancellation time, and immutability."""

import pytest
from trading_fixtures import desk_pages_open, ingest, read, trading  # noqa: F401  (fixtures)

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.order.model import Order

pytestmark = pytest.mark.django_db


def test_orders_keep_their_status_and_cancellation_time(trading, client):
    base = {"account": "A0001", "instrument": "600519.SH", "side": "B", "price": "1700", "quantity": "100"}
    answer = ingest(
        client,
        trading["token"],
        "orders",
        [
            {**base, "external_id": "O-1", "status": "filled", "placed_time": "2026-03-02 09:30:01"},
            {
                **base,
                "external_id": "O-2",
                "status": "canceled",
                "placed_time": "2026-03-02 09:30:01",
                "cancelled_time": "2026-03-02 09:30:04",
            },
        ],
    )
    assert answer["created"] == 2
    cancelled = Order.objects.get(external_id="O-2")
    data = read(client, trading["admin_token"], "Order", cancelled.pk)
    assert data["status"] == "Cancelled" and data["cancelled_time"] == "2026-03-02 09:30:04"
    assert Order.objects.get(external_id="O-1").cancelled_time is None
    with pytest.raises(DocumentImmutable):
        cancelled.delete()
    desk_pages_open(client, trading["admin"], "order", cancelled.pk)
