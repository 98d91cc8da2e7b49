"""Position: one snapshot per account, instrument and date; the latest snapshots give the AUM."""

from decimal import Decimal

import pytest
from trading_fixtures import desk_pages_open, ingest, trading  # noqa: F401  (fixtures)

from securities_crm.doctype.position.model import Position
from securities_crm.ingest.summaries import client_aum

pytestmark = pytest.mark.django_db


def test_snapshots_are_unique_and_the_latest_give_the_aum(trading, client):
    def snap(account, code, date, value):
        return {"account": account, "instrument": code, "position_date": date, "quantity": "100", "market_value": value}

    answer = ingest(
        client,
        trading["token"],
        "positions",
        [
            snap("A0001", "600519.SH", "2026-02-27", "160000.00"),
            snap("A0001", "600519.SH", "2026-03-02", "170000.00"),
            snap("A0001", "000001.SZ", "2026-03-02", "1100.50"),
            snap("A0002", "000001.SZ", "2026-02-27", "550.25"),
            snap("B0001", "000001.SZ", "2026-03-02", "99"),
            snap("A0001", "600519.SH", "2026-03-02", "1"),
        ],
    )
    assert (answer["created"], answer["rejected"]) == (5, 1)
    assert answer["rejects"][0]["line"] == 6 and answer["rejects"][0]["reason"].startswith("Duplicate inside")
    assert (
        Position.objects.get(account_id="A0001", instrument_id="600519.SH", position_date="2026-03-02").external_id
        == "A0001:600519.SH:2026-03-02"
    )
    one, two = (c.pk for c in trading["clients"])
    assert client_aum([one, two]) == {one: Decimal("171650.75"), two: Decimal("99.00")}
    assert client_aum([one], as_of=__import__("datetime").date(2026, 2, 28)) == {one: Decimal("160550.25")}
    desk_pages_open(client, trading["admin"], "position", Position.objects.first().pk)
