"""Who may ingest, who may read what, and that ingested records never change."""

import json
from decimal import Decimal

import pytest
from conftest import post_rows, trade

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.trade.model import Trade

pytestmark = pytest.mark.django_db
H = {"Accept-Language": "en"}


def test_an_integration_key_may_ingest_and_a_client_manager_may_not(
    trading_world, integration_token, token_for, client
):
    assert post_rows(client, integration_token, "trades", [trade(1)]).status_code == 200
    r = post_rows(client, token_for(trading_world["cm"]), "trades", [trade(2)])
    assert r.status_code == 403 and r.json()["exc_type"] == "PermissionError"
    r = client.post(
        "/api/method/securities_crm.api.ingest.trades", {"data": [trade(3)]}, content_type="application/json"
    )
    assert r.status_code == 401
    assert list(Trade.objects.values_list("external_id", flat=True)) == ["T000001"]


def test_update_and_delete_are_refused_over_the_api(trading_world, integration_token, make_user, token_for, client):
    post_rows(client, integration_token, "trades", [trade(1)])
    name = Trade.objects.get().pk
    admin = token_for(make_user("sysman_trading", roles=["System Manager"]))
    url = f"/api/resource/Trade/{name}"
    got = client.get(url, headers={"Authorization": admin}).json()["data"]
    assert got["account"] == "A0001" and got["instrument"] == "600519.SH" and got["client"] == "CL-000001"
    r = client.put(url, json.dumps({"price": 1}), content_type="application/json", headers={"Authorization": admin})
    assert r.status_code == 403
    assert client.delete(url, headers={"Authorization": admin}).status_code == 403
    assert Trade.objects.get().price == Decimal("1700.5")
    with pytest.raises(DocumentImmutable):
        Trade.objects.get().delete()
    t = Trade.objects.get()
    t.price = 1
    with pytest.raises(DocumentImmutable):
        t.save()


def test_a_client_manager_reads_only_their_clients_trades(trading_world, integration_token, token_for, client):
    post_rows(client, integration_token, "trades", [trade(1, account="A0001"), trade(2, account="B0001")])
    r = client.get(
        "/api/resource/Trade",
        {"fields": '["external_id","account"]'},
        headers={"Authorization": token_for(trading_world["cm"])},
    )
    assert r.json()["data"] == [{"external_id": "T000001", "account": "A0001"}]


def test_the_desk_refuses_change_and_delete(trading_world, integration_token, make_user, client):
    post_rows(client, integration_token, "trades", [trade(1)])
    name = Trade.objects.get().pk
    client.force_login(make_user("desk_admin", roles=["System Manager"], superuser=True))
    page = client.get(f"/app/securities_crm/trade/{name}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    r = client.post(f"/app/securities_crm/trade/{name}/change/", {"price": "1"})
    assert r.status_code == 403
    r = client.post(f"/app/securities_crm/trade/{name}/delete/", {"post": "yes"})
    assert r.status_code == 403
    assert Trade.objects.get().price == Decimal("1700.5")
    assert client.get("/app/securities_crm/trade/").status_code == 200


def test_the_client_360_page_shows_trading(trading_world, integration_token, client):
    post_rows(client, integration_token, "trades", [trade(1, trade_time="2026-11-20 10:00:00")])
    post_rows(
        client,
        integration_token,
        "fund_transfers",
        [
            {
                "external_id": "F1",
                "account": "A0001",
                "direction": "In",
                "amount": "1000",
                "transfer_time": "2026-11-20 10:00:00",
            }
        ],
    )
    post_rows(
        client,
        integration_token,
        "positions",
        [
            {
                "account": "A0001",
                "instrument": "600519.SH",
                "position_date": "2026-11-19",
                "quantity": "100",
                "market_value": "100",
            },
            {
                "account": "A0001",
                "instrument": "600519.SH",
                "position_date": "2026-11-20",
                "quantity": "100",
                "market_value": "170000",
            },
            {
                "account": "A0002",
                "instrument": "000001.SZ",
                "position_date": "2026-11-18",
                "quantity": "10",
                "market_value": "110.50",
            },
        ],
    )
    client.force_login(trading_world["cm"])
    c = trading_world["clients"][0]
    page = client.get(f"/app/securities_crm/client/{c.pk}/change/", headers=H)
    assert page.status_code == 200
    html = page.content.decode()
    assert "client-trading" not in html  # the Trading tab loads its overview when first shown
    url = f"/app/securities_crm/client/{c.pk}/trading/"
    assert f'hx-get="{url}"' in html
    for tab in ("Trades", "Fund Flows", "Positions"):
        assert tab in html
    fragment = client.get(url, headers=H).content.decode()
    assert "client-trading" in fragment and "170,110.50" in fragment
    assert "170050.0" in fragment  # the day's turnover in the chart's data


def test_the_desk_upload_runs_the_same_engine(trading_world, make_user, client):
    from conftest import csv_of
    from django.core.files.uploadedfile import SimpleUploadedFile

    from securities_crm.doctype.ingestion_batch.model import IngestionBatch

    client.force_login(make_user("desk_uploader", roles=["System Manager"], superuser=True))
    upload = SimpleUploadedFile("trades.csv", csv_of([trade(1), trade(2, side="?")]).encode(), "text/csv")
    page = client.post("/app/securities_crm/trade/import/", {"import_file": upload, "source": "desk-test"}, headers=H)
    assert page.status_code == 200
    html = page.content.decode()
    assert "ingest-summary" in html and "Unknown value for side" in html
    batch = IngestionBatch.objects.get()
    assert (batch.channel, batch.source, batch.created, batch.rejected) == ("desk", "desk-test", 1, 1)
    assert Trade.objects.get().source == "desk-test"
