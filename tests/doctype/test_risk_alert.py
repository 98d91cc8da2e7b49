"""Risk Alert: assignment (AML to Compliance, round robin), SLA due times, the workflow with who/when/why,
escalation into a Risk Case, overdue escalation, and confidentiality by role (policy, API and desk)."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from securities_crm.core import workflow as workflows
from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import engine, workflow
from securities_crm.permissions import policy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the monitoring tests' world and helpers
from monitoring.conftest import feed, make_rule, trade, transfer, world  # noqa: E402,F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(world):  # noqa: F811
    make_rule("large_cash")
    make_rule("frequent_trading", min_trades=2)
    feed("fund_transfers", [transfer(50000, f"2026-03-0{d} 10:00:00", is_cash="1") for d in (2, 3, 4)])
    feed("trades", [trade("2026-03-02 10:00:00"), trade("2026-03-02 11:00:00")])
    engine.evaluate()
    aml = list(RiskAlert.objects.filter(category="AML").order_by("window_start"))
    market = RiskAlert.objects.get(category="Market")
    return aml, market


def test_new_alerts_are_assigned_by_category_round_robin_with_an_sla(world, alerts, make_user, branch):  # noqa: F811
    aml, market = alerts
    assert {a.assigned_to for a in aml} == {world["compliance"]}  # AML goes to Compliance only
    assert market.assigned_to == world["risk"]
    assert market.status == "Assigned" and market.transitions[0]["by"] == "system"
    assert aml[0].due_at - aml[0].creation == dt.timedelta(hours=workflow.SLA_HOURS["High"])
    second = make_user("compliance_b", roles=["Compliance Officer"], branch=branch)
    feed("fund_transfers", [transfer(50000, f"2026-03-{d} 10:00:00", is_cash="1") for d in (10, 11, 12)])
    engine.evaluate()
    new = RiskAlert.objects.filter(category="AML").order_by("creation", "name")[3:]
    assert [a.assigned_to.username for a in new] == ["compliance_b", "compliance_mon", "compliance_b"]
    del second


def test_workflow_records_who_when_and_why_and_refuses_bad_moves(world, alerts):  # noqa: F811
    _, alert = alerts
    officer = world["risk"]
    with pytest.raises(ValidationError) as err:
        workflows.apply(alert, "investigate", officer, "")
    assert "reason" in err.value.message_dict
    workflows.apply(alert, "investigate", officer, "Looking at the trades")
    with pytest.raises(ValidationError) as err:
        workflows.apply(alert, "assign", officer, "back", assign_to=officer)
    assert "status" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        workflows.apply(alert, "close", officer, "done")
    assert "resolution" in err.value.message_dict
    workflows.apply(alert, "close", officer, "A market maker, expected", resolution="False Positive")
    alert.refresh_from_db()
    assert alert.status == "Closed" and alert.resolution == "False Positive" and alert.closed_at
    last = alert.transitions[-1]
    assert (last["from"], last["to"], last["by"], last["reason"]) == (
        "Investigating",
        "Closed",
        "risk_mon",
        "A market maker, expected",
    )
    with pytest.raises(ValidationError):
        workflows.apply(alert, "investigate", officer, "reopen")


def test_escalation_opens_a_case_and_overdue_alerts_escalate_on_schedule(world, alerts):  # noqa: F811
    aml, market = alerts
    workflows.apply(aml[0], "escalate", world["compliance"], "Pattern across days")
    case = aml[0].risk_case
    assert case.category == "AML" and case.client_id == world["person"].pk and list(case.alerts.all()) == [aml[0]]
    assert workflow.escalate_overdue() == 0  # nothing is due yet
    later = timezone.now() + dt.timedelta(hours=workflow.SLA_HOURS["High"] + 1)
    assert workflow.escalate_overdue(now=later) == 3  # two AML and the market alert
    assert workflow.escalate_overdue(now=later) == 0  # idempotent
    market.refresh_from_db()
    assert market.status == "Escalated" and market.sla_breached and market.risk_case is not None
    assert (
        market.transitions[-1]["by"] == "system" and "已超时" in market.transitions[-1]["reason"]
    )  # SLA breached, in zh-hans


def test_aml_alerts_are_invisible_to_client_managers_who_see_their_clients_other_alerts(
    world, alerts, client, make_user, branch
):  # noqa: F811
    from securities_crm.doctype.aml_report.model import AMLReport
    from securities_crm.doctype.api_key.model import ApiKey

    aml, market = alerts
    cm, compliance = world["cm"], world["compliance"]
    visible = policy.filter_queryset(cm, RiskAlert.objects.all())
    assert list(visible) == [market]
    assert not policy.can(cm, "read", aml[0]) and policy.can(compliance, "read", aml[0])
    assert policy.filter_queryset(compliance, RiskAlert.objects.all()).count() == 4
    assert policy.filter_queryset(world["risk"], RiskAlert.objects.all()).count() == 1  # AML is Compliance's
    assert AMLReport.objects.count() == 3  # large-value drafts, Compliance's alone
    assert policy.filter_queryset(cm, AMLReport.objects.all()).count() == 0
    assert policy.filter_queryset(compliance, AMLReport.objects.all()).count() == 3
    # the REST API
    key, secret = ApiKey.generate(cm)
    auth = {"HTTP_AUTHORIZATION": f"token {key.api_key}:{secret}"}
    data = client.get("/api/resource/Risk%20Alert", {"limit_page_length": 0}, **auth).json()["data"]
    assert [row["name"] for row in data] == [market.name]
    assert client.get(f"/api/resource/Risk%20Alert/{aml[0].name}", **auth).status_code in (403, 404)
    # the desk
    client.force_login(cm)
    page = client.get("/app/securities_crm/riskalert/").content.decode()
    assert market.name in page and aml[0].name not in page
    assert client.get(f"/app/securities_crm/riskalert/{aml[0].name}/change/").status_code in (302, 403, 404)
    client.force_login(compliance)
    page = client.get("/app/securities_crm/riskalert/").content.decode()
    assert all(a.name in page for a in aml)
    evidence = client.get(f"/app/securities_crm/riskalert/{aml[0].name}/change/").content.decode()
    assert "crm-evidence" in evidence and "/app/securities_crm/fundtransfer/" in evidence  # a table of linked rows
    # the portal client has no right to alerts at all
    portal = make_user("portal_c", roles=["Client"], staff=False)
    assert policy.filter_queryset(portal, RiskAlert.objects.all()).count() == 0


def test_desk_transition_form_and_dashboard_figures(world, alerts, client):  # noqa: F811
    aml, market = alerts
    client.force_login(world["compliance"])
    url = f"/app/securities_crm/riskalert/{aml[0].name}/transition/"
    page = client.post(url, {"action": "close", "reason": "checked"})
    assert page.status_code == 200 and "resolution" in page.content.decode()  # refused, with the field named
    done = client.post(
        url, {"action": "close", "reason": "Salary paid in cash, documented", "resolution": "False Positive"}
    )
    assert done.status_code == 302
    aml[0].refresh_from_db()
    assert aml[0].status == "Closed" and aml[0].transitions[-1]["by"] == "compliance_mon"
    home = client.get("/app/").content.decode()
    assert "1/1 (100%)" in home  # the false-positive rate of the large-cash rule
    client.force_login(world["cm"])
    assert client.get(url).status_code == 404  # a Client Manager cannot even find an AML alert
