"""Survey Response: answers are checked against the questions (range, required, skip logic, a closed survey)
with a 417 naming the question and nothing stored; the scores come from the answers; HTML stays text;
a low score gives the client's manager one follow-up task, however often it is submitted; a client sees
only their own responses (another's is a 404)."""

import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from feedback_fixtures import CSAT_QUESTIONS, feedback_world, make_survey  # noqa: F401
from service_fixtures import service_world  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401

from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.survey_response.model import SurveyResponse
from securities_crm.feedback import responses

pytestmark = pytest.mark.django_db
URL = "/api/resource/Survey Response"


def refused(survey, client, answers) -> str:
    with pytest.raises(ValidationError) as error:
        responses.submit(survey, client, answers)
    assert not SurveyResponse.objects.exists() and not CareTask.objects.exists()
    return " ".join(m for ms in error.value.message_dict.values() for m in ms)


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({"recommend": 11}, "recommend"),
        ({"recommend": -1}, "recommend"),
        ({"recommend": "很好"}, "recommend"),
        ({"recommend": 7.5}, "recommend"),
        ({"recommend": True}, "recommend"),
        ({"recommend": 9, "effort": 8}, "effort"),  # CES is 1–7
        ({"recommend": 9, "stars": 0}, "stars"),
        ({"recommend": 9, "channel": "wechat"}, "channel"),
        ({}, "recommend"),  # required
        ({"recommend": "  "}, "recommend"),
        ({"recommend": 6}, "why_low"),  # shown to a detractor, and required
        ({"recommend": 4, "why_low": ["fees", "taxes"]}, "why_low"),
    ],
)
def test_a_wrong_answer_is_refused_naming_the_question(feedback_world, answers, question):
    assert question in refused(feedback_world["nps"], feedback_world["clients"]["a"], answers)


def test_skip_logic_hides_and_drops(feedback_world):
    client = feedback_world["clients"]["a"]
    passive = responses.submit(feedback_world["nps"], client, {"recommend": 7, "why_low": ["fees"], "stray": 1})
    assert passive.answers == {"recommend": 7}  # why_low was not shown to a passive: not stored
    detractor = responses.submit(
        feedback_world["nps"], client, {"recommend": "6", "why_low": ["app", "fees"], "effort": 2, "stars": 3}
    )
    assert detractor.answers["why_low"] == ["fees", "app"] and detractor.nps_score == 6
    assert detractor.ces_score == 2 and detractor.csat_score is None and detractor.nps_category == "Detractor"


@pytest.mark.parametrize(("score", "band"), [(6, "Detractor"), (7, "Passive"), (8, "Passive"), (9, "Promoter")])
def test_the_nps_score_and_band_come_from_the_answer(feedback_world, score, band):
    answers = {"recommend": score, "why_low": ["fees"]}
    response = responses.submit(feedback_world["nps"], feedback_world["clients"]["a"], answers)
    assert response.nps_score == score and response.nps_category == band
    assert CareTask.objects.filter(source_name=response.pk).exists() == (band == "Detractor")


def test_a_closed_survey_takes_no_answers(feedback_world):
    survey = feedback_world["nps"]
    survey.status = "Closed"
    survey.save()
    assert survey.survey_name in refused(survey, feedback_world["clients"]["a"], {"recommend": 9})


def test_html_in_free_text_is_stored_as_text(feedback_world, api_as):  # noqa: F811
    text = '<script>alert("x")</script><b>佣金</b>太高'
    response = responses.submit(
        feedback_world["nps"], feedback_world["clients"]["a"], {"recommend": 9, "comment": text}
    )
    assert response.comment == text and response.answers["comment"] == text
    api = api_as(feedback_world["cm"])
    assert api.get(f"{URL}/{response.pk}").json()["data"]["comment"] == text
    from django.test import Client

    desk = Client()
    desk.force_login(feedback_world["cm"])
    page = desk.get(f"/app/securities_crm/surveyresponse/{response.pk}/change/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_a_detractor_gets_one_follow_up_task_however_often_it_is_submitted(feedback_world):
    client = feedback_world["clients"]["a"]
    survey = feedback_world["nps"]
    first = responses.submit(
        survey,
        client,
        {"recommend": 2, "why_low": ["adviser"]},
        context_doctype="Care Task",
        context_name=_care(client).pk,
    )
    again = responses.submit(
        survey,
        client,
        {"recommend": 3, "why_low": ["fees"]},
        context_doctype="Care Task",
        context_name=first.context_name,
    )
    assert again.pk == first.pk and again.nps_score == 3  # the same response, its answers replaced
    again.save()
    tasks = CareTask.objects.filter(kind="feedback")
    assert tasks.count() == 1
    task = tasks.get()
    assert task.assigned_to == feedback_world["cm"] and task.client == client
    assert task.source_doctype == "Survey Response" and task.source_name == first.pk
    assert (task.due_on - task.creation.date()).days <= 1  # by the end of tomorrow: within 48 hours


def test_a_low_csat_is_followed_up_and_a_fair_one_is_not(feedback_world):
    client = feedback_world["clients"]["b"]
    responses.submit(feedback_world["csat"], client, {"csat": 3})
    assert not CareTask.objects.exists()
    responses.submit(feedback_world["csat"], client, {"csat": 2, "comment": "等太久"})
    assert "CSAT 2" in CareTask.objects.get().subject


def _care(client):
    from django.utils import timezone

    task = CareTask(client=client, subject="回访", due_on=timezone.localdate())
    task.save()
    return task


def test_a_context_must_be_the_clients_own(feedback_world):
    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    theirs = _care(b)
    with pytest.raises(ValidationError) as error:
        responses.submit(
            feedback_world["nps"], a, {"recommend": 9}, context_doctype="Care Task", context_name=theirs.pk
        )
    assert "context_name" in error.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_who_sees_a_response(feedback_world, api_as):  # noqa: F811
    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    mine = responses.submit(feedback_world["nps"], a, {"recommend": 9})
    theirs = responses.submit(feedback_world["nps"], b, {"recommend": 10})
    portal = api_as(feedback_world["portal"])
    assert portal.get(f"{URL}/{mine.pk}").status_code == 200
    assert portal.get(f"{URL}/{theirs.pk}").status_code == 404
    listed = portal.get(URL, {"fields": '["name"]', "limit_page_length": 0}).json()["data"]
    assert [r["name"] for r in listed] == [mine.pk]
    for role in ("cm", "marketing"):
        assert api_as(feedback_world[role]).get(f"{URL}/{theirs.pk}").status_code == 200
    assert api_as(feedback_world["agents"][0]).get(f"{URL}/{theirs.pk}").status_code == 200
    assert api_as(feedback_world["compliance"]).get(f"{URL}/{theirs.pk}").status_code in (403, 404)
    # no generic route writes a response: not even the client's own, not through the body's client
    assert portal.post(
        URL, {"survey": feedback_world["nps"].pk, "client": b.pk, "answers": {"recommend": 1}}
    ).status_code in (403, 404, 417)
    assert portal.put(f"{URL}/{mine.pk}", {"answers": {"recommend": 0}}).status_code in (403, 404, 417)
    assert SurveyResponse.objects.get(pk=mine.pk).nps_score == 9
