"""/api/method/securities_crm.api.monitoring.*: alert transitions, back-tests, evidence and the AML Report
export, each through the caller's rights and record rules: AML alerts and reports are Compliance's alone,
a Client Manager sees only their own clients' other alerts, and errors name the field in Frappe's envelope."""

import json
import xml.etree.ElementTree as ET

import pytest
from monitoring.conftest import feed, make_rule, scan, trade, transfer, world  # noqa: F401  (world: a fixture)

from .conftest import messages

pytestmark = pytest.mark.django_db
BASE = "/api/method/securities_crm.api.monitoring."


@pytest.fixture
def alerts(world):
    """An AML alert (a ¥60,000 cash deposit) and a market alert (three trades in a day, rule min_trades=3),
    both on the Client Manager's client 张三."""
    feed("fund_transfers", [transfer("60000.00", "2026-03-02 10:00:00", is_cash="1")])
    feed("trades", [trade(f"2026-03-03 10:0{i}:00") for i in range(3)])
    aml = scan(make_rule("large_cash", code="AML-CASH"))[0]
    market = scan(make_rule("frequent_trading", code="MKT-FREQ", min_trades=3))[0]
    return {"aml": aml, "market": market, **world}


def _error(response, status, exc_type):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["exc_type"] == exc_type and "Traceback" not in response.content.decode()
    return " ".join(messages(response))


def test_transition_through_the_workflow(api_as, alerts):
    api = api_as(alerts["compliance"])
    name = alerts["aml"].name
    r = api.post(BASE + "transition", {"alert": name, "action": "investigate", "reason": "调取银行流水"})
    assert r.status_code == 200, r.content
    state = r.json()["message"]
    assert state["status"] == "Investigating"
    assert state["transitions"][-1]["by"] == "compliance_mon" and state["transitions"][-1]["reason"] == "调取银行流水"
    r = api.post(BASE + "transition", {"alert": name, "action": "close_false_positive", "reason": "工资收入"})
    assert r.json()["message"]["status"] == "Closed" and r.json()["message"]["resolution"] == "False Positive"
    alerts["aml"].refresh_from_db()
    assert alerts["aml"].status == "Closed" and alerts["aml"].closed_at is not None
    # a closed alert goes nowhere, and the error says which field and why
    text = _error(
        api.post(
            BASE + "transition", {"alert": name, "action": "escalate", "reason": "x"}, headers={"Accept-Language": "en"}
        ),
        417,
        "ValidationError",
    )
    assert "Closed" in text and "Escalated" in text


def test_transition_assign_and_escalate(api_as, alerts, make_user, branch):
    other = make_user("compliance_two", roles=["Compliance Officer"], branch=branch)
    api = api_as(alerts["compliance"])
    name = alerts["aml"].name
    # an AML alert may not go to someone who may not see it (tipping-off protection)
    text = _error(
        api.post(BASE + "transition", {"alert": name, "action": "assign", "reason": "r", "assign_to": "cm_mon"}),
        417,
        "ValidationError",
    )
    assert "assign_to" in text
    assert "assign_to" in _error(
        api.post(BASE + "transition", {"alert": name, "action": "assign", "reason": "r"}), 417, "ValidationError"
    )
    r = api.post(
        BASE + "transition", {"alert": name, "action": "assign", "reason": "轮岗", "assign_to": other.username}
    )
    assert r.json()["message"]["assigned_to"] == "compliance_two"
    r = api.post(BASE + "transition", {"alert": name, "action": "escalate", "reason": "疑似拆分"})
    case = r.json()["message"]["risk_case"]
    assert r.json()["message"]["status"] == "Escalated" and case


