"""The advisor's journey in the desk, in Debian's Chromium and in Chinese: sign in, find a client of theirs,
check a product above the client's level, capture the client's confirmation at the counter, then see the
Suitability Record and its 回访 task. And a page the role may not open answers the desk's styled 403, in
Chinese, with a way back.

Screenshots: tests/artifacts/advisor_check.png, advisor_record.png, forbidden_zh.png, transition_zh.png.
"""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Answers worth 29 points (C3), horizon 1-5 years, cash + fixed income + equity (see test_assessment_desk.py).
ANSWERS = {"Q1": "A", "Q2": "B", "Q3": "B", "Q4": "B", "Q5": "B", "Q6": "C", "Q7": "C", "Q8": "C", "Q9": "B"}
ANSWERS |= {"Q10": "C", "Q11": ["A", "B", "C"]}


@pytest.fixture
def advisor_world(make_user, branch):
    from django.utils import timezone

    from securities_crm.core.session import acting_as
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.product.model import Product
    from securities_crm.doctype.risk_assessment.model import RiskAssessment
    from securities_crm.suitability.fixtures import load_questionnaire

    load_questionnaire()
    manager = make_user("cm_li", roles=["Client Manager"], branch=branch)
    advisor = make_user("adv_wang", roles=["Advisor"], branch=branch)
    marketing = make_user("mkt_zhao", roles=["Marketing"], branch=branch)
    mine = Client(
        client_name="钱多多",
        id_number="11010519491231002X",
        mobile="13812345678",
        branch=branch,
        client_manager=manager,
        advisor=advisor,
        status="Active",
    )
    mine.save()
    other = Client(
        client_name="孙不见",
        id_number=_valid_id("11010519850615123"),
        branch=branch,
        client_manager=manager,
        status="Active",
    )
    other.save()
    with acting_as("Administrator"):
        RiskAssessment(client=mine, answers=ANSWERS, confirmed_ip="10.0.0.8", confirmed_at=timezone.now()).submit()
    Product(
        product_code="QH-R4", product_name="量化对冲四号", risk_rating="R4", horizon="Medium", variety="Equity"
    ).save()
    Product(product_code="GZ-R2", product_name="稳健债券二号", risk_rating="R2", horizon="Short", variety="Cash").save()
    return {"advisor": advisor, "marketing": marketing, "mine": mine, "other": other, "manager": manager}


def _valid_id(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


def sign_in(page, base, username):
    page.goto(f"{base}/app/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base}/app/")


def test_the_advisors_journey(page, live_server, advisor_world):
    from securities_crm.doctype.care_task.model import CareTask
    from securities_crm.doctype.suitability_record.model import SuitabilityRecord

    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    mine, other = advisor_world["mine"], advisor_world["other"]
    sign_in(page, base, "adv_wang")
    # find the client: the list holds the advisor's clients only
    page.goto(f"{base}/app/securities_crm/client/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    body = page.inner_text("#changelist-form")
    assert mine.pk in body and other.pk not in body
    page.fill("#searchbar", "钱多多")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name=mine.pk).first.click()
    page.wait_for_url(re.compile(rf"/client/{mine.pk}/change/"))
    # the check, from the client's page; the product by autocomplete
    page.locator('a[href$="/suitability-check/"]').first.click()
    page.wait_for_url(re.compile(r"/suitabilityrecord/check/\?client="))
    page.locator("#id_product + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("量化")
    page.locator(".select2-results__option", has_text="QH-R4").click()
    page.locator('[data-testid="check-form"] button[type=submit]').click()
    result = page.locator('[data-testid="check-result"]')
    result.wait_for()
    assert result.get_attribute("data-result") == "mismatch_confirmable"
    assert page.locator('[data-axis="risk"]').get_attribute("data-axis-result") == "mismatch"
    assert page.locator('[data-axis="horizon"]').get_attribute("data-axis-result") == "match"
    assert page.locator('[data-axis="variety"]').get_attribute("data-axis-result") == "match"
    warning = page.inner_text('[data-testid="special-warning"]')
    assert "特别风险警示" in warning or "风险" in warning
    page.select_option("#id_channel", "Branch")
    page.check("#id_confirmed")
    page.screenshot(path=str(ARTIFACTS / "advisor_check.png"), full_page=True)
    page.locator('[data-testid="confirm-form"] button[type=submit]').click()
    # the record, confirmed by the advisor at the counter, and its 回访 task
    page.wait_for_url(re.compile(r"/suitabilityrecord/SR-[^/]+/change/"))
    record = SuitabilityRecord.objects.get(client=mine)
    assert (record.confirmed_by.username, record.channel, record.result) == ("adv_wang", "Branch", "mismatch_confirmed")
    task = CareTask.objects.get(source_doctype="Suitability Record", source_name=record.pk)
    assert task.pk in page.inner_text("body") and "回访" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "advisor_record.png"), full_page=True)
    page.locator('[data-testid="care-task"]').click()
    page.wait_for_url(re.compile(rf"/caretask/{task.pk}/change/"))
    assert "回访" in page.inner_text("body")


def test_a_forbidden_page_is_styled_and_chinese(page, live_server, advisor_world):
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, "mkt_zhao")
    response = page.goto(f"{live_server.url}/app/securities_crm/client/")
    assert response.status == 403
    error = page.locator('[data-testid="error-page"]')
    assert error.get_attribute("data-status") == "403"
    text = error.inner_text()
    assert "无权访问" in text and "Forbidden" not in page.inner_text("body")
    assert not re.search(r"\b(Access|denied|permission)\b", text, re.I)
    page.screenshot(path=str(ARTIFACTS / "forbidden_zh.png"), full_page=True)
    error.get_by_role("link").first.click()  # the way back
    page.wait_for_url(f"{live_server.url}/app/")
