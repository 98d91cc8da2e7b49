"""Improvement Action: its fields' rules, its workflow (who and when from the request, never the body), and
the REST route's 417 for bad input that leaves nothing written."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from securities_crm.core import workflow
from securities_crm.doctype.improvement_action.model import ImprovementAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user, branch):
    return make_user("quality_lead", roles=["Branch Manager"], branch=branch)


def _action(owner, **fields):
    values = dict(title="缩短热线等待时间", kind="Corrective", owner_user=owner, due_on=timezone.localdate())
    values.update(fields)
    action = ImprovementAction(**values)
    action.save()
    return action


def test_links_are_kept_as_a_sorted_list_of_names(owner):
    action = _action(
        owner, responses=["SR-2", " SR-1", "SR-2"], topics=["service"], scope="topic", scope_value="service"
    )
    action.refresh_from_db()
    assert action.responses == ["SR-1", "SR-2"] and action.topics == ["service"]
    assert action.name.startswith("IMP-") and action.status == "Open"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"responses": "SR-1"}, "responses"),
        ({"topics": [1]}, "topics"),
        ({"scope": "segment", "scope_value": ""}, "scope_value"),
        ({"kind": "Someday"}, "kind"),
    ],
)
def test_bad_fields_are_refused_by_name(owner, fields, field):
    with pytest.raises(ValidationError) as refused:
        _action(owner, **fields)
    assert field in refused.value.message_dict
    assert not ImprovementAction.objects.exists()


def test_the_workflow_records_who_and_when(owner, make_user, branch):
    action = _action(owner, scope="all", scope_value="ignored")
    assert action.scope_value == ""
    workflow.apply(action, "start", owner)
    assert action.status == "In Progress" and action.completed_on is None
    with pytest.raises(ValidationError):
        workflow.apply(action, "complete", owner, "")  # says why
    workflow.apply(action, "complete", owner, "热线增加了两名坐席")
    action.refresh_from_db()
    assert action.status == "Done" and action.completed_on == timezone.localdate()
    assert [t["to"] for t in action.transitions] == ["In Progress", "Done"]
    assert action.transitions[-1]["reason"] == "热线增加了两名坐席"
    with pytest.raises(ValidationError):
        workflow.apply(action, "cancel", owner, "太晚了")  # Done is final


def test_the_api_refuses_bad_input_with_a_417_and_writes_nothing(owner, client):
    client.force_login(owner)
    body = {
        "title": "x",
        "kind": "Corrective",
        "owner_user": owner.username,
        "due_on": "2026-03-01",
        "responses": "SR-1",
    }
    answer = client.post("/api/resource/Improvement Action", body, content_type="application/json")
    assert answer.status_code == 417 and "responses" in answer.content.decode().lower()
    body["responses"] = ["SR-1"]
    body["status"] = "Done"  # the workflow's field: not the body's to set
    answer = client.post("/api/resource/Improvement Action", body, content_type="application/json")
    assert answer.status_code in (403, 417)
    assert not ImprovementAction.objects.exists()
