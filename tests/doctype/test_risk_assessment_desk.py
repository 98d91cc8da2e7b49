"""The suitability desk: every new DocType's list and forms open, an assessment is taken in the desk
form, the client 360 page shows assessments and suitability records, the report page and its
sidebar link, and professional applications are decided by a reviewer."""

from client_fixtures import desk_for, english, world  # noqa: F401  (fixtures)
from suitability_fixtures import answers_for_score, make_product, questionnaire, take_assessment  # noqa: F401

from securities_crm.doctype.risk_assessment.model import RiskAssessment
from securities_crm.suitability import service

MODELS = [
    "riskquestionnaire",
    "riskassessment",
    "product",
    "serviceoffering",
    "suitabilityrecord",
    "professionalinvestorapplication",
]


def test_lists_and_add_forms_open(questionnaire, world):
    users, _ = world
    browser = desk_for(users["admin"])
    for model in MODELS:
        assert browser.get(f"/app/securities_crm/{model}/").status_code == 200, model
        r = browser.get(f"/app/securities_crm/{model}/add/")
        if model == "suitabilityrecord":  # a record is written by a confirmed check: the add button opens it
            assert r.status_code == 302 and r["Location"] == "/app/securities_crm/suitabilityrecord/check/"
        else:
            assert r.status_code == 200, model


def _form(questionnaire, client, score, submit=True):
    data = {"client": client.pk, "channel": "Desk"}
    if submit:
        data["submit_now"] = "on"
    for code, option in answers_for_score(questionnaire, score).items():
        data[f"q_{code}"] = option
    return data


def test_take_an_assessment_in_the_desk(questionnaire, world):
    users, clients = world
    browser = desk_for(users["cm_a"])
    page = browser.get(f"/app/securities_crm/riskassessment/add/?client={clients['a1'].pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="q_Q1"' in html and 'type="checkbox"' in html and "full civil capacity" in html
    data = _form(questionnaire, clients["a1"], 31)
    data["q_Q11"] = ["A", "C"]  # several varieties: the higher one scores
    data.pop("q_Q12", None)  # optional
    r = browser.post("/app/securities_crm/riskassessment/add/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    ra = RiskAssessment.objects.get()
    assert ra.docstatus == 1 and ra.confirmed_by == users["cm_a"] and ra.varieties == ["Cash", "Equity"]
    clients["a1"].refresh_from_db()
    assert clients["a1"].risk_level == ra.risk_level
    view = browser.get(f"/app/securities_crm/riskassessment/{ra.pk}/change/")
    assert view.status_code == 200 and "full civil capacity" in view.content.decode()


def test_a_missing_answer_is_shown_on_its_question_and_nothing_is_written(questionnaire, world):
    users, clients = world
    data = _form(questionnaire, clients["a1"], 25)
    del data["q_Q4"]
    r = desk_for(users["cm_a"]).post("/app/securities_crm/riskassessment/add/", data)
    assert r.status_code == 200 and "This question must be answered." in r.content.decode()
    assert not RiskAssessment.objects.exists()


def test_a_draft_can_be_saved_and_submitted_later(questionnaire, world):
    users, clients = world
    browser = desk_for(users["cm_a"])
    data = _form(questionnaire, clients["a2"], 25, submit=False)
    del data["q_Q4"]
    assert browser.post("/app/securities_crm/riskassessment/add/", data).status_code == 302
    ra = RiskAssessment.objects.get()
    assert ra.docstatus == 0 and "Q4" not in ra.answers
    data = _form(questionnaire, clients["a2"], 25)
    assert browser.post(f"/app/securities_crm/riskassessment/{ra.pk}/change/", data).status_code == 302
    ra.refresh_from_db()
    assert (ra.docstatus, ra.score) == (1, 25)


def test_client_360_shows_assessments_and_records(questionnaire, world):
    users, clients = world
    answers = answers_for_score(questionnaire, 25)
    answers["Q9"], answers["Q11"] = "C", ["A", "B", "C"]
    ra = take_assessment(clients["a1"], answers)
    make_product("EQ4", "R4", "Medium", "Equity")
    from securities_crm.doctype.product.model import Product

    record = service.confirm(users["cm_a"], clients["a1"], Product.objects.get(), "Desk")
    desk = desk_for(users["cm_a"])
    url = f"/app/securities_crm/client/{clients['a1'].pk}"
    html = desk.get(f"{url}/change/").content.decode()
    assert "Risk Assessments" in html and "Suitability Records" in html  # the tabs; rows come when opened
    assert ra.pk in desk.get(f"{url}/tab/riskassessment/").content.decode()
    assert record.pk in desk.get(f"{url}/tab/suitabilityrecord/").content.decode()


def test_report_page_and_sidebar_link(questionnaire, world):
    users, clients = world
    take_assessment(clients["a1"], answers_for_score(questionnaire, 25))
    url = "/app/securities_crm/suitabilityrecord/report/"
    r = desk_for(users["compliance"]).get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="suitability-report"' in html and "Clients by risk level" in html and url in html
    assert desk_for(users["service"]).get(url).status_code == 403
    assert url not in desk_for(users["service"]).get("/app/").content.decode()


def test_a_reviewer_approves_an_application_in_the_desk(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    users, clients = world
    data = {
        "client": clients["a1"].pk,
        "application_type": "Professional III",
        "financial_assets": "3000000",
        "investment_years": "1",
        "evidence": SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof"),
        "statement": "本人申请成为专业投资者",
    }
    r = desk_for(users["cm_a"]).post("/app/securities_crm/professionalinvestorapplication/add/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    from securities_crm.doctype.professional_investor_application.model import ProfessionalInvestorApplication

    app = ProfessionalInvestorApplication.objects.get()
    assert app.criteria_met and (tmp_path / app.evidence.name).exists()
    base = f"/app/securities_crm/professionalinvestorapplication/{app.pk}"
    assert desk_for(users["cm_a"]).post(f"{base}/transition/", {"action": "approve"}).status_code == 403
    app.refresh_from_db()
    assert app.status == "Pending"  # a client manager may not decide
    assert desk_for(users["compliance"]).post(f"{base}/transition/", {"action": "approve"}).status_code == 302
    app.refresh_from_db()
    clients["a1"].refresh_from_db()
    assert app.status == "Approved" and clients["a1"].investor_type == "Professional III"


def test_questionnaire_form_shows_its_rows_and_activates_a_version(questionnaire, world):
    from securities_crm.doctype.risk_questionnaire.model import RiskQuestionnaire

    users, _ = world
    browser = desk_for(users["compliance"])
    r = browser.get(f"/app/securities_crm/riskquestionnaire/{questionnaire.pk}/change/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Score Bands" in html and "Options" in html and questionnaire.question_rows.get(code="Q5").text_zh in html
    RiskQuestionnaire(version="2027.1", title_zh="新版").save()
    browser.get(f"/app/securities_crm/riskquestionnaire/{questionnaire.pk}/activate/")
    assert RiskQuestionnaire.active() == questionnaire
    browser.get("/app/securities_crm/riskquestionnaire/2027.1/activate/")  # no questions: refused
    assert RiskQuestionnaire.active() == questionnaire
