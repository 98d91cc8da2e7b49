"""Monitoring Rule: each kind validates its parameters with a clear error naming the parameter; nothing
is written on bad input; the default rules load from the fixture, idempotently."""

import pytest
from django.core.exceptions import ValidationError

from securities_crm.doctype.monitoring_rule.model import MonitoringRule
from securities_crm.monitoring import defaults, kinds

pytestmark = pytest.mark.django_db


def _rule(**over):
    values = dict(code="R1", rule_name="r", kind="large_cash", window_days=1)
    values.update(over)
    return MonitoringRule(**values)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"threshold_cny": "lots"}, "threshold_cny must be a number"),
        ({"threshold_cny": -5}, "threshold_cny must be at least"),
        ({"threshold_cny": True}, "threshold_cny must be a number"),
        ({"threshold_cny": "nan"}, "threshold_cny must be a finite number"),
        ({"threshold_cny": float("inf")}, "threshold_cny must be a finite number"),
        ({"threshold_usd": "-Infinity"}, "threshold_usd must be a finite number"),
        ({"colour": 1}, "Unknown parameter colour"),
        (["x"], "Parameters must be an object"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_parameters_are_refused_naming_the_parameter(params, message):
    with pytest.raises(ValidationError) as err:
        _rule(parameters=params).save()
    assert "parameters" in err.value.message_dict
    assert message in err.value.message_dict["parameters"][0]
    assert not MonitoringRule.objects.exists()


@pytest.mark.usefixtures("english")
def test_bounds_integers_kind_and_window():
    with pytest.raises(ValidationError, match="ratio must be at most 1"):
        _rule(kind="cancel_ratio", parameters={"ratio": 1.5}).save()
    with pytest.raises(ValidationError, match="min_trades must be a number"):
        _rule(kind="frequent_trading", parameters={"min_trades": 2.5}).save()
    with pytest.raises(ValidationError) as err:
        _rule(kind="no_such_kind").save()
    assert "kind" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        _rule(window_days=0).save()
    assert "window_days" in err.value.message_dict
    assert not MonitoringRule.objects.exists()


def test_parameters_are_converted_and_defaults_fill_the_rest():
    rule = _rule(kind="structuring", parameters={"min_count": "4"})
    rule.save()
    assert rule.parameters == {"min_count": 4} and rule.category == "AML"
    assert kinds.params_of(rule) == {"threshold": 50000, "margin": 0.1, "min_count": 4}


def test_parameter_errors_read_in_chinese_by_default(db):
    with pytest.raises(ValidationError) as err:
        _rule(parameters={"threshold_cny": "lots"}).save()
    assert err.value.message_dict["parameters"] == ["参数 threshold_cny 必须是数字。"]


def test_every_design_kind_is_registered_with_defaults_from_the_design():

    assert set(kinds.KINDS) == {
        "large_cash",
        "large_transfer",
        "structuring",
        "large_outflow",
        "frequent_trading",
        "high_frequency",
        "cancel_ratio",
        "dormant_reactivation",
        "new_account_churn",
        "idle_account_flows",
        "scatter_gather",
        "concentration",
        "margin_ratio",
        "unusual_login",
        "suitability_breach",
    }
    assert kinds.with_defaults("large_cash", {}) == {
        "threshold_cny": 50000,
        "threshold_usd": 10000,
        "usd_cny": 7.1,
        "hkd_cny": 0.91,
    }
    assert kinds.with_defaults("high_frequency", {}) == {"per_second": 300, "per_day": 20000}
    assert kinds.with_defaults("margin_ratio", {}) == {"call_line": 1.3, "topup_line": 1.5, "withdraw_line": 3.0}


def test_default_rules_load_once_and_keep_tuned_values():
    created = defaults.load()
    assert created == 15 and MonitoringRule.objects.filter(enabled=True).count() == 14
    MonitoringRule.objects.filter(code="AML-LARGE-CASH").update(parameters={"threshold_cny": 60000})
    assert defaults.load() == 0
    assert MonitoringRule.objects.get(code="AML-LARGE-CASH").parameters == {"threshold_cny": 60000}
