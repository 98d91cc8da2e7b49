"""Events in Debian's Chromium, in Chinese: a client registers on a phone (390×844) and shows the QR code;
staff check the client in on the desk's check-in page, then a second scan of the same code is refused.
Leaves tests/artifacts/events_*.png for a person to look at."""

import sys
from pathlib import Path

import pytest
from browser_helpers import login, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from event_fixtures import make_event, portal_client  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    shot(page, f"events_{name}")


def test_a_client_registers_on_a_phone_and_staff_check_them_in(browser, live_server, make_user, branch):
    from securities_crm.doctype.event_registration.model import EventRegistration
    from securities_crm.education import checkin

    cm = make_user("cm_evb", roles=["Client Manager"], branch=branch)
    staff = make_user("mkt_evb", roles=["Marketing"], branch=branch)
    client = portal_client(branch, cm, 90)
    event = make_event("科创板投资者教育讲座", capacity=30, sessions=2)

    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    login(page, live_server, client.user)
    page.goto(f"{live_server.url}/portal/events/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    _shot(page, "portal_list_phone")
    page.click(f'[data-testid="event-{event.pk}"]')
    page.locator('[data-testid="register"]').wait_for()
    page.check('input[name="wants_contact"]')
    page.click('[data-testid="register"]')
    assert page.locator('[data-testid="registration-status"]').inner_text() == "已报名"
    _shot(page, "portal_registered_phone")
    page.click('[data-testid="show-qr"]')
    qr = page.locator('[data-testid="qr-image"]')
    qr.wait_for()
    box = qr.bounding_box()
    assert box["width"] > 250 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # fits the phone
    assert page.evaluate("document.querySelector('[data-testid=qr-image]').naturalWidth") > 0  # it drew
    _shot(page, "portal_qr_phone")
    reg = EventRegistration.objects.get(event=event, client=client)
    assert reg.status == "Registered" and reg.wants_contact

    desk = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()  # staff at the door, on a phone
    login(desk, live_server, staff)
    desk.goto(f"{live_server.url}/app/securities_crm/event/{event.pk}/checkin/")
    assert desk.locator('[data-testid="live-count"]').inner_text().replace(" ", "") == "已签到:0/1"
    desk.fill('[data-testid="token"]', checkin.token(reg))  # what a scanner types
    _shot(desk, "desk_checkin_phone")
    desk.click('[data-testid="check-in"]')
    assert "客户90" in desk.locator('[data-testid="checkin-ok"]').inner_text()
    assert desk.locator('[data-testid="live-count"]').inner_text().replace(" ", "") == "已签到:1/1"
    _shot(desk, "desk_checked_in_phone")
    desk.fill('[data-testid="token"]', checkin.token(reg))
    desk.click('[data-testid="check-in"]')
    assert "已使用" in desk.locator('[data-testid="checkin-error"]').inner_text()
    _shot(desk, "desk_reused_phone")
    reg.refresh_from_db()
    assert reg.status == "Attended" and reg.checked_in_by == staff

    page.reload()
    assert page.locator('[data-testid="checked-in"]').is_visible()
    desk.goto(f"{live_server.url}/app/securities_crm/event/{event.pk}/change/")
    assert "客户90" in desk.locator('[data-testid="registrations"]').inner_text()
    _shot(desk, "desk_event_page")
    phone.close()
