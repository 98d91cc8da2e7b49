"""The desk in a real browser: every role signs in, sees its own dashboard in Chinese, and we keep a screenshot.

Screenshots go to tests/artifacts/ (git-ignored): desk_<role>.png, one per role.
"""

from pathlib import Path

import pytest

from securities_crm.notifications import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ROLES = [
    "System Manager",
    "Branch Manager",
    "Client Manager",
    "Advisor",
    "Compliance Officer",
    "Risk Officer",
    "Service Agent",
    "Marketing",
]
ROLE_ZH = {
    "System Manager": "系统管理员",
    "Branch Manager": "营业部负责人",
    "Client Manager": "客户经理",
    "Advisor": "投资顾问",
    "Compliance Officer": "合规专员",
    "Risk Officer": "风控专员",
    "Service Agent": "客服专员",
    "Marketing": "市场营销",
}


@pytest.fixture
def organisation(make_user, branch, other_branch):
    users = {}
    for role in ROLES:
        users[role] = make_user(role.lower().replace(" ", "_"), roles=[role], branch=branch)
    for n in range(3):
        make_user(f"bj_cm{n}", roles=["Client Manager"], branch=other_branch)
    for user in users.values():
        notify(user, "欢迎使用证券公司客户管理系统", "这是您的消息中心。", kind="Reminder")
    return users


def sign_in(page, base, username):
    page.goto(f"{base}/app/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base}/app/")


def test_each_role_sees_its_dashboard_in_chinese(browser, live_server, organisation):
    # One test over all roles (a fresh browser context each): the database is set up once, not eight times.
    ARTIFACTS.mkdir(exist_ok=True)
    for role in ROLES:
        user = organisation[role]
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        context.set_default_timeout(15000)
        page = context.new_page()
        try:
            sign_in(page, live_server.url, user.username)
            dashboard = page.locator('[data-testid="dashboard"]')
            dashboard.wait_for()
            assert page.locator("html").get_attribute("lang") == "zh-hans", role
            assert ROLE_ZH[role] in page.locator("[data-role-label]").all_inner_texts(), role
            assert "欢迎" in dashboard.inner_text(), role
            assert page.locator('[data-kind="error"]').count() == 0, role
            assert page.locator('[data-figure="unread_notifications"] .crm-number').inner_text() == "1", role
            if page.locator("canvas").count():
                page.wait_for_timeout(800)  # let Chart.js finish its grow-in animation before the screenshot
            page.screenshot(path=str(ARTIFACTS / f"desk_{user.username}.png"), full_page=True)
        finally:
            context.close()


def test_the_login_page_switches_to_english_and_back(page, live_server, organisation):
    page.goto(f"{live_server.url}/app/login/")
    assert "欢迎回来" in page.inner_text("body")
    page.click('[data-testid="language-switch"] button[value="en"]')
    page.wait_for_load_state()
    assert "Welcome back to" in page.inner_text("body")
    sign_in(page, live_server.url, "advisor")
    dashboard = page.inner_text('[data-testid="dashboard"]')
    assert "Unread notifications" in dashboard and "Advisor" in dashboard and "未读通知" not in dashboard
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk_advisor_english.png"), full_page=True)


def test_the_desk_user_menu_switches_language(page, live_server, organisation):
    sign_in(page, live_server.url, "service_agent")
    page.locator('[data-testid="dashboard"]').wait_for()
    assert "未读通知" in page.inner_text('[data-testid="dashboard"]')
    page.get_by_text("service_agent", exact=True).last.click()  # the user menu at the foot of the sidebar
    page.locator('form[action*="i18n/setlang"] button', has_text="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Unread notifications" in page.inner_text('[data-testid="dashboard"]')
    page.get_by_text("service_agent", exact=True).last.click()
    page.locator('form[action*="i18n/setlang"] button', has_text="简体中文").click()
    page.wait_for_load_state()
    assert "未读通知" in page.inner_text('[data-testid="dashboard"]')
