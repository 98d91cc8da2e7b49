"""Risk Case: opened by escalating alerts, confidential when AML, visible to Client Managers otherwise."""

import sys
from pathlib import Path

import pytest

from securities_crm.core import workflow as workflows
from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.doctype.risk_case.model import RiskCase
from securities_crm.monitoring import engine
from securities_crm.permissions import policy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from monitoring.conftest import feed, make_rule, trade, transfer, world  # noqa: E402,F401

pytestmark = pytest.mark.django_db


def test_cases_from_escalation_and_their_confidentiality(world):  # noqa: F811
    make_rule("large_cash")
    make_rule("frequent_trading", min_trades=1)
    feed("fund_transfers", [transfer(60000, "2026-03-02 10:00:00", is_cash="1")])
    feed("trades", [trade("2026-03-02 10:00:00")])
    engine.evaluate()
    for alert in RiskAlert.objects.all():
        workflows.apply(alert, "escalate", world["compliance"], "escalate")
    aml_case = RiskCase.objects.get(category="AML")
    market_case = RiskCase.objects.get(category="Market")
    assert list(policy.filter_queryset(world["cm"], RiskCase.objects.all())) == []  # CM has no case right
    assert set(policy.filter_queryset(world["compliance"], RiskCase.objects.all())) == {aml_case, market_case}
    assert list(policy.filter_queryset(world["risk"], RiskCase.objects.all())) == [market_case]
