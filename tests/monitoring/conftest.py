"""A small monitoring world: an individual and an institution, with accounts, instruments, a client
manager, compliance and risk officers; rows enter through the real ingestion engine."""

import datetime as dt
import itertools

import pytest

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_ids = itertools.count(1)


def resident_id(seq: int) -> str:
    body = f"110105{dt.date(1980, 1, 1) + dt.timedelta(days=seq):%Y%m%d}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def uscc(body17="91110108MA01ABCD1"):
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_CHARS[(31 - total % 31) % 31]


@pytest.fixture
def world(make_user, branch):
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    cm = make_user("cm_mon", roles=["Client Manager"], branch=branch)
    compliance = make_user("compliance_mon", roles=["Compliance Officer"], branch=branch)
    risk = make_user("risk_mon", roles=["Risk Officer"], branch=branch)
    person = Client(
        client_name="张三",
        id_number=resident_id(1),
        mobile="13812340001",
        branch=branch,
        client_manager=cm,
        status="Active",
        risk_level="C3",
    )
    person.save()
    firm = Client(
        client_name="某某投资有限公司",
        client_type="Institution",
        id_type="Unified Social Credit Code",
        id_number=uscc(),
        mobile="13812340002",
        branch=branch,
        client_manager=cm,
        status="Active",
    )
    firm.save()
    SecuritiesAccount(account_number="P0001", client=person, opened_on=dt.date(2026, 3, 1)).save()
    SecuritiesAccount(account_number="P0002", client=person, opened_on=dt.date(2020, 1, 1)).save()
    SecuritiesAccount(account_number="E0001", client=firm, opened_on=dt.date(2020, 1, 1)).save()
    for code, market, name, rating in (
        ("600519.SH", "SH", "贵州茅台", "R3"),
        ("000001.SZ", "SZ", "平安银行", "R3"),
        ("300750.SZ", "SZ", "宁德时代", "R4"),
    ):
        Instrument(code=code, market=market, instrument_name=name, risk_rating=rating).save()
    return {"cm": cm, "compliance": compliance, "risk": risk, "person": person, "firm": firm}


def feed(kind: str, rows: list[dict]) -> dict:
    """Ingest rows through the real engine; fails the test on any reject."""
    from securities_crm.ingest.engine import ingest

    for row in rows:
        row.setdefault("external_id", f"X{next(_ids):08d}")
    report = ingest(kind, rows, fmt="json")
    assert report["rejected"] == 0, report["rejects"][:3]
    return report


def transfer(amount, when="2026-03-02 10:00:00", account="P0001", direction="In", **over) -> dict:
    return {"account": account, "direction": direction, "amount": str(amount), "transfer_time": when, **over}


def trade(when="2026-03-02 10:00:00", account="P0001", amount=1000, **over) -> dict:
    return {
        "account": account,
        "instrument": "600519.SH",
        "side": "Buy",
        "quantity": "100",
        "price": "10",
        "amount": str(amount),
        "trade_time": when,
        **over,
    }


def order(when="2026-03-02 10:00:00", account="P0001", cancelled=None, **over) -> dict:
    row = {
        "account": account,
        "instrument": "600519.SH",
        "side": "Buy",
        "price": "10",
        "quantity": "100",
        "status": "Cancelled" if cancelled else "Filled",
        "placed_time": when,
        **over,
    }
    if cancelled:
        row["cancelled_time"] = cancelled
    return row


def make_rule(kind: str, window_days=None, code=None, **params):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule
    from securities_crm.monitoring import kinds

    rule = MonitoringRule(
        code=code or kind.upper().replace("_", "-"),
        rule_name=kind,
        kind=kind,
        parameters=params,
        window_days=window_days or kinds.get(kind).default_window,
        severity="High",
        enabled=True,
    )
    rule.save()
    return rule


def scan(rule=None) -> list:
    """Run the full scan and return the rule's alerts (all alerts when no rule), oldest first."""
    from securities_crm.doctype.risk_alert.model import RiskAlert
    from securities_crm.monitoring import engine

    engine.evaluate()
    qs = RiskAlert.objects.order_by("window_start", "name")
    return list(qs.filter(rule=rule) if rule else qs)


def day(value) -> str:
    """A stored datetime as the local (Shanghai) date."""
    from django.utils import timezone

    return timezone.localtime(value).date().isoformat()
