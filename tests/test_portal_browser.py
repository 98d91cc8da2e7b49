"""The portal on a phone (390×844) and a desktop in Chromium: sign in, home, language switch; screenshots kept.

Screenshots go to tests/artifacts/ (git-ignored): portal_<page>_<screen>.png.
"""

from pathlib import Path

import pytest

from securities_crm.notifications import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 800}}


@pytest.fixture(autouse=True)
def _clean_cache():
    """Sign-in rate limits and lockout counters live in Redis across tests: each test starts clean."""
    from django.core.cache import cache

    cache.clear()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_client_signs_in_on_a_phone_and_a_desktop(page, live_server, make_user, branch, screen):
    from securities_crm.doctype.client.model import Client

    user = make_user("wang_wu", roles=["Client"], staff=False)
    Client(client_name="王五", id_number="11010519491231002X", mobile="13812345678", branch=branch, user=user).save()
    notify(user, "您的风险测评将于 30 天后到期")
    page.set_viewport_size(SCREENS[screen])
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/portal/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    button = page.locator("button.primary")
    assert button.inner_text() == "登录"
    box = button.bounding_box()
    assert box["width"] <= SCREENS[screen]["width"] and box["height"] >= 40  # fits the screen, easy to tap
    page.screenshot(path=str(ARTIFACTS / f"portal_login_{screen}.png"), full_page=True)

    page.fill("#id_username", "wang_wu")
    page.fill("#id_password", "pw-wang_wu")
    button.click()
    page.wait_for_url(f"{live_server.url}/portal/")
    assert "您好，王五" in page.inner_text("main")
    assert "您的风险测评将于 30 天后到期" in page.inner_text('[data-testid="portal-messages"]')
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= SCREENS[screen]["width"]  # no sideways scrolling
    page.screenshot(path=str(ARTIFACTS / f"portal_home_{screen}.png"), full_page=True)

    page.click('[data-testid="language-switch"] button[value="en"]')
    page.wait_for_url(f"{live_server.url}/portal/")
    assert "Hello, 王五" in page.inner_text("main") and page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(ARTIFACTS / f"portal_home_{screen}_en.png"), full_page=True)


def test_staff_signing_in_to_the_portal_land_in_the_desk(page, live_server, make_user, branch):
    make_user("zhao_liu", roles=["Service Agent"], branch=branch)
    page.goto(f"{live_server.url}/portal/login/")
    page.fill("#id_username", "zhao_liu")
    page.fill("#id_password", "pw-zhao_liu")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/app/")
    page.locator('[data-testid="dashboard"]').wait_for()
