"""Risk Assessment: scored on submit, immutable after, the newest valid one classifies the client,
lowest-category answers, expiry, bad answers, and record rules (a Client Manager sees only their own)."""

import pytest
from client_fixtures import english, new_client, world  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError
from suitability_fixtures import answers_for_score, long_ago, questionnaire, take_assessment  # noqa: F401

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.risk_assessment.model import RiskAssessment
from securities_crm.permissions import policy


@pytest.fixture
def a_client(branch):
    return new_client(branch)


def test_submit_scores_and_classifies_the_client(questionnaire, a_client):
    answers = answers_for_score(questionnaire, 33)
    answers["Q9"], answers["Q11"] = "B", ["A", "C"]  # horizon 1-5 years; cash and equity
    ra = RiskAssessment(client=a_client, answers=answers, channel="Branch", confirmed_ip="10.1.2.3")
    ra.submit()
    assert ra.name.startswith("RA-") and len(ra.name.split("-")[-1]) == 6
    assert ra.docstatus == 1 and ra.status == "Valid" and ra.questionnaire == questionnaire
    assert ra.horizon == "Medium" and ra.varieties == ["Cash", "Equity"]
    assert ra.valid_until.year == ra.confirmed_at.year + 2
    a_client.refresh_from_db()
    assert (a_client.risk_level, a_client.lowest_category, a_client.risk_valid_until) == (
        ra.risk_level,
        False,
        ra.valid_until,
    )


@pytest.mark.parametrize("question,option", [("Q1", "B"), ("Q10", "A")])
def test_answers_that_force_the_lowest_category(questionnaire, a_client, question, option):
    answers = answers_for_score(questionnaire, 40)
    answers[question] = option
    ra = take_assessment(a_client, answers)
    assert (ra.risk_level, ra.lowest_category) == ("C1", True)
    a_client.refresh_from_db()
    assert a_client.lowest_category and a_client.risk_level == "C1"


def test_immutable_after_submit(questionnaire, a_client):
    ra = take_assessment(a_client, answers_for_score(questionnaire, 20))
    ra.answers = answers_for_score(questionnaire, 40)
    with pytest.raises(DocumentImmutable):
        ra.save()
    stored = RiskAssessment.objects.get(pk=ra.pk)
    stored.score = 45
    with pytest.raises(DocumentImmutable):
        stored.save()
    with pytest.raises(DocumentImmutable):
        RiskAssessment.objects.get(pk=ra.pk).delete()
    assert RiskAssessment.objects.get(pk=ra.pk).score == 20


def test_missing_mandatory_answers_name_the_field_and_write_nothing(questionnaire, a_client):
    answers = answers_for_score(questionnaire, 20)
    del answers["Q3"]
    answers["Q99"] = "A"
    ra = RiskAssessment(client=a_client, answers=answers, confirmed_ip="10.0.0.1")
    with pytest.raises(ValidationError) as exc:
        ra.submit()
    text = " ".join(exc.value.message_dict["answers"])
    assert "Q3" in text and "Q99" in text
    assert not RiskAssessment.objects.exists()
    a_client.refresh_from_db()
    assert a_client.risk_level == ""


def test_several_answers_only_where_allowed(questionnaire, a_client):
    answers = answers_for_score(questionnaire, 20)
    answers["Q2"] = ["A", "B"]
    with pytest.raises(ValidationError) as exc:
        take_assessment(a_client, answers)
    assert "Q2" in str(exc.value.message_dict["answers"])


def test_newest_assessment_sets_the_client_and_cancel_falls_back(questionnaire, a_client):
    older = take_assessment(a_client, answers_for_score(questionnaire, 40), confirmed_at=long_ago(3))
    newer = take_assessment(a_client, answers_for_score(questionnaire, 16))
    a_client.refresh_from_db()
    assert a_client.risk_level == newer.risk_level == "C2"
    newer.cancel()
    a_client.refresh_from_db()
    assert a_client.risk_level == older.risk_level == "C5"


def test_expired_assessment_is_recorded_as_expired(questionnaire, a_client):
    ra = take_assessment(a_client, answers_for_score(questionnaire, 40), confirmed_at=long_ago(25))
    assert ra.status == "Expired"
    a_client.refresh_from_db()
    assert not a_client.risk_level_valid


def test_an_old_version_cannot_be_used_for_new_assessments(questionnaire, a_client):
    from securities_crm.doctype.risk_questionnaire.model import RiskQuestionnaire

    RiskQuestionnaire(version="2027.1", title_zh="新版", is_active=True).save()
    with pytest.raises(ValidationError) as exc:
        take_assessment(a_client, answers_for_score(questionnaire, 20), questionnaire=questionnaire)
    assert "questionnaire" in exc.value.message_dict


def test_client_manager_sees_only_their_own_clients_assessments(questionnaire, world):
    users, clients = world
    for c in clients.values():
        take_assessment(c, answers_for_score(questionnaire, 25))
    mine = policy.filter_queryset(users["cm_a"], RiskAssessment.objects.all())
    assert set(mine.values_list("client_id", flat=True)) == {clients["a1"].pk, clients["a2"].pk}
    branch = policy.filter_queryset(users["bm"], RiskAssessment.objects.all())
    assert set(branch.values_list("client_id", flat=True)) == {clients["a1"].pk, clients["a2"].pk, clients["b1"].pk}
    own = policy.filter_queryset(users["portal"], RiskAssessment.objects.all())
    assert set(own.values_list("client_id", flat=True)) == {clients["a1"].pk}
    assert not policy.filter_queryset(users["marketing"], RiskAssessment.objects.all()).exists()


def test_api_list_and_submit_respect_the_record_rules(questionnaire, world):
    from django.test import Client as Browser

    users, clients = world
    take_assessment(clients["b1"], answers_for_score(questionnaire, 25))
    browser = Browser()
    browser.force_login(users["cm_a"])
    r = browser.get("/api/resource/Risk Assessment", {"fields": '["name","client"]', "limit_page_length": 0})
    assert r.status_code == 200 and r.json()["data"] == []
    body = {
        "client": clients["a1"].pk,
        "answers": answers_for_score(questionnaire, 25),
        "docstatus": 1,
        "channel": "API",
    }
    r = browser.post("/api/resource/Risk Assessment", body, content_type="application/json")
    assert r.status_code == 200, r.content
    doc = r.json()["data"]
    assert (doc["score"], doc["risk_level"], doc["docstatus"], doc["confirmed_by"]) == (25, "C3", 1, "cm_a")
    r = browser.put(f"/api/resource/Risk Assessment/{doc['name']}", {"answers": {}}, content_type="application/json")
    assert r.status_code == 403
    body["client"] = clients["b1"].pk
    r = browser.post("/api/resource/Risk Assessment", body, content_type="application/json")
    missing = browser.post(
        "/api/resource/Risk Assessment", {**body, "client": "CL-999999"}, content_type="application/json"
    )
    # another manager's client gets the answer a client that does not exist gets: its existence never shows
    assert r.status_code == missing.status_code == 417
    assert r.json()["_server_messages"] == missing.json()["_server_messages"].replace("CL-999999", clients["b1"].pk)
    assert RiskAssessment.objects.filter(client=clients["b1"]).count() == 1
