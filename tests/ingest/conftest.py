"""A small trading world: two clients with accounts, instruments, an integration key and a client manager."""

import pytest


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.CRM_API_RATE_LIMIT = 0
    settings.CRM_API_RATE_LIMIT_IP = 0


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
    row = {
        "external_id": f"T{n:06d}",
        "account": "A0001",
        "instrument": "600519.SH",
        "side": "Buy",
        "quantity": "100",
        "price": "1700.50",
        "amount": "170050.00",
        "fee": "5.10",
        "trade_time": "2026-03-02 10:15:00",
        "channel": "Mobile",
    }
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
    return client.post(
        URL.format(kind=kind),
        {"data": rows, **extra},
        content_type="application/json",
        headers={"Authorization": token, "Accept-Language": "en"},
    )


def post_csv(client, token, kind, text, source=None):
    url = URL.format(kind=kind) + (f"?source={source}" if source else "")
    return client.post(url, text, content_type="text/csv", headers={"Authorization": token, "Accept-Language": "en"})


def reasons(answer) -> dict:
    """{(line, field): reason} of an ingest answer's rejects."""
    return {(r["line"], r["field"]): r["reason"] for r in answer["rejects"]}