def test_transition_errors_name_the_field(api_as, alerts):
    api = api_as(alerts["compliance"])
    name = alerts["aml"].name
    assert "action" in _error(
        api.post(BASE + "transition", {"alert": name, "action": "delete", "reason": "x"}), 417, "ValidationError"
    )
    assert "reason" in _error(
        api.post(BASE + "transition", {"alert": name, "action": "investigate"}), 417, "ValidationError"
    )
    assert "alert" in _error(
        api.post(BASE + "transition", {"action": "investigate", "reason": "x"}), 417, "ValidationError"
    )
    _error(
        api.post(BASE + "transition", {"alert": "ALT-NOPE", "action": "investigate", "reason": "x"}),
        404,
        "DoesNotExistError",
    )
    assert api.get(BASE + "transition", {"alert": name}).status_code == 405
    alerts["aml"].refresh_from_db()
    assert alerts["aml"].status == "Assigned"  # nothing moved


def test_errors_in_the_users_language(api_as, alerts):
    r = api_as(alerts["risk"]).get(BASE + "backtest", {"kind": "telepathy"}, headers={"Accept-Language": "zh-hans"})
    assert r.status_code == 417 and "未知的规则类型 telepathy" in " ".join(messages(r))


def test_transition_permissions(api_as, alerts):
    cm, risk = api_as(alerts["cm"]), api_as(alerts["risk"])
    aml, market = alerts["aml"].name, alerts["market"].name
    # an AML alert does not exist for anyone but Compliance
    _error(
        cm.post(BASE + "transition", {"alert": aml, "action": "investigate", "reason": "x"}), 404, "DoesNotExistError"
    )
    _error(
        risk.post(BASE + "transition", {"alert": aml, "action": "investigate", "reason": "x"}), 404, "DoesNotExistError"
    )
    # a Client Manager sees their client's market alert but may not work it
    _error(
        cm.post(BASE + "transition", {"alert": market, "action": "investigate", "reason": "x"}), 403, "PermissionError"
    )
    r = risk.post(BASE + "transition", {"alert": market, "action": "investigate", "reason": "查看委托"})
    assert r.status_code == 200 and r.json()["message"]["status"] == "Investigating"


def test_backtest_counts_and_writes_nothing(api_as, alerts):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule
    from securities_crm.doctype.risk_alert.model import RiskAlert

    api = api_as(alerts["risk"])
    before = (RiskAlert.objects.count(), MonitoringRule.objects.count())
    r = api.get(BASE + "backtest", {"kind": "frequent_trading", "parameters": json.dumps({"min_trades": 3})})
    assert r.status_code == 200, r.content
    assert r.json()["message"]["alerts"] == 1 and r.json()["message"]["accounts"] == 1
    r = api.get(BASE + "backtest", {"kind": "frequent_trading", "parameters": json.dumps({"min_trades": 4})})
    assert r.json()["message"]["alerts"] == 0  # just below the threshold
    r = api.post(BASE + "backtest", {"rule": "MKT-FREQ", "parameters": {"min_trades": 2}, "window_days": 2})
    assert r.json()["message"] | {"alerts": 1, "rule": "MKT-FREQ", "window_days": 2} == r.json()["message"]
    assert r.json()["message"]["parameters"]["min_trades"] == 2
    assert (RiskAlert.objects.count(), MonitoringRule.objects.count()) == before
    assert MonitoringRule.objects.get(pk="MKT-FREQ").parameters == {"min_trades": 3}


