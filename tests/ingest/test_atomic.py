"""A call that fails leaves nothing behind: no record, no batch, no rejects, no monitoring job."""

import pytest
from conftest import post_csv, trade

from securities_crm.doctype.ingestion_batch.model import IngestionBatch, IngestionReject
from securities_crm.doctype.trade.model import Trade
from securities_crm.ingest import engine

pytestmark = pytest.mark.django_db


class Interrupted(Exception):
    pass


def test_interrupted_after_writing_rolls_everything_back(trading_world, django_capture_on_commit_callbacks):
    """The command's progress bar is where Ctrl-C lands: the rows are written, the batch is not."""
    rows = [trade(i) for i in range(50)] + [trade(99, side="?")]

    def progress(stage, n):
        if stage == "written":
            assert Trade.objects.count() == 50  # written inside the transaction
            raise Interrupted

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Interrupted):
        engine.ingest("trades", rows, "json", progress=progress)
    assert not callbacks
    assert not Trade.objects.exists()
    assert not IngestionBatch.objects.exists() and not IngestionReject.objects.exists()


def test_unreadable_input_writes_nothing(trading_world, integration_token, client):
    r = post_csv(client, integration_token, "trades", "\xff\xfe not csv".encode("latin-1"))
    assert r.status_code == 417
    r = client.post(
        "/api/method/securities_crm.api.ingest.trades",
        '{"data": [1, 2]}',
        content_type="application/json",
        headers={"Authorization": integration_token},
    )
    assert r.status_code == 417
    assert not Trade.objects.exists() and not IngestionBatch.objects.exists()
