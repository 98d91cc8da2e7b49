"""The desk's back-test lists the alerts a rule would raise over a chosen range (saved rule, or parameters
typed in the form and not saved), and rule parameters are a typed form generated from the kind."""

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from .conftest import feed, make_rule, transfer, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def _desk(user):
    session = DjangoClient(HTTP_ACCEPT_LANGUAGE="en")
    session.force_login(user)
    return session


@pytest.fixture
def cash(world):
    """¥60,000 of cash on 2 March (one alert under the default ¥50,000 line) and ¥55,000 on 5 January."""
    feed(
        "fund_transfers",
        [
            transfer("60000.00", "2026-03-02 10:00:00", is_cash="1"),
            transfer("55000.00", "2026-01-05 10:00:00", is_cash="1"),
        ],
    )
    return world


def _rows(html: str) -> list[str]:
    import re

    return re.findall(r'data-testid="backtest-row" data-client="([^"]+)"', html)


def test_a_saved_rule_lists_the_alerts_it_would_raise_in_the_range(cash):
    from securities_crm.doctype.risk_alert.model import RiskAlert

    rule = make_rule("large_cash", code="AML-CASH")
    url = reverse("admin:securities_crm_monitoringrule_backtest")
    desk = _desk(cash["compliance"])
    r = desk.post(url, {"rule": rule.pk, "kind": "large_cash", "window_days": 1, **MARCH})
    html = r.content.decode()
    assert r.status_code == 200 and 'data-alerts="1"' in html
    assert _rows(html) == [cash["person"].pk]
    assert reverse("admin:securities_crm_client_change", args=[cash["person"].pk]) in html  # the client, linked
    assert "/app/securities_crm/fundtransfer/" in html  # and the evidence
    assert "2026-03-02" in html
    r = desk.post(
        url, {"rule": rule.pk, "kind": "large_cash", "window_days": 1, "start": "2026-01-01", "end": "2026-12-31"}
    )
    assert len(_rows(r.content.decode())) == 2
    assert not RiskAlert.objects.exists()  # a back-test writes nothing
    # the rule's page links to it
    r = desk.get(reverse("admin:securities_crm_monitoringrule_open_backtest", args=[rule.pk]))
    assert r.status_code == 302 and r["Location"].endswith(f"?rule={rule.pk}")


def test_unsaved_parameters_from_the_form_are_back_tested(cash):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule

    url = reverse("admin:securities_crm_monitoringrule_backtest")
    desk = _desk(cash["compliance"])
    form = desk.get(reverse("admin:securities_crm_monitoringrule_add") + "?kind=large_cash").content.decode()
    assert url in form and 'name="param_threshold_cny"' in form and 'name="parameters"' not in form
    typed = {"code": "NEW", "rule_name": "试算", "kind": "large_cash", "window_days": "1", "severity": "High"}
    r = desk.post(url, {**typed, "param_threshold_cny": "70000"})  # no range posted: the default one
    assert r.status_code == 200 and 'data-testid="backtest-result"' in r.content.decode()
    r = desk.post(url, {**typed, "param_threshold_cny": "70000", **MARCH})
    assert 'data-alerts="0"' in r.content.decode()
    r = desk.post(url, {**typed, "param_threshold_cny": "58000", **MARCH})
    assert _rows(r.content.decode()) == [cash["person"].pk]
    assert not MonitoringRule.objects.filter(code="NEW").exists()


@pytest.mark.parametrize(
    "value, message",
    [("-5", "greater than or equal to 1"), ("abc", "Enter a number"), ("1e999", "Enter a number")],
)
def test_each_parameter_is_checked_on_its_own(cash, value, message):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule

    add = reverse("admin:securities_crm_monitoringrule_add") + "?kind=large_cash"
    typed = {"code": "NEW", "rule_name": "大额现金", "kind": "large_cash", "window_days": "1", "severity": "High"}
    r = _desk(cash["compliance"]).post(add, {**typed, "param_threshold_cny": value, "param_usd_cny": "7.2"})
    html = r.content.decode()
    assert r.status_code == 200 and message in html and not MonitoringRule.objects.filter(code="NEW").exists()
    r = _desk(cash["compliance"]).post(
        reverse("admin:securities_crm_monitoringrule_backtest"), {**typed, "param_threshold_cny": value, **MARCH}
    )
    assert (
        'data-field="param_threshold_cny"' in r.content.decode()
        and 'data-testid="backtest-result"' not in r.content.decode()
    )


def test_a_valid_form_saves_typed_parameters(cash):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule

    add = reverse("admin:securities_crm_monitoringrule_add") + "?kind=large_cash"
    typed = {"code": "NEW", "rule_name": "大额现金", "kind": "large_cash", "window_days": "1", "severity": "High"}
    r = _desk(cash["compliance"]).post(add, {**typed, "param_threshold_cny": "45000", "enabled": "on"})
    assert r.status_code == 302, r.content.decode()[-2000:]
    rule = MonitoringRule.objects.get(code="NEW")
    assert rule.parameters["threshold_cny"] == 45000.0
    change = _desk(cash["compliance"]).get(reverse("admin:securities_crm_monitoringrule_change", args=[rule.pk]))
    assert 'value="45000' in change.content.decode()


def test_only_compliance_back_tests_aml_rules(cash):
    url = reverse("admin:securities_crm_monitoringrule_backtest")
    r = _desk(cash["risk"]).post(url, {"kind": "large_cash", "window_days": 1, **MARCH})
    assert "Only Compliance may back-test AML rules." in r.content.decode()
    assert _desk(cash["cm"]).post(url, {"kind": "large_cash", **MARCH}).status_code == 403