def test_backtest_errors_and_permissions(api_as, alerts):
    risk, cm, compliance = api_as(alerts["risk"]), api_as(alerts["cm"]), api_as(alerts["compliance"])
    text = _error(
        risk.get(BASE + "backtest", {"kind": "frequent_trading", "parameters": '{"min_trades": 0}'}),
        417,
        "ValidationError",
    )
    assert "min_trades" in text
    assert "min_trades" in _error(
        risk.get(BASE + "backtest", {"kind": "frequent_trading", "parameters": '{"min_trades": "many"}'}),
        417,
        "ValidationError",
    )
    english = {"Accept-Language": "en"}
    assert "Kind: Unknown rule kind telepathy." in _error(
        risk.get(BASE + "backtest", {"kind": "telepathy"}, headers=english), 417, "ValidationError"
    )
    assert "parameters" in _error(
        risk.get(BASE + "backtest", {"kind": "frequent_trading", "parameters": "{"}), 417, "ValidationError"
    )
    assert "window_days" in _error(
        risk.get(BASE + "backtest", {"rule": "MKT-FREQ", "window_days": "0"}), 417, "ValidationError"
    )
    _error(risk.get(BASE + "backtest", {"rule": "NO-SUCH-RULE"}), 404, "DoesNotExistError")
    _error(risk.get(BASE + "backtest", {"rule": "AML-CASH"}), 403, "PermissionError")  # AML is Compliance's
    _error(cm.get(BASE + "backtest", {"kind": "frequent_trading"}), 403, "PermissionError")
    assert compliance.get(BASE + "backtest", {"rule": "AML-CASH"}).json()["message"]["alerts"] == 1


@pytest.mark.parametrize(
    "kind, parameters",
    [
        ("concentration", '{"min_value": NaN}'),  # once answered with a bare NaN in its JSON
        ("concentration", '{"min_value": "nan"}'),
        ("concentration", '{"min_value": "Infinity"}'),
        ("concentration", '{"min_value": 1e400}'),  # a decimal, infinite as a float
        ("frequent_trading", '{"min_trades": 1e400}'),
        ("frequent_trading", '{"min_trades": "-inf"}'),
    ],
)
def test_backtest_refuses_non_finite_parameters(api_as, alerts, kind, parameters):
    risk = api_as(alerts["risk"])
    name = next(iter(json.loads(parameters.replace("NaN", "0"))))  # the first parameter's name
    for r in (
        risk.get(BASE + "backtest", {"kind": kind, "parameters": parameters}),
        risk.post(BASE + "backtest", '{"kind": "%s", "parameters": %s}' % (kind, parameters)),
    ):
        text = _error(r, 417, "ValidationError")
        assert name in text or "JSON" in text, text  # NaN is not JSON: the body or parameter is refused
        assert "NaN" not in r.content.decode() and "Infinity" not in r.content.decode()


def test_backtest_refuses_a_lone_surrogate_in_parameters(api_as, alerts):
    # it would be echoed in the message as an unknown parameter's name, which no UTF-8 answer can hold
    r = api_as(alerts["risk"]).get(BASE + "backtest", {"kind": "frequent_trading", "parameters": '{"x\\udfff": 1}'})
    _error(r, 417, "ValidationError")


def test_evidence(api_as, alerts, make_user, branch):
    compliance, cm = api_as(alerts["compliance"]), api_as(alerts["cm"])
    r = compliance.get(BASE + "evidence", {"alert": alerts["aml"].name})
    assert r.status_code == 200, r.content
    body = r.json()["message"]
    assert body["rule"] == "AML-CASH" and body["hidden"] == 0 and len(body["rows"]) == 1
    row = body["rows"][0]
    assert row["doctype"] == "Fund Transfer" and row["account"] == "P0001" and row["amount"] == 60000
    assert row["transfer_time"] == "2026-03-02 10:00:00" and row["is_cash"] is True and row["direction"] == "In"

    rows = cm.get(BASE + "evidence", {"alert": alerts["market"].name}).json()["message"]["rows"]
    assert [(r["doctype"], r["instrument"], r["trade_time"]) for r in rows] == [
        ("Trade", "600519.SH", f"2026-03-03 10:0{i}:00") for i in range(3)
    ]
    _error(cm.get(BASE + "evidence", {"alert": alerts["aml"].name}), 404, "DoesNotExistError")
    _error(api_as(alerts["risk"]).get(BASE + "evidence", {"alert": alerts["aml"].name}), 404, "DoesNotExistError")
    stranger = make_user("cm_stranger", roles=["Client Manager"], branch=branch)
    _error(api_as(stranger).get(BASE + "evidence", {"alert": alerts["market"].name}), 404, "DoesNotExistError")
    assert "alert" in _error(cm.get(BASE + "evidence"), 417, "ValidationError")


