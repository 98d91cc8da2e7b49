"""Taking a risk assessment in the desk, in Debian's Chromium: a client manager answers the active
questionnaire (in Chinese) for a client, submits it, and sees the score and level; the client 360
page then lists it. Leaves tests/artifacts/assessment_form.png, assessment_result.png and suitability_report.png."""

import os
from pathlib import Path

import pytest
from browser_helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# Answers: full capacity, 26-50, ¥100-500k, ¥0.5-3M, debt <20%, 2-5 years, good knowledge, steady growth,
# 1-5 years, 10-30% loss, cash + fixed income + equity: 0+4+2+2+3+3+3+3+3+3+3 = 29 -> C3.
ANSWERS = {
    "Q1": "A",
    "Q2": "B",
    "Q3": "B",
    "Q4": "B",
    "Q5": "B",
    "Q6": "C",
    "Q7": "C",
    "Q8": "C",
    "Q9": "B",
    "Q10": "C",
}
VARIETIES = ["A", "B", "C"]


def test_take_an_assessment_in_the_desk(page, live_server, make_user, branch):
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.risk_assessment.model import RiskAssessment
    from securities_crm.suitability.fixtures import load_questionnaire

    load_questionnaire()
    manager = make_user("cm_zhou", roles=["Client Manager"], branch=branch)
    client = Client(
        client_name="赵敏",
        id_number="11010519491231002X",
        mobile="13812345678",
        branch=branch,
        client_manager=manager,
        status="Active",
    )
    client.save()
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/app/securities_crm/riskassessment/add/?client={client.pk}")
    page.get_by_text("您的年龄处于哪个区间？", exact=False).first.wait_for()
    assert "赵敏" in page.locator("#id_client").inner_text() or client.pk in page.content()
    for code, option in ANSWERS.items():
        page.locator(f'input[name="q_{code}"][value="{option}"]').check()
    for option in VARIETIES:
        page.locator(f'input[name="q_Q11"][value="{option}"]').check()
    assert page.locator('input[name="submit_now"]').is_checked()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "assessment_form.png"), full_page=True)
    page.locator('button[name="_continue"], input[name="_continue"]').first.click()
    page.wait_for_url("**/change/**")
    assessment = RiskAssessment.objects.get(client=client)
    assert (assessment.docstatus, assessment.score, assessment.risk_level) == (1, 29, "C3")
    assert assessment.horizon == "Medium" and assessment.confirmed_by == manager
    text = page.locator("body").inner_text()
    assert assessment.name in text and "C3" in text
    page.screenshot(path=str(ARTIFACTS / "assessment_result.png"), full_page=True)
    client.refresh_from_db()
    assert client.risk_level == "C3" and client.risk_valid_until == assessment.valid_until
    page.goto(f"{live_server.url}/app/securities_crm/client/{client.pk}/change/")
    page.locator('a[href="#risk_assessments"]').first.click()  # the tab fetches its rows when opened
    page.locator(f"text={assessment.name}").first.wait_for(state="visible")
    assert os.path.getsize(ARTIFACTS / "assessment_form.png") > 10_000
    # The suitability report: linked in the sidebar's Suitability group (collapsed here), opened by its URL.
    report = "/app/securities_crm/suitabilityrecord/report/"
    assert page.locator(f'a[href="{report}"]').count() == 1
    page.goto(live_server.url + report)
    page.locator('[data-testid="suitability-report"] canvas').first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "suitability_report.png"), full_page=True)
