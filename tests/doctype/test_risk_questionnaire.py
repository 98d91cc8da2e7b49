"""Risk Questionnaire: the fixture, versions (one active), frozen rows once used, bilingual text,
and the score bands: every band edge gives the right level."""

import pytest
from client_fixtures import english, new_client  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from suitability_fixtures import answers_for_score, questionnaire, take_assessment  # noqa: F401

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.risk_questionnaire.model import RiskQuestionnaire
from securities_crm.doctype.risk_questionnaire_band.model import RiskQuestionnaireBand
from securities_crm.suitability import questionnaires


def test_fixture_covers_the_required_topics_in_two_languages(questionnaire):
    topics = set(questionnaire.question_rows.values_list("topic", flat=True))
    assert {
        "Age",
        "Income",
        "Assets",
        "Debt",
        "Experience",
        "Knowledge",
        "Objective",
        "Horizon",
        "Loss Tolerance",
        "Variety",
        "Civil Capacity",
    } <= topics
    for row in list(questionnaire.question_rows.all()) + list(questionnaire.option_rows.all()):
        assert row.text_zh and row.text_en
    assert questionnaire.option_rows.filter(forces_lowest=True).count() == 2
    assert questionnaire.is_active and questionnaire.validity_months == 24
    q1 = questionnaire.question_rows.get(code="Q1")
    with translation.override("en"):
        assert q1.text == q1.text_en
    with translation.override("zh-hans"):
        assert q1.text == q1.text_zh


def test_loading_twice_makes_one_version(questionnaire):
    from securities_crm.suitability.fixtures import load_questionnaire

    assert load_questionnaire().pk == questionnaire.pk
    assert RiskQuestionnaire.objects.count() == 1


def test_one_active_version_at_a_time(questionnaire):
    newer = RiskQuestionnaire(version="2027.1", title_zh="新版", is_active=True)
    newer.save()
    questionnaire.refresh_from_db()
    assert not questionnaire.is_active
    assert RiskQuestionnaire.active() == newer


def test_activating_an_incomplete_version_is_refused(questionnaire):
    empty = RiskQuestionnaire(version="2027.1", title_zh="空问卷")
    empty.save()
    with pytest.raises(ValidationError) as exc:
        questionnaires.activate(empty)
    assert "questions" in exc.value.message_dict
    assert RiskQuestionnaire.active() == questionnaire


def test_bands_with_a_gap_are_refused(questionnaire):
    band = questionnaire.band_rows.get(risk_level="C3")
    band.min_score = 24
    band.save()
    with pytest.raises(ValidationError) as exc:
        questionnaires.activate(questionnaire)
    assert "gap" in str(exc.value.message_dict["bands"])


# Band edges of the fixture: C1 0-14, C2 15-22, C3 23-30, C4 31-37, C5 38-45 (lowest reachable: 11).
@pytest.mark.parametrize(
    "score,level",
    [
        (11, "C1"),
        (14, "C1"),
        (15, "C2"),
        (22, "C2"),
        (23, "C3"),
        (30, "C3"),
        (31, "C4"),
        (37, "C4"),
        (38, "C5"),
        (45, "C5"),
    ],
)
def test_score_band_edges(questionnaire, branch, score, level):
    client = new_client(branch, seq=score)
    ra = take_assessment(client, answers_for_score(questionnaire, score))
    assert (ra.score, ra.risk_level, ra.lowest_category) == (score, level, False)


def test_a_used_version_is_frozen_but_readable(questionnaire, branch):
    ra = take_assessment(new_client(branch), answers_for_score(questionnaire, 30))
    option = questionnaire.option_rows.get(question_code="Q2", code="A")
    option.score = 9
    with pytest.raises(DocumentImmutable):
        option.save()
    with pytest.raises(DocumentImmutable), transaction.atomic():
        RiskQuestionnaireBand.objects.filter(questionnaire=questionnaire).delete()
    assert questionnaire.band_rows.count() == 5
    newer = RiskQuestionnaire(version="2027.1", title_zh="新版", is_active=True)
    newer.save()
    ra.refresh_from_db()
    assert ra.questionnaire == questionnaire and ra.answer_details[0]["question"] == "Q1"
    assert all(d["text"] and d["answers"] for d in ra.answer_details)


def test_questionnaire_over_the_api_is_nested(questionnaire, make_user, branch, client):
    from django.test import Client as Browser

    user = make_user("cm", roles=["Client Manager"], branch=branch)
    browser = Browser()
    browser.force_login(user)
    r = browser.get(f"/api/resource/Risk Questionnaire/{questionnaire.pk}")
    assert r.status_code == 200, r.content
    doc = r.json()["data"]
    assert len(doc["questions"]) == 12 and len(doc["bands"]) == 5
    assert {o["question_code"] for o in doc["options"]} == {f"Q{i}" for i in range(1, 13)}
