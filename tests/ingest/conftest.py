"""A small trading world: two clients with accounts, instruments, an integration key and a client manager."""
import datetime as dt

import pytest

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(seq: int) -> str:
    body = f"110105{dt.date(1980, 1, 1) + dt.timedelta(days=seq):%Y%m%d}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.CRM_API_RATE_LIMIT = 0
    settings.CRM_API_RATE_LIMIT_IP = 0


@pytest.fixture
def trading_world(make_user, branch):
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    cm = make_user("cm_trading", roles=["Client Manager"], branch=branch)
    other_cm = make_user("cm_other", roles=["Client Manager"], branch=branch)
    clients = []
    for seq, manager in ((1, cm), (2, other_cm)):
        c = Client(client_name=f"客户{seq}", id_number=resident_id(seq), mobile=f"1381234{seq:04d}", branch=branch,
                   client_manager=manager, status="Active")
        c.save()
        clients.append(c)
    for number, client in (("A0001", clients[0]), ("A0002", clients[0]), ("B0001", clients[1])):
        SecuritiesAccount(account_number=number, client=client).save()
    for code, market, name in (("600519.SH", "SH", "贵州茅台"), ("000001.SZ", "SZ", "平安银行")):
        Instrument(code=code, market=market, instrument_name=name).save()
    return {"cm": cm, "other_cm": other_cm, "clients": clients}


@pytest.fixture
def integration_token(make_user):
    from securities_crm.doctype.api_key.model import ApiKey

    user = make_user("trading_system", roles=["Integration"], staff=False)
    key, secret = ApiKey.generate(user)
    return f"token {key.api_key}:{secret}"


@pytest.fixture
def token_for():
    from securities_crm.doctype.api_key.model import ApiKey

    def make(user):
        key, secret = ApiKey.generate(user)
        return f"token {key.api_key}:{secret}"

    return make


def trade(n: int, **over) -> dict:
    row = {"external_id": f"T{n:06d}", "account": "A0001", "instrument": "600519.SH", "side": "Buy",
           "quantity": "100", "price": "1700.50", "amount": "170050.00", "fee": "5.10",
           "trade_time": "2026-03-02 10:15:00", "channel": "Mobile"}
    row.update(over)
    return row


def csv_of(rows: list[dict]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


URL = "/api/method/securities_crm.api.ingest.{kind}"


def post_rows(client, token, kind, rows, **extra):
    """POST rows as JSON {"data": [...]} and return the response."""
    return client.post(URL.format(kind=kind), {"data": rows, **extra}, content_type="application/json",
                       headers={"Authorization": token, "Accept-Language": "en"})


def post_csv(client, token, kind, text, source=None):
    url = URL.format(kind=kind) + (f"?source={source}" if source else "")
    return client.post(url, text, content_type="text/csv", headers={"Authorization": token, "Accept-Language": "en"})


def reasons(answer) -> dict:
    """{(line, field): reason} of an ingest answer's rejects."""
    return {(r["line"], r["field"]): r["reason"] for r in answer["rejects"]}
