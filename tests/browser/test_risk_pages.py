"""The alert transition page and the back-test page in Chromium, in Chinese: the desk's look (its sidebar,
cards and widgets), the alerts listed. Screenshots: tests/artifacts/transition_zh.png, backtest_zh.png."""

import re
import sys
from pathlib import Path

import pytest
from browser_helpers import login

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from monitoring.conftest import feed, make_rule, scan, transfer, world  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_transition_and_backtest_pages_in_the_desks_look(page, live_server, world):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    feed("fund_transfers", [transfer("60000.00", "2026-03-02 10:00:00", is_cash="1")])
    rule = make_rule("large_cash", code="AML-CASH")
    alert = scan(rule)[0]
    login(page, live_server, world["compliance"])

    page.goto(f"{live_server.url}/app/securities_crm/riskalert/{alert.pk}/transition/")
    transition = page.locator('[data-testid="transition-page"]')
    transition.wait_for()
    assert page.locator("#nav-sidebar, aside").count() > 0  # inside the desk, not a bare form
    assert "变更状态" in page.inner_text("body") or "状态" in page.inner_text("body")
    assert page.locator('[data-testid="transition-form"] textarea[name="reason"]').get_attribute("class")
    page.screenshot(path=str(ARTIFACTS / "transition_zh.png"), full_page=True)

    page.goto(f"{live_server.url}/app/securities_crm/monitoringrule/{rule.pk}/change/")
    page.locator('[data-testid="backtest-unsaved"] button').click()
    page.wait_for_url(re.compile(r"/monitoringrule/backtest/"))
    page.fill("#id_start", "2026-03-01")
    page.fill("#id_end", "2026-03-31")
    page.locator('[data-testid="backtest-form"] button[type=submit]').click()
    result = page.locator('[data-testid="backtest-result"]')
    result.wait_for()
    assert result.get_attribute("data-alerts") == "1"
    assert page.locator('[data-testid="backtest-row"]').count() == 1
    assert "张三" in page.inner_text('[data-testid="backtest-row"]')
    page.screenshot(path=str(ARTIFACTS / "backtest_zh.png"), full_page=True)
