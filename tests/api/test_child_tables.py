"""Child tables travel nested: read as lists, written whole, and an update replaces them
atomically. Tested on a pair of test-only DocTypes (built in an isolated app registry, with
their tables created for the test), since no shipped DocType has a child table yet."""

import json

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from securities_crm.api import meta as api_meta
from securities_crm.core import registry
from securities_crm.core.document import Document, doctype

from .conftest import messages


@pytest.fixture
def survey_doctypes(transactional_db):
    with isolate_apps("securities_crm"):

        @doctype(
            "Test Survey",
            module="Core",
            naming="hash",
            history=False,
            submittable=True,
            child_tables={"questions": "Test Survey Question"},
        )
        class TestSurvey(Document):
            title = models.CharField("Title", max_length=100)

            class Meta(Document.Meta):
                app_label = "securities_crm"
                db_table = "test_api_survey"

        @doctype("Test Survey Question", module="Core", naming="hash", history=False)
        class TestSurveyQuestion(Document):
            survey = models.ForeignKey(TestSurvey, on_delete=models.CASCADE, related_name="question_rows")
            question = models.CharField("Question", max_length=200)
            score = models.IntegerField("Score", default=0)

            class Meta(Document.Meta):
                app_label = "securities_crm"
                db_table = "test_api_survey_question"
                ordering = ["idx"]

    with connection.schema_editor() as editor:
        editor.create_model(TestSurvey)
        editor.create_model(TestSurveyQuestion)
    specs = [TestSurvey.doctype, TestSurveyQuestion.doctype]
    for spec, model in zip(specs, (TestSurvey, TestSurveyQuestion)):
        spec.model = model
        registry._by_name[spec.name] = spec
        registry._by_model[model] = spec
    api_meta.clear_cache()
    try:
        yield TestSurvey, TestSurveyQuestion
    finally:
        for spec in specs:
            registry._by_name.pop(spec.name, None)
            registry._by_model.pop(spec.model, None)
        api_meta.clear_cache()
        with connection.schema_editor() as editor:
            editor.delete_model(TestSurveyQuestion)
            editor.delete_model(TestSurvey)


@pytest.fixture
def root_api(make_user, api_as, survey_doctypes):
    return api_as(make_user("root", superuser=True))


URL = "/api/resource/Test Survey"


def _insert(api):
    r = api.post(
        URL, {"title": "KYC", "questions": [{"question": "Age?", "score": 1}, {"question": "Income?", "score": 2}]}
    )
    assert r.status_code == 200, r.content
    return r.json()["data"]


def test_rows_are_written_and_read_nested(root_api):
    doc = _insert(root_api)
    rows = doc["questions"]
    assert [(q["question"], q["score"], q["idx"]) for q in rows] == [("Age?", 1, 1), ("Income?", 2, 2)]
    assert {(q["parent"], q["parentfield"], q["parenttype"], q["doctype"]) for q in rows} == {
        (doc["name"], "questions", "Test Survey", "Test Survey Question")
    }
    assert "survey" not in rows[0]


def test_update_replaces_the_table_and_leaves_it_alone_when_not_sent(root_api, survey_doctypes):
    _survey, question = survey_doctypes
    doc = _insert(root_api)
    r = root_api.put(f"{URL}/{doc['name']}", {"questions": [{"question": "Horizon?", "score": 5}]})
    assert [q["question"] for q in r.json()["data"]["questions"]] == ["Horizon?"]
    assert question.objects.count() == 1
    r = root_api.put(f"{URL}/{doc['name']}", {"title": "KYC v2"})
    assert [q["question"] for q in r.json()["data"]["questions"]] == ["Horizon?"]


def test_a_bad_row_fails_the_whole_update(root_api):
    doc = _insert(root_api)
    r = root_api.put(
        f"{URL}/{doc['name']}",
        {"title": "changed", "questions": [{"question": "ok", "score": 1}, {"question": "bad", "score": "many"}]},
        headers={"Accept-Language": "en"},
    )
    assert r.status_code == 417
    assert any("Row 2 of questions" in m and "Score" in m for m in messages(r)), messages(r)
    after = root_api.get(f"{URL}/{doc['name']}").json()["data"]
    assert after["title"] == "KYC" and [q["question"] for q in after["questions"]] == ["Age?", "Income?"]


def test_submit_then_cancel_then_no_more_changes(root_api):
    doc = _insert(root_api)
    r = root_api.post(
        "/api/method/frappe.client.submit", {"doc": json.dumps({"doctype": "Test Survey", "name": doc["name"]})}
    )
    assert r.status_code == 200 and r.json()["message"]["docstatus"] == 1
    assert root_api.delete(f"{URL}/{doc['name']}").status_code == 403  # cancel before deleting
    r = root_api.post("/api/method/frappe.client.cancel", {"doctype": "Test Survey", "name": doc["name"]})
    assert r.json()["message"]["docstatus"] == 2
    assert root_api.put(f"{URL}/{doc['name']}", {"title": "x"}).status_code == 403


def test_delete_takes_the_rows_along(root_api, survey_doctypes):
    _survey, question = survey_doctypes
    doc = _insert(root_api)
    assert root_api.delete(f"{URL}/{doc['name']}").status_code == 202
    assert question.objects.count() == 0


def test_openapi_describes_the_nested_table(root_api):
    from securities_crm.api import openapi

    openapi.document.cache_clear()
    try:
        schema = openapi.document()["components"]["schemas"]["TestSurvey"]
        assert schema["properties"]["questions"]["items"] == {"$ref": "#/components/schemas/TestSurveyQuestion"}
    finally:
        openapi.document.cache_clear()
