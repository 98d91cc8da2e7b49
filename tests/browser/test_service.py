"""Service in Debian's Chromium, in Chinese: an agent answers a ticket in the desk; a client opens a request
and replies in the portal on a phone; a client manager works a care task through its 回访 script.
Leaves tests/artifacts/service_*.png for a person to look at."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from browser_helpers import login, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from service_fixtures import make_policy, service_world  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    shot(page, f"service_{name}")


def test_an_agent_answers_a_ticket_in_the_desk(page, live_server, service_world):
    from securities_crm.doctype.assignment_rule.model import AssignmentRule
    from securities_crm.doctype.saved_reply.model import SavedReply
    from securities_crm.service import tickets

    make_policy()
    AssignmentRule(rule_name="一组轮询", team=service_world["team"]).save()
    SavedReply(
        title="问候", body="{{client_name}}您好，您的工单{{ticket}}已收到，我们正在处理。", scope="Global"
    ).save()
    ticket = tickets.open_ticket(
        "银证转账未到账", "昨天下午从工商银行转入5万元，至今未到账。", client=service_world["clients"]["a"]
    )
    tickets.open_ticket("修改预留手机号", "手机号换了，怎么修改？")
    agent = ticket.assigned_to
    login(page, live_server, agent)
    page.goto(f"{live_server.url}/app/securities_crm/serviceticket/?queue=mine")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator(f"text={ticket.pk}").first.wait_for()
    _shot(page, "desk_queue")
    page.goto(f"{live_server.url}/app/securities_crm/serviceticket/{ticket.pk}/change/")
    page.locator("#ticket-thread").wait_for()
    page.locator("button[data-quick-reply]").first.click()
    assert "您的工单" in page.input_value("#reply_body")
    page.fill("#reply_body", page.input_value("#reply_body") + "经查询，资金已于今日9:30到账。")
    _shot(page, "desk_ticket")
    page.click('[data-testid="send-reply"]')
    page.locator("text=经查询，资金已于今日9:30到账。").first.wait_for()
    ticket.refresh_from_db()
    assert ticket.status == "Replied" and ticket.first_responded_at is not None


def test_a_client_opens_a_request_and_replies_on_a_phone(page, live_server, service_world):
    from securities_crm.doctype.service_ticket.model import ServiceTicket
    from securities_crm.doctype.ticket_category.model import TicketCategory
    from securities_crm.service import tickets

    make_policy()
    TicketCategory(category_name="账户与资金", label_en="Accounts and funds").save()
    page.set_viewport_size(PHONE)
    login(page, live_server, service_world["portal"])
    page.goto(f"{live_server.url}/portal/requests/")
    page.select_option("#id_category", "账户与资金")
    page.fill("#id_subject", "无法登录交易软件")
    page.fill("#id_body", "输入密码后提示账户被锁定。")
    _shot(page, "portal_new_request_phone")
    page.click('[data-testid="send-request"]')
    page.locator('[data-testid="thread"]').wait_for()
    ticket = ServiceTicket.objects.get(subject="无法登录交易软件")
    tickets.reply(ticket, service_world["agents"][0], "已为您解锁，请重新登录。")
    tickets.reply(ticket, service_world["agents"][0], "内部：客户连续输错密码5次", internal=True)
    page.reload()
    page.locator("text=已为您解锁").wait_for()
    assert page.locator("text=连续输错密码").count() == 0  # internal notes never reach the client
    page.fill("#id_body", "可以登录了，谢谢！")
    page.click('[data-testid="send-reply"]')
    page.locator("text=可以登录了，谢谢！").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the request page scrolls sideways ({width}px)"
    _shot(page, "portal_request_phone")
    ticket.refresh_from_db()
    assert ticket.messages.filter(sender_type="Client").count() == 2


def test_a_care_task_is_worked_through_its_script(page, live_server, service_world):
    from securities_crm.doctype.care_rule.model import VISIT_SCRIPT, CareRule
    from securities_crm.doctype.care_task.model import CareTask
    from securities_crm.service import care

    make_policy()
    rule = CareRule(rule_name="适当性回访", kind="above_level", days=3, script=VISIT_SCRIPT)
    rule.save()
    task = care.make_task(
        rule,
        service_world["clients"]["a"],
        "record:demo",
        dt.date.today(),
        "回访：客户11 购买了超出其风险等级的 R4 产品",
    )
    login(page, live_server, service_world["cm"])
    page.goto(f"{live_server.url}/app/securities_crm/caretask/?board=mine")
    page.locator(f"text={task.pk}").first.wait_for()
    _shot(page, "care_board")
    page.goto(f"{live_server.url}/app/securities_crm/caretask/{task.pk}/script/")
    for key in ("identity_confirmed", "disclosure_understood", "answered_personally"):
        page.check(f'input[name="q_{key}"][value="yes"]')
    page.fill("#id_notes", "客户本人接听，确认已阅读风险揭示书。")
    _shot(page, "care_script")
    page.click('[data-testid="record-outcome"]')
    page.wait_for_url(f"**/caretask/{task.pk}/change/")
    task = CareTask.objects.get(pk=task.pk)
    assert task.status == "Done" and task.outcome == "Completed"
