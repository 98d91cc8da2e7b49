"""Improvement Action: its fields' rules, its workflow (who and when from the request, never the body), and
the REST route's 417 for bad input that leaves nothing written."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feedback_fixtures import feedback_world  # noqa: E402,F401
from service_fixtures import service_world  # noqa: E402,F401

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


def test_links_are_kept_as_a_sorted_list_of_names(owner, feedback_world):
    one = _response(feedback_world, feedback_world["clients"]["a"], 3, dt.date(2026, 1, 5)).pk
    two = _response(feedback_world, feedback_world["clients"]["b"], 4, dt.date(2026, 1, 6)).pk
    action = _action(owner, responses=[two, " " + one, two], topics=["service"], scope="topic", scope_value="service")
    action.refresh_from_db()
    assert action.responses == sorted([one, two]) and action.topics == ["service"]
    assert action.name.startswith("IMP-") and action.status == "Open"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"responses": "SRS-1"}, "responses"),
        ({"responses": ["SRS-NONE"]}, "responses"),
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
    answer = client.post(
        "/api/resource/Improvement Action", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 417 and "Responses: Give a list of names." in answer.content.decode()
    body["responses"] = ["SR-1"]
    body["status"] = "Done"  # the workflow's field: not the body's to set
    answer = client.post("/api/resource/Improvement Action", body, content_type="application/json")
    assert answer.status_code in (403, 417)
    assert not ImprovementAction.objects.exists()


# --- links checked, effect measured (feedback/actions.py), and the satisfaction dashboard --------


def _response(world, client, nps, on, channel="Portal", comment=""):
    from securities_crm.doctype.survey_response.model import SurveyResponse
    from securities_crm.feedback import responses

    answers = {"recommend": nps}
    if nps <= 6:
        answers["why_low"] = ["app"]
    if comment:
        answers["comment"] = comment
    response = responses.submit(world["nps"], client, answers, channel=channel)
    SurveyResponse.objects.filter(pk=response.pk).update(
        submitted_at=dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC)
    )
    return response


def test_links_must_name_responses_and_topics_that_exist(owner, feedback_world):
    response = _response(feedback_world, feedback_world["clients"]["a"], 3, dt.date(2026, 1, 5))
    with pytest.raises(ValidationError) as refused:
        _action(owner, responses=[response.pk, "SRS-NONE"])
    assert "SRS-NONE" in str(refused.value.message_dict["responses"])
    with pytest.raises(ValidationError) as refused:
        _action(owner, topics=["weather"])
    assert "topics" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _action(owner, scope="topic", scope_value="weather")
    assert "scope_value" in refused.value.message_dict
    assert _action(owner, responses=[response.pk], topics=["app"], scope="topic", scope_value="app").pk


def test_the_effect_is_the_groups_score_before_and_after_completion(owner, feedback_world):
    from securities_crm.feedback import actions

    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    day = dt.date(2026, 3, 1)
    _response(feedback_world, a, 2, day - dt.timedelta(days=20), channel="App", comment="App经常闪退")
    _response(feedback_world, b, 6, day - dt.timedelta(days=10), channel="App", comment="行情卡顿")
    _response(feedback_world, b, 10, day - dt.timedelta(days=200), channel="App")  # outside the 90-day window
    _response(feedback_world, a, 0, day - dt.timedelta(days=5), channel="Phone")  # another group
    action = _action(owner, scope="channel", scope_value="App", metric="nps")
    running = actions.effect(action, today=day)
    assert (running.before.value, running.before.n, running.after) == (-100.0, 2, None)
    from securities_crm.core import workflow
    from securities_crm.doctype.survey_response.model import SurveyResponse

    workflow.apply(action, "complete", owner, "App 3.2 修复闪退")
    action.completed_on = day  # the day it was done, as if it were then
    SurveyResponse.objects.all().delete()
    _response(feedback_world, a, 2, day - dt.timedelta(days=20), channel="App")
    _response(feedback_world, b, 6, day - dt.timedelta(days=10), channel="App")
    _response(feedback_world, a, 9, day + dt.timedelta(days=3), channel="App")
    _response(feedback_world, b, 7, day + dt.timedelta(days=30), channel="App")
    _response(feedback_world, a, 0, day + dt.timedelta(days=4), channel="Phone")  # not the group
    result = actions.effect(action, min_sample=2)
    assert (result.before.value, result.before.n, result.after.value, result.after.n) == (-100.0, 2, 50.0, 2)
    assert result.change == 150.0 and result.after.sufficient
    assert not actions.effect(action).after.sufficient  # 2 answers, fewer than the default 30


def test_the_satisfaction_dashboard_and_its_export(owner, feedback_world, client):
    import io

    from openpyxl import load_workbook

    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    _response(feedback_world, a, 10, dt.date(2026, 1, 5), comment="客户经理很专业，讲解耐心")
    _response(feedback_world, b, 3, dt.date(2026, 2, 5), comment="App闪退，佣金太贵")
    client.force_login(feedback_world["marketing"])
    page = client.get("/app/securities_crm/improvementaction/satisfaction/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="nps"' in html and 'data-testid="word-cloud"' in html
    assert "n = 2" in html  # every score says its n
    image = client.get("/app/securities_crm/improvementaction/satisfaction/cloud.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert client.get("/app/securities_crm/improvementaction/satisfaction/cloud.png").content == image.content
    sheet = client.get("/app/securities_crm/improvementaction/satisfaction/export.xlsx?period=quarter")
    book = load_workbook(io.BytesIO(sheet.content))
    summary = book.worksheets[0]
    assert [c.value for c in summary[2]][:3] == ["NPS", 0.0, 2]
    action = _action(owner, scope="channel", scope_value="Portal")
    form = client.get(f"/app/securities_crm/improvementaction/{action.pk}/change/")
    assert form.status_code == 200 and 'data-testid="effect"' in form.content.decode()
    client.force_login(owner)  # a Branch Manager reads responses too
    assert client.get("/app/securities_crm/improvementaction/satisfaction/").status_code == 200
