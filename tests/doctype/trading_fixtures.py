"""Shared helpers for the trading DocType tests: a small world (two clients with accounts, two
instruments), an Integration user's API key, and ingestion through the real API."""

import pytest

URL = "/api/method/securities_crm.api.ingest.{kind}"


@pytest.fixture
def trading(trading_world, make_user, branch, settings):
    """{"cm", "clients", "token", "admin_token"}: the shared trading world plus API keys."""
    from securities_crm.doctype.api_key.model import ApiKey

    settings.CRM_API_RATE_LIMIT = settings.CRM_API_RATE_LIMIT_IP = 0
    cm, clients = trading_world["cm"], trading_world["clients"]

    def token(user):
        key, secret = ApiKey.generate(user)
        return f"token {key.api_key}:{secret}"

    integration = make_user("trading_sys", roles=["Integration"], staff=False)
    admin = make_user("sys_admin_t", roles=["System Manager"], branch=branch)
    return {
        "cm": cm,
        "clients": clients,
        "token": token(integration),
        "admin_token": token(admin),
        "cm_token": token(cm),
        "admin": admin,
    }


def ingest(client, token, kind, rows, **extra):
    r = client.post(
        URL.format(kind=kind),
        {"data": rows, **extra},
        content_type="application/json",
        headers={"Authorization": token, "Accept-Language": "en"},
    )
    assert r.status_code == 200, r.content
    return r.json()["message"]


def read(client, token, doctype, name):
    r = client.get(f"/api/resource/{doctype}/{name}", headers={"Authorization": token})
    assert r.status_code == 200, r.content
    return r.json()["data"]


def desk_pages_open(client, user, model_name, pk):
    client.force_login(user)
    assert client.get(f"/app/securities_crm/{model_name}/").status_code == 200
    assert client.get(f"/app/securities_crm/{model_name}/{pk}/change/").status_code == 200
