"""Instrument: named by its code, a risk rating for products, immutable once ingested."""

import pytest
from trading_fixtures import desk_pages_open, ingest, read, trading  # noqa: F401  (fixtures)

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.instrument.model import Instrument

pytestmark = pytest.mark.django_db


def test_instruments_are_named_by_code_and_products_carry_a_rating(trading, client):
    answer = ingest(
        client,
        trading["token"],
        "instruments",
        [
            {
                "code": "pr2603.otc",
                "market": "OTC",
                "name": "雪球结构化收益凭证",
                "type": "Product",
                "risk_rating": "r5",
            },
            {"code": "510300.SH", "market": "sh", "instrument_name": "沪深300ETF", "instrument_type": "etf"},
        ],
    )
    assert answer["created"] == 2, answer
    data = read(client, trading["admin_token"], "Instrument", "PR2603.OTC")
    assert (data["instrument_name"], data["instrument_type"], data["risk_rating"]) == (
        "雪球结构化收益凭证",
        "Product",
        "R5",
    )
    assert Instrument.objects.get(code="510300.SH").risk_rating == ""
    etf = Instrument.objects.get(code="510300.SH")
    etf.industry = "指数"
    with pytest.raises(DocumentImmutable):
        etf.save()
    desk_pages_open(client, trading["admin"], "instrument", "510300.SH")
