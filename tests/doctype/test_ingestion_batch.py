"""Ingestion Batch: every call recorded with its counts and rejects, readable by whom it concerns."""

import pytest
from trading_fixtures import desk_pages_open, ingest, read, trading  # noqa: F401  (fixtures)

from securities_crm.doctype.ingestion_batch.model import IngestionBatch

pytestmark = pytest.mark.django_db


def test_a_batch_records_the_call_and_its_rejects(trading, client):
    answer = ingest(
        client,
        trading["token"],
        "trades",
        [
            {
                "external_id": "X1",
                "account": "A0001",
                "instrument": "600519.SH",
                "side": "Buy",
                "quantity": "1",
                "price": "1",
                "amount": "1",
                "trade_time": "2026-03-02 10:00:00",
            },
            {
                "external_id": "X2",
                "account": "ZZZ",
                "instrument": "600519.SH",
                "side": "Buy",
                "quantity": "1",
                "price": "1",
                "amount": "1",
                "trade_time": "2026-03-02 10:00:00",
            },
        ],
        source="otc",
    )
    batch = IngestionBatch.objects.get(name=answer["batch"])
    assert batch.name.startswith("ING-")
    assert (batch.kind, batch.source, batch.channel, batch.owner) == ("trades", "otc", "api", "trading_sys")
    assert (batch.received, batch.created, batch.duplicates, batch.rejected) == (2, 1, 0, 1)
    assert list(batch.rejects.values_list("line", "field", "value")) == [(2, "account", "ZZZ")]
    # the integration key reads its batch back; a client manager may not read batches at all
    assert read(client, trading["token"], "Ingestion Batch", batch.name)["rejected"] == 1
    r = client.get(f"/api/resource/Ingestion Batch/{batch.name}", headers={"Authorization": trading["cm_token"]})
    assert r.status_code == 403
    r = client.get(
        "/api/method/securities_crm.api.ingest.rejects",
        {"batch": batch.name},
        headers={"Authorization": trading["cm_token"]},
    )
    assert r.status_code == 403
    desk_pages_open(client, trading["admin"], "ingestionbatch", batch.name)
    page = client.get(f"/app/securities_crm/ingestionbatch/{batch.name}/change/")
    assert "ZZZ" in page.content.decode()
