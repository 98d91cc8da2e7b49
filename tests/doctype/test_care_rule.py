"""Care Rule: its script is checked; a team rule names its team; a disabled rule makes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from service_fixtures import service_world  # noqa: F401

from securities_crm.doctype.care_rule.model import CareRule
from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.securities_account.model import SecuritiesAccount
from securities_crm.service import care

pytestmark = pytest.mark.django_db


def test_script_and_team_are_checked():
    for fields, field in (
        ({"script": [{"key": "a"}]}, "script"),
        ({"script": [{"key": "a", "question": "q"}, {"key": "a", "question": "r"}]}, "script"),
        ({"assign_to": "Team"}, "team"),
    ):
        with pytest.raises(ValidationError) as bad:
            CareRule(rule_name="r", kind="birthday", **fields).save()
        assert field in bad.value.message_dict


def test_a_disabled_rule_makes_nothing(service_world):
    CareRule(rule_name="新开户", kind="new_account", enabled=False).save()
    SecuritiesAccount(account_number="A1", client=service_world["clients"]["a"], opened_on=dt.date(2026, 3, 2)).save()
    care.run_rules(dt.date(2026, 3, 3))
    assert not CareTask.objects.exists()


def test_team_rules_share_tasks_round_robin(service_world):
    CareRule(rule_name="新开户", kind="new_account", assign_to="Team", team=service_world["team"]).save()
    for i in range(3):
        SecuritiesAccount(
            account_number=f"A{i}", client=service_world["clients"]["a"], opened_on=dt.date(2026, 3, 2)
        ).save()
    care.run_rules(dt.date(2026, 3, 3))
    assert {t.assigned_to for t in CareTask.objects.all()} == set(service_world["agents"])
