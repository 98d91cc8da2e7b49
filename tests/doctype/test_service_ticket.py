"""Service Ticket: the SLA clock over nights, weekends, holidays, breaks and pauses, at the exact minute of
breach; the workflow (a move outside it is refused); reminders and escalation to the team lead."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from service_fixtures import at, make_policy, make_ticket, service_world  # noqa: F401

from securities_crm.core import workflow
from securities_crm.doctype.holiday.model import Holiday
from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.service import sla, tickets
from securities_crm.service.calendar import WorkingCalendar

pytestmark = pytest.mark.django_db

# 2026-03-06 is a Friday; 03-09 Monday.
WEEKDAYS = {0, 1, 2, 3, 4}


def test_calendar_over_nights_weekends_holidays_and_breaks():
    cal = WorkingCalendar.of(WEEKDAYS, dt.time(9), dt.time(17, 30))
    assert cal.add(at("2026-03-06 17:00"), 60) == at("2026-03-09 09:30")  # Friday evening → Monday
    assert cal.add(at("2026-03-06 20:00"), 30) == at("2026-03-09 09:30")  # from outside hours
    assert cal.add(at("2026-03-07 11:00"), 0) == at("2026-03-09 09:00")  # Saturday, nothing to wait
    assert cal.add(at("2026-03-06 17:00"), 30) == at("2026-03-06 17:30")  # ends at the day's end, not Monday
    holiday = WorkingCalendar.of(WEEKDAYS, dt.time(9), dt.time(17, 30), {dt.date(2026, 3, 9)})
    assert holiday.add(at("2026-03-06 17:00"), 60) == at("2026-03-10 09:30")
    lunch = WorkingCalendar.of(WEEKDAYS, dt.time(9), dt.time(17), break_start=dt.time(11, 30), break_end=dt.time(13))
    assert lunch.add(at("2026-03-09 11:00"), 60) == at("2026-03-09 13:30")
    assert lunch.minutes_between(at("2026-03-09 11:00"), at("2026-03-09 13:30")) == 60
    assert cal.minutes_between(at("2026-03-06 17:00"), at("2026-03-09 09:30")) == 60
    assert cal.minutes_between(at("2026-03-09 10:00"), at("2026-03-09 09:00")) == 0
    trading = WorkingCalendar.of({0, 1, 2, 3, 4, 5}, dt.time(9), dt.time(17, 30))
    assert trading.add(at("2026-03-06 17:00"), 60) == at("2026-03-07 09:30")  # a Saturday-working desk


def test_due_times_follow_the_policy_calendar_and_holidays(service_world):
    Holiday(holiday_date=dt.date(2026, 3, 9), description="调休").save()
    make_policy(response=60, resolution=8 * 60)
    ticket = make_ticket(created=at("2026-03-06 17:00"), team=service_world["team"])
    assert ticket.sla_policy_id == "Standard"
    assert ticket.first_response_due == at("2026-03-10 09:30")  # Friday 30 min, weekend, holiday Monday
    assert ticket.resolution_due == at("2026-03-10 16:30")  # 8 h: 30 min Friday, 7 h 30 Tuesday
    assert ticket.next_due == ticket.first_response_due


def test_breach_at_the_exact_minute_and_escalation_to_the_lead(service_world):
    make_policy(response=60, resolution=8 * 60, reminder_minutes=15)
    ticket = make_ticket(created=at("2026-03-06 17:00"), team=service_world["team"])
    due = ticket.first_response_due
    assert due == at("2026-03-09 09:30")
    assert sla.check(now=due - dt.timedelta(minutes=16)) == {"reminded": 0, "breached": 0}
    assert sla.check(now=due - dt.timedelta(minutes=15)) == {"reminded": 1, "breached": 0}  # 15 minutes before
    assert sla.check(now=due - dt.timedelta(minutes=10))["reminded"] == 0  # once
    assert sla.check(now=due)["breached"] == 0  # at the due minute: still on time
    assert sla.check(now=due + dt.timedelta(minutes=1))["breached"] == 1  # a minute later: breached
    ticket.refresh_from_db()
    assert ticket.first_response_breached and not ticket.resolution_breached
    assert ticket.escalated_at == due + dt.timedelta(minutes=1)
    lead_notes = NotificationLog.objects.filter(for_user=service_world["lead"], document_name=ticket.pk)
    assert lead_notes.filter(type="Alert").count() == 1
    assert sla.check(now=due + dt.timedelta(minutes=2))["breached"] == 0  # idempotent


def test_a_reply_at_the_due_minute_is_on_time_and_a_minute_later_is_not(service_world):
    make_policy(response=60)
    agent = service_world["agents"][0]
    on_time = make_ticket(created=at("2026-03-09 09:00"))
    late = make_ticket(created=at("2026-03-09 09:00"))
    sla.first_response(on_time, at("2026-03-09 10:00"))
    sla.first_response(late, at("2026-03-09 10:01"))
    assert (on_time.first_response_breached, late.first_response_breached) == (False, True)
    message = tickets.reply(make_ticket(), agent, "您好，已收到。")
    assert message.ticket.status == "Replied" and message.ticket.first_responded_at is not None


def test_pausing_moves_the_due_time_by_the_paused_working_time(service_world):
    make_policy(response=60, resolution=4 * 60)
    agent = service_world["agents"][0]
    ticket = make_ticket(created=at("2026-03-06 16:00"))
    assert ticket.resolution_due == at("2026-03-09 11:30")  # 1.5 h Friday, 2.5 h Monday
    workflow.apply(ticket, "await_client", agent, "请提供银行流水", at=at("2026-03-06 17:00"))
    assert ticket.next_due is None and ticket.paused_at == at("2026-03-06 17:00")
    # resumed on Monday at 10:00: paused 30 min Friday + 60 min Monday = 90 working minutes
    workflow.apply(ticket, "reopen", agent, "客户已回复", at=at("2026-03-09 10:00"))
    assert ticket.paused_minutes == 90 and ticket.paused_at is None
    assert ticket.resolution_due == at("2026-03-09 13:00")
    assert ticket.next_due == ticket.first_response_due == at("2026-03-09 10:00")  # 17:00 Friday + 90 min


def test_paused_tickets_do_not_breach(service_world):
    make_policy(response=60)
    ticket = make_ticket(created=at("2026-03-09 09:00"))
    workflow.apply(ticket, "hold", service_world["agents"][0], "等待后台核查")
    assert sla.check(now=at("2026-03-20 09:00"))["breached"] == 0


def test_moves_outside_the_workflow_are_refused(service_world):
    make_policy()
    ticket = make_ticket()
    with pytest.raises(ValidationError) as refused:
        workflow.apply(ticket, "reopen", service_world["agents"][0], "why")
    assert "status" in refused.value.message_dict
    workflow.apply(ticket, "resolve", service_world["agents"][0], "已解决")
    assert ticket.status == "Resolved" and ticket.resolved_at is not None
    workflow.apply(ticket, "close", service_world["agents"][0], "结案")
    with pytest.raises(ValidationError):
        workflow.apply(ticket, "resolve", service_world["agents"][0], "again")


def test_a_resolved_ticket_reopens_when_the_client_writes_back(service_world):
    make_policy()
    client = service_world["clients"]["a"]
    ticket = tickets.open_ticket("转账未到账", "昨天转入的资金还没到", client=client)
    workflow.apply(ticket, "resolve", service_world["agents"][0], "已到账")
    tickets.client_message(ticket, "还是没有看到", sender=service_world["portal"])
    ticket.refresh_from_db()
    assert ticket.status == "Open" and ticket.resolved_at is None
    assert ticket.transitions[-1]["by"] == "system"
    workflow.apply(ticket, "close", service_world["agents"][0], "结案")
    follow = tickets.client_message(ticket, "又出现了").ticket
    assert follow.pk != ticket.pk and follow.split_from_id == ticket.pk and follow.client_id == client.pk


def test_a_caller_is_matched_later_by_mobile_or_email(service_world):
    make_policy()
    ticket = tickets.open_ticket("来电咨询", "询问开户", channel="Phone", contact_mobile="13900009999")
    assert ticket.client_id is None
    from client_fixtures import new_client

    client = new_client(service_world["team"].members.first().staff_profile.branch, None, 21, mobile="13900009999")
    assert tickets.match_unidentified() == 1
    ticket.refresh_from_db()
    assert ticket.client_id == client.pk
    by_mail = tickets.open_ticket("邮件", "内容", channel="Email", contact_email="WANG@example.cn")
    assert by_mail.client_id == service_world["clients"]["a"].pk


def test_the_desk_queue_and_the_ticket_page(service_world, client):
    from securities_crm.doctype.assignment_rule.model import AssignmentRule
    from securities_crm.doctype.saved_reply.model import SavedReply

    make_policy()
    AssignmentRule(rule_name="一组轮询", team=service_world["team"]).save()
    agent = service_world["agents"][0]
    mine = tickets.open_ticket("资金未到账", "请帮我查一下", client=service_world["clients"]["a"])
    other = tickets.open_ticket("密码重置", "忘记密码")
    assert mine.assigned_to == agent and other.assigned_to != agent
    SavedReply(title="问候", body="{{client_name}}您好，关于{{ticket}}：", scope="Global").save()
    client.force_login(agent)
    page = client.get("/app/securities_crm/serviceticket/?queue=mine")
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.pk in text and other.pk not in text
    assert other.pk in client.get("/app/securities_crm/serviceticket/?queue=team").content.decode()
    form = client.get(f"/app/securities_crm/serviceticket/{mine.pk}/change/")
    body = form.content.decode()
    assert "请帮我查一下" in body and "客户11您好，关于" + mine.pk in body  # the quick reply, filled in
    sent = client.post(
        f"/app/securities_crm/serviceticket/{mine.pk}/reply/", {"reply_body": "已为您查询，资金已到账。"}
    )
    assert sent.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "Replied" and mine.first_responded_at is not None
    client.post(
        f"/app/securities_crm/serviceticket/{mine.pk}/reply/",
        {"reply_body": "内部：已核对银行流水", "reply_internal": "1", "reply_status": "Resolved"},
    )
    mine.refresh_from_db()
    assert mine.status == "Resolved" and mine.messages.filter(internal=True).count() == 1