def test_export_aml_report(api_as, alerts, make_user, branch):
    from securities_crm.doctype.aml_report.model import AMLReport
    from securities_crm.doctype.aml_settings.model import AMLSettings
    from securities_crm.doctype.audit_log.model import AuditLog

    report = AMLReport.objects.get(alert=alerts["aml"])
    r = api_as(alerts["compliance"]).get(
        BASE + "export_aml_report", {"name": report.name}, headers={"Accept-Language": "en"}
    )
    assert (
        r.status_code == 417 and "institution code is not set" in r.content.decode()
    )  # nothing filed without a sender
    AMLSettings(name="AML Settings", institution_name="示例证券", institution_code="91310000MA1FL0001X").save()
    r = api_as(alerts["compliance"]).get(BASE + "export_aml_report", {"name": report.name})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/xml")
    root = ET.fromstring(r.content)
    ns = {"r": "urn:securities-crm:aml-report:1"}
    assert root.findtext("r:Header/r:ReportId", namespaces=ns) == report.name
    assert root.findtext("r:Client/r:IdNumber", namespaces=ns) == alerts["person"].id_number
    assert AuditLog.objects.filter(action="Export", reference_name=report.name, channel="api").count() == 1

    admin = make_user("sysman_api", roles=["System Manager"], branch=branch)
    for user in (alerts["risk"], alerts["cm"], admin):
        text = _error(api_as(user).get(BASE + "export_aml_report", {"name": report.name}), 403, "PermissionError")
        assert "合规专员" in text  # the reason, in the default language
    assert AuditLog.objects.filter(action="Export").count() == 1
    _error(api_as(alerts["compliance"]).get(BASE + "export_aml_report", {"name": "AML-NOPE"}), 404, "DoesNotExistError")
    assert "name" in _error(api_as(alerts["compliance"]).get(BASE + "export_aml_report"), 417, "ValidationError")


def test_methods_in_the_openapi_document(client):
    doc = client.get("/api/openapi.json").json()
    for name in ("transition", "backtest", "evidence", "export_aml_report"):
        assert f"{BASE}{name}" in doc["paths"], name
    assert list(doc["paths"][f"{BASE}transition"]) == ["post"]
    assert "application/xml" in doc["paths"][f"{BASE}export_aml_report"]["get"]["responses"]["200"]["content"]
    params = {p["name"] for p in doc["paths"][f"{BASE}backtest"]["get"]["parameters"]}
    assert {"rule", "kind", "parameters", "window_days"} <= params


def test_evidence_rows_the_role_may_not_read_are_only_counted(api_as, alerts):
    """A Client Manager sees their client's unusual-login alert, but has no right on Login Events."""
    feed(
        "login_events",
        [
            {"account": "P0001", "login_time": f"2026-03-0{d} 20:00:00", "ip_address": ip, "device": "iPhone 15"}
            for d, ip in ((2, "36.1.2.3"), (3, "36.1.2.3"), (4, "36.1.2.3"), (5, "185.220.101.7"))
        ],
    )
    login = scan(make_rule("unusual_login", code="ACC-LOGIN"))[0]
    body = api_as(alerts["cm"]).get(BASE + "evidence", {"alert": login.name}).json()["message"]
    assert body["rows"] == [] and body["hidden"] == 1
    body = api_as(alerts["risk"]).get(BASE + "evidence", {"alert": login.name}).json()["message"]
    assert [(r["doctype"], r["ip_address"], r["device"]) for r in body["rows"]] == [
        ("Login Event", "185.220.101.7", "iPhone 15")
    ] and body["hidden"] == 0
