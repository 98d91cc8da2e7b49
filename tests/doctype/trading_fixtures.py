"""Shared helpers for the trading DocType tests: a small world (two clients with accounts, two
instruments), an Integration user's API key, and ingestion through the real API."""
import datetime as dt

import pytest

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
URL = "/api/method/securities_crm.api.ingest.{kind}"


def resident_id(seq: int) -> str:
    body = f"110105{dt.date(1980, 1, 1) + dt.timedelta(days=seq):%Y%m%d}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


@pytest.fixture
def trading(make_user, branch, settings):
    """{"cm", "clients", "token", "admin_token"}: accounts A0001, A0002 (client 1, cm's) and B0001 (client 2)."""
    from securities_crm.doctype.api_key.model import ApiKey
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    settings.CRM_API_RATE_LIMIT = settings.CRM_API_RATE_LIMIT_IP = 0
    cm = make_user("cm_t", roles=["Client Manager"], branch=branch)
    other = make_user("cm_o", roles=["Client Manager"], branch=branch)
    clients = []
    for seq, manager in ((1, cm), (2, other)):
        c = Client(client_name=f"客户{seq}", id_number=resident_id(seq), mobile=f"1391234{seq:04d}", branch=branch,
                   client_manager=manager, status="Active")
        c.save()
        clients.append(c)
    for number, client in (("A0001", clients[0]), ("A0002", clients[0]), ("B0001", clients[1])):
        SecuritiesAccount(account_number=number, client=client).save()
    for code, market, name in (("600519.SH", "SH", "贵州茅台"), ("000001.SZ", "SZ", "平安银行")):
        Instrument(code=code, market=market, instrument_name=name).save()

    def token(user):
        key, secret = ApiKey.generate(user)
        return f"token {key.api_key}:{secret}"

    integration = make_user("trading_sys", roles=["Integration"], staff=False)
    admin = make_user("sys_admin_t", roles=["System Manager"], branch=branch)
    return {"cm": cm, "clients": clients, "token": token(integration), "admin_token": token(admin),
            "cm_token": token(cm), "admin": admin}


def ingest(client, token, kind, rows, **extra):
    r = client.post(URL.format(kind=kind), {"data": rows, **extra}, content_type="application/json",
                    headers={"Authorization": token, "Accept-Language": "en"})
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
