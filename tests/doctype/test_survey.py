"""Survey: the questions are checked on save (a 417 naming the question); a survey with answers keeps its
questions, and a new version carries the change while the old answers stay on the old version; the NPS
bands at their edges."""

import copy
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from feedback_fixtures import NPS_QUESTIONS, feedback_world, make_survey  # noqa: F401
from service_fixtures import service_world  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401

from securities_crm.doctype.survey import questions as q
from securities_crm.doctype.survey.model import Survey
from securities_crm.feedback import responses, surveys

pytestmark = pytest.mark.django_db
URL = "/api/resource/Survey"


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "Detractor"), (6, "Detractor"), (7, "Passive"), (8, "Passive"), (9, "Promoter"), (10, "Promoter")],
)
def test_nps_bands_at_the_edges(score, band):
    assert q.nps_category(score) == band


def test_nps_arithmetic():
    assert q.nps([6, 7, 8, 9]) == 0.0  # one detractor, one promoter, two passives
    assert q.nps([9, 9, 6, 7]) == 25.0
    assert q.nps([6, 6, 6]) == -100.0 and q.nps([10]) == 100.0 and q.nps([7, 8]) == 0.0
    assert q.nps([]) is None


def _broken(**change):
    questions = copy.deepcopy(NPS_QUESTIONS)
    questions[3].update(change)
    return questions


@pytest.mark.parametrize(
    "questions",
    [
        _broken(type="Slider"),
        _broken(label_en=""),
        _broken(max=11),
        _broken(show_if={"question": "comment", "in": ["x"]}),  # a later question
        _broken(show_if={"question": "recommend", "in": [11]}),  # not an answer to it
        _broken(key="recommend"),  # twice
    ],
)
def test_wrong_questions_are_refused_naming_the_question(db, questions):
    with pytest.raises(ValidationError) as refused:
        make_survey(questions=questions)
    message = " ".join(refused.value.message_dict["questions"])
    assert "stars" in message or "recommend" in message
    assert not Survey.objects.exists()


def test_the_rest_api_refuses_wrong_questions_with_a_417(feedback_world, api_as):  # noqa: F811
    api = api_as(feedback_world["marketing"])
    body = {"survey_name": "新问卷", "questions": _broken(type="Slider")}
    response = api.post(URL, body)
    assert response.status_code == 417 and "stars" in response.content.decode()
    assert api.post(URL, {"survey_name": "新问卷", "questions": NPS_QUESTIONS, "version": 7}).status_code == 417
    ok = api.post(URL, {"survey_name": "新问卷", "questions": NPS_QUESTIONS})
    assert ok.status_code == 200 and ok.json()["data"]["version"] == 1  # the version is the server's


def test_a_scheduled_survey_needs_a_segment_and_a_cron_expression(db):
    with pytest.raises(ValidationError) as refused:
        make_survey(trigger="Schedule", schedule="twice a year")
    assert "segment" in refused.value.message_dict


def test_a_survey_with_answers_is_versioned_not_edited(feedback_world, api_as):  # noqa: F811
    survey = feedback_world["nps"]
    client = feedback_world["clients"]["a"]
    survey.questions[0]["label_zh"] = "改一下措辞"  # no answers yet: editing in place is fine
    survey.save()
    old = responses.submit(survey, client, {"recommend": 9, "comment": "很好"})
    survey.refresh_from_db()
    survey.questions = survey.questions[:1]
    with pytest.raises(ValidationError) as refused:
        survey.save()
    assert "questions" in refused.value.message_dict
    api = api_as(feedback_world["marketing"])
    assert api.put(f"{URL}/{survey.pk}", {"questions": survey.questions}).status_code == 417
    assert api.put(f"{URL}/{survey.pk}", {"status": "Closed"}).status_code == 200  # closing is not editing

    newer = surveys.new_version(Survey.objects.get(pk=survey.pk))
    assert newer.version == 2 and newer.previous_version_id == survey.pk and newer.status == "Draft"
    newer.questions = newer.questions[:1]
    newer.status = "Open"
    newer.save()
    fresh = responses.submit(newer, feedback_world["clients"]["b"], {"recommend": 3})
    old.refresh_from_db()
    assert old.survey_id == survey.pk and old.answers == {"recommend": 9, "comment": "很好"}
    assert fresh.survey_id == newer.pk
    assert len(Survey.objects.get(pk=survey.pk).questions) == len(NPS_QUESTIONS)
    assert surveys.new_version(survey).version == 3  # numbered after the highest, whichever is copied
