"""Care Task: made by Care Rules once per occasion, assigned to the client manager; the 回访 after a confirmed
suitability mismatch; a task worked through its script; a failed check opens a ticket for Compliance only."""

import datetime as dt

import pytest
from client_fixtures import new_client
from django.core.exceptions import ValidationError
from django.utils import timezone
from service_fixtures import make_policy, service_world  # noqa: F401

from securities_crm.core import workflow
from securities_crm.doctype.care_rule.model import VISIT_SCRIPT, CareRule
from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.securities_account.model import SecuritiesAccount
from securities_crm.doctype.service_ticket.model import ServiceTicket
from securities_crm.permissions import policy
from securities_crm.service import care

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(service_world):
    make_policy()
    for name, kind, days in (
        ("新开户回访", "new_account", 5),
        ("测评到期提醒", "assessment_expiring", 30),
        ("生日关怀", "birthday", 3),
        ("适当性回访", "above_level", 3),
    ):
        CareRule(rule_name=name, kind=kind, days=days, script=VISIT_SCRIPT if kind == "above_level" else []).save()
    return service_world


def test_rules_make_each_task_once(rules):
    today = dt.date(2026, 3, 9)
    client = rules["clients"]["a"]
    SecuritiesAccount(account_number="A900001", client=client, opened_on=dt.date(2026, 3, 6)).save()
    client.risk_valid_until = today + dt.timedelta(days=20)
    client.save()
    birthday = new_client(client.branch, rules["cm"], 31, birth_date=None)
    birthday.birth_date = dt.date(1990, 3, 11)
    type(birthday).objects.filter(pk=birthday.pk).update(birth_date=dt.date(1990, 3, 11))
    first = care.run_rules(today)
    assert sum(first.values()) == 3
    assert sum(care.run_rules(today).values()) == 0  # idempotent
    welcome = CareTask.objects.get(kind="new_account")
    assert welcome.due_on == dt.date(2026, 3, 13) and welcome.assigned_to == rules["cm"]  # 5 trading days
    assert CareTask.objects.get(kind="birthday").due_on == dt.date(2026, 3, 11)


def test_a_task_worked_through_its_script(rules):
    cm = rules["cm"]
    task = care.make_task(
        CareRule.objects.get(kind="above_level"), rules["clients"]["a"], "record:1", dt.date(2026, 3, 12), "回访"
    )
    with pytest.raises(ValidationError) as missing:
        workflow.apply(task, "complete", cm, "", answers={"identity_confirmed": "yes"})
    assert "answers" in missing.value.message_dict
    workflow.apply(task, "complete", cm, "", answers={k["key"]: "yes" for k in VISIT_SCRIPT}, notes="客户确认")
    assert task.status == "Done" and task.outcome == "Completed" and task.compliance_ticket_id is None


def test_a_failed_check_opens_a_ticket_for_compliance_only(rules):
    cm = rules["cm"]
    task = care.make_task(
        CareRule.objects.get(kind="above_level"), rules["clients"]["a"], "record:2", dt.date(2026, 3, 12), "回访"
    )
    answers = {"identity_confirmed": "yes", "disclosure_understood": "no", "answered_personally": "yes"}
    workflow.apply(task, "complete", cm, "", answers=answers, notes="客户表示未看过风险揭示书")
    assert task.outcome == "Check Failed"
    ticket = ServiceTicket.objects.get(pk=task.compliance_ticket_id)
    assert ticket.confidential and ticket.assigned_to == rules["compliance"]
    assert policy.filter_queryset(rules["compliance"], ServiceTicket.objects.filter(pk=ticket.pk)).exists()
    for user in (cm, rules["agents"][0], rules["portal"]):
        assert not policy.filter_queryset(user, ServiceTicket.objects.filter(pk=ticket.pk)).exists()


def test_the_script_page_in_the_desk(rules, client):
    task = care.make_task(
        CareRule.objects.get(kind="above_level"), rules["clients"]["a"], "record:3", timezone.localdate(), "回访"
    )
    client.force_login(rules["cm"])
    page = client.get(f"/app/securities_crm/caretask/{task.pk}/script/")
    assert page.status_code == 200 and "q_identity_confirmed" in page.content.decode()
    client.post(
        f"/app/securities_crm/caretask/{task.pk}/script/",
        {
            "q_identity_confirmed": "yes",
            "q_disclosure_understood": "yes",
            "q_answered_personally": "yes",
            "notes": "顺利",
        },
    )
    task.refresh_from_db()
    assert task.status == "Done" and task.answers["answered_personally"] == "yes"
