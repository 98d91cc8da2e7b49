"""The client portal in Debian's Chromium, on a phone (390×844) and a desktop: activation by code,
sign-in, the questionnaire from the first question to the result, a mismatch confirmation, a
consent withdrawal and a data-copy download. Every page is photographed in Chinese:
tests/artifacts/portal_<page>_<screen>.png."""

import re
from pathlib import Path

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PASSWORD = "Hb7!qe-portal-2026"
# 29 points -> C3, horizon Medium, varieties cash / fixed income / equity (see tests/portal/helpers.py).
ANSWERS = ["A", "B", "B", "B", "B", "C", "C", "C", "B", "C", ["A", "B", "C"], []]  # Q12 is optional: skipped


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()


def _shot(page, name, screen):
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # a sticky header would otherwise be drawn mid-page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREENS[screen]["width"], f"{name} scrolls sideways ({width}px)"
    page.screenshot(path=str(ARTIFACTS / f"portal_{name}_{screen}.png"), full_page=True)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_client_uses_the_portal(page, live_server, branch, screen):
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.consent_record.model import ConsentRecord
    from securities_crm.doctype.securities_account.model import SecuritiesAccount
    from securities_crm.doctype.suitability_record.model import SuitabilityRecord
    from securities_crm.suitability.fixtures import load_products, load_questionnaire

    load_questionnaire()
    load_products()
    client = Client(
        client_name="陈晓明",
        id_number="11010519491231002X",
        mobile="13812345678",
        email="chen@example.com",
        branch=branch,
        status="Active",
    )
    client.save()
    SecuritiesAccount(account_number="A880000001", client=client).save()
    ConsentRecord(client=client, consent_type="Personalised Recommendation", text_version="T1").save()
    url = live_server.url
    page.set_viewport_size(SCREENS[screen])

    # activation: ID number and mobile, then the emailed code and a password
    page.goto(f"{url}/portal/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.click('[data-testid="activate-link"]')
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_mobile", "13812345678")
    _shot(page, "activate", screen)
    page.click("button.primary")
    page.wait_for_url("**/activate/code/")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    _shot(page, "activate_code", screen)
    page.click("button.primary")
    page.wait_for_url(f"{url}/portal/")
    assert "您好，陈晓明" in page.inner_text("main")
    _shot(page, "home_new", screen)

    # sign out and in again with the password
    page.click("form[action$='/logout/'] button")
    page.wait_for_url("**/portal/login/")
    page.fill("#id_username", client.pk)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{url}/portal/")

    # the questionnaire, one question per screen
    page.goto(f"{url}/portal/assessment/")
    _shot(page, "assessment", screen)
    page.click('[data-testid="start-assessment"]')
    for number, answer in enumerate(ANSWERS, start=1):
        page.wait_for_url(f"**/assessment/q/{number}/")
        assert re.findall(r"\d+", page.inner_text(".steps")) == [str(number), str(len(ANSWERS))]
        for option in answer if isinstance(answer, list) else [answer]:
            page.locator(f'input[name="answer"][value="{option}"]').check()
        if number == 1:
            _shot(page, "question", screen)
        page.click('[data-testid="next"]')
    page.wait_for_url("**/assessment/review/")
    _shot(page, "review", screen)
    page.click('[data-testid="submit-assessment"]')
    page.locator('[data-testid="assessment-result"]').wait_for()
    result = page.inner_text('[data-testid="assessment-result"]')
    assert "29" in result and "C3" in result
    _shot(page, "result", screen)

    # products: a match is recommended; a product above the level needs the special warning confirmed
    page.goto(f"{url}/portal/products/")
    assert "均衡成长混合基金" in page.inner_text('[data-testid="recommendations"]')
    _shot(page, "products", screen)
    page.goto(f"{url}/portal/products/EF401/")
    page.locator('[data-testid="special-warning"]').wait_for()
    _shot(page, "product_warning", screen)
    page.check('[data-testid="acknowledge"]')
    page.click('[data-testid="confirm-mismatch"]')
    page.locator('[data-testid="record"]').wait_for()
    record = SuitabilityRecord.objects.get(client=client)
    assert record.result == "mismatch_confirmed" and record.pk in page.inner_text('[data-testid="record"]')
    _shot(page, "product_confirmed", screen)
    page.goto(f"{url}/portal/products/PF501/")
    page.locator('[data-testid="blocked"]').wait_for()
    _shot(page, "product_blocked", screen)

    # privacy: withdraw personalisation, then recommendations are off; a data copy downloads
    page.goto(f"{url}/portal/privacy/")
    page.click('[data-testid="consent-personalised-recommendation"] button')
    page.wait_for_url("**/portal/privacy/")
    assert not ConsentRecord.current(client, "Personalised Recommendation")
    page.click('[data-testid="request-copy"]')
    page.wait_for_url("**/portal/privacy/")
    with page.expect_download() as download:
        page.click('[data-testid="privacy-requests"] a[download]')
    assert download.value.suggested_filename.endswith(".json")
    _shot(page, "privacy", screen)
    page.goto(f"{url}/portal/products/")
    page.locator('[data-testid="personalisation-off"]').wait_for()

    # the rest of the pages
    for name in ("profile", "accounts"):
        page.goto(f"{url}/portal/{name}/")
        _shot(page, name, screen)
    page.goto(f"{url}/portal/")
    _shot(page, "home", screen)
    # every page of the portal is in view in its navigation, none scrolled off to the side
    nav = page.locator('[data-testid="portal-nav"]')
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")
    boxes = [link.bounding_box() for link in nav.locator("a").all()]
    assert len(boxes) == 10 and all(
        b and b["x"] >= 0 and b["x"] + b["width"] <= SCREENS[screen]["width"] for b in boxes
    )
    # a keyboard user can reach the main content first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


@pytest.mark.parametrize("screen", SCREENS)
def test_reset_and_lockout_pages(page, live_server, screen):
    url = live_server.url
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{url}/portal/reset/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    _shot(page, "reset", screen)
    for _ in range(6):
        page.goto(f"{url}/portal/login/")
        page.fill("#id_username", f"nobody_{screen}")
        page.fill("#id_password", "wrong-password")
        page.click("button.primary")
        page.wait_for_load_state()
    page.locator('[data-testid="locked"]').wait_for()
    _shot(page, "locked", screen)
