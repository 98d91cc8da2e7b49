"""The desk's Upload page (desk/ingested.py) runs the same engine as the API, for the list's DocType."""

import pytest
from conftest import csv_of, trade
from django.core.files.uploadedfile import SimpleUploadedFile

from securities_crm.doctype.ingestion_batch.model import IngestionBatch
from securities_crm.doctype.instrument.model import Instrument
from securities_crm.doctype.trade.model import Trade

pytestmark = pytest.mark.django_db


def test_the_upload_page_ingests_the_lists_doctype(trading_world, make_user, branch, client):
    client.force_login(make_user("desk_admin", roles=["System Manager"], branch=branch))
    page = client.get("/app/securities_crm/trade/import/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "source, external_id, account, instrument, side" in page.content.decode()
    upload = SimpleUploadedFile("trades.csv", csv_of([trade(1), trade(2, side="?")]).encode())
    done = client.post("/app/securities_crm/trade/import/", {"import_file": upload}, headers={"Accept-Language": "en"})
    assert done.status_code == 200 and "2 rows received, 1 created" in done.content.decode()
    assert list(Trade.objects.values_list("external_id", flat=True)) == ["T000001"]
    batch = IngestionBatch.objects.get()
    assert (batch.kind, batch.channel, batch.filename) == ("trades", "desk", "trades.csv")

    upload = SimpleUploadedFile("codes.csv", "code,market,name\n300750.sz,SZ,宁德时代\n".encode())
    client.post("/app/securities_crm/instrument/import/", {"import_file": upload})
    assert Instrument.objects.get(name="300750.SZ").instrument_name == "宁德时代"


def test_the_upload_page_needs_the_create_right(trading_world, client):
    client.force_login(trading_world["cm"])
    assert client.get("/app/securities_crm/trade/import/").status_code == 403
