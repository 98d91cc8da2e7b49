"""The demo's monitoring: with the default rules, one scan over the demo's trading data raises exactly
the alerts its planted patterns should (demo/trading.py) — the right rules, on the planted accounts,
as many as planted — and nothing on the ordinary accounts. A second run creates nothing."""

import json
from collections import Counter

import pytest

from securities_crm import demo
from securities_crm.demo.trading import PATTERNS, planted_accounts
from securities_crm.doctype.aml_report.model import AMLReport
from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import kinds
from securities_crm.monitoring.defaults import FIXTURE

EXPECTED = {  # pattern -> {rule code: alerts on its account}
    "structuring": {"AML-STRUCTURING": 1},  # five in one week; the sixth, alone in the next week, is not a pattern
    "large_cash": {"AML-LARGE-CASH": 1},
    "dormant_reactivation": {"AML-DORMANT": 1},
    "new_account_churn": {"AML-NEW-ACCOUNT": 1},  # heavy trading after opening, then closing
    "scatter_gather": {"AML-SCATTER-GATHER": 1},
    "cancel_ratio": {"MKT-CANCEL-RATIO": 1},
    "high_frequency": {"MKT-HFT": 1},
    "large_cross_border": {"AML-LARGE-TRANSFER": 1},
    "unusual_login": {"ACC-LOGIN": 1},  # the first overseas login (new network and device); the third, from
    # another address in the same /16 on the same device, is not new
    "concentration": {"ACC-CONCENTRATION": 1},
    "frequent_trading": {"MKT-FREQUENT": 1},
    "large_outflow": {"AML-LARGE-OUTFLOW": 1},
    "idle_account_flows": {"AML-IDLE-FLOWS": 1},
    "suitability_breach": {"ACC-SUITABILITY": 1},
}


def test_every_evaluable_kind_has_a_planted_case():
    """A kind the demo never exercises would show nothing on the desk (margin needs data not ingested)."""
    kind_of = {r["code"]: r["kind"] for r in json.loads(FIXTURE.read_text(encoding="utf-8"))["rules"]}
    planted_kinds = {kind_of[code] for rules in EXPECTED.values() for code in rules}

    assert planted_kinds == {key for key, spec in kinds.KINDS.items() if spec.evaluable}
    assert set(EXPECTED) == set(PATTERNS)


@pytest.mark.django_db(transaction=True)
def test_demo_raises_exactly_the_planted_alerts(db):
    ctx = demo.Context(clients=80, quiet=True, password="demo-pass-123")
    demo.run(ctx)
    planted = planted_accounts()
    assert list(planted) == PATTERNS and len(set(planted.values())) == len(PATTERNS)

    fired = Counter(RiskAlert.objects.values_list("rule__code", "account_id"))
    expected = Counter(
        {(code, planted[pattern]): n for pattern, rules in EXPECTED.items() for code, n in rules.items()}
    )
    assert fired == expected, {"unexpected": fired - expected, "missing": expected - fired}
    # each alert is on the planted client's account, and the large-value ones drafted their reports
    for alert in RiskAlert.objects.select_related("account"):
        assert alert.account.client_id == alert.client_id
    assert AMLReport.objects.count() == sum(
        n for (code, _), n in expected.items() if code in ("AML-LARGE-CASH", "AML-LARGE-TRANSFER")
    )

    count = RiskAlert.objects.count()
    demo.run(ctx)
    assert RiskAlert.objects.count() == count
    assert planted_accounts() == planted
