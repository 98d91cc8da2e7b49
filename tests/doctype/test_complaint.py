"""Complaint: opened from a complaint category's ticket, deadlines in working days (holidays skipped), every
step recorded, overdue complaints found on the exact day after a deadline, the regulator's reference
searchable, and the answer sent to the client in the thread."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from service_fixtures import make_policy, service_world  # noqa: F401

from securities_crm.core import workflow
from securities_crm.doctype.complaint.model import Complaint
from securities_crm.doctype.holiday.model import Holiday
from securities_crm.doctype.ticket_category.model import TicketCategory
from securities_crm.service import complaints, tickets

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(service_world):
    make_policy()
    Holiday(holiday_date=dt.date(2026, 3, 10), description="假日").save()
    TicketCategory(category_name="投诉", complaint=True).save()
    ticket = tickets.open_ticket(
        "对服务不满",
        "营业部人员态度差",
        client=service_world["clients"]["a"],
        category=TicketCategory.objects.get(pk="投诉"),
    )
    found = Complaint.objects.get(ticket=ticket)
    found.received_on = dt.date(2026, 3, 9)  # a Monday
    found.acknowledge_due = None
    found.save()
    return found


def test_deadlines_in_working_days(complaint):
    assert complaint.acknowledge_due == dt.date(2026, 3, 11)  # 1 working day: Tuesday is a holiday
    assert complaint.answer_due == dt.date(2026, 3, 31)  # 15 working days, the holiday skipped
    assert complaint.client_id == complaint.ticket.client_id and complaint.summary == "对服务不满"


def test_overdue_on_the_day_after_each_deadline(complaint):
    assert not complaints.overdue(dt.date(2026, 3, 11)).exists()  # the deadline day itself: not yet
    assert list(complaints.overdue(dt.date(2026, 3, 12))) == [complaint]
    workflow.apply(complaint, "acknowledge", complaint.ticket.client.client_manager, "")
    assert not complaints.overdue(dt.date(2026, 3, 31)).exists()
    assert list(complaints.overdue(dt.date(2026, 4, 1))) == [complaint]  # not answered by the 31st


def test_every_step_is_recorded_and_the_answer_reaches_the_client(complaint, service_world):
    agent = service_world["agents"][0]
    workflow.apply(complaint, "acknowledge", agent, "")
    workflow.apply(complaint, "investigate", agent, "调取录音")
    with pytest.raises(ValidationError):
        workflow.apply(complaint, "accept", agent, "跳过")  # outside the workflow
    workflow.apply(complaint, "answer", agent, "书面答复", written_answer="经核查，已对相关人员进行培训，并向您致歉。")
    ticket = complaint.ticket
    ticket.refresh_from_db()
    assert ticket.messages.filter(internal=False, sender_type="Staff", body__contains="致歉").exists()
    workflow.apply(complaint, "escalate", agent, "客户不满意答复")
    workflow.apply(complaint, "investigate", agent, "重新调查")
    workflow.apply(complaint, "answer", agent, "", written_answer="补充答复：已补偿。")
    workflow.apply(complaint, "accept", agent, "客户接受")
    assert [t["action"] for t in complaint.transitions] == [
        "acknowledge",
        "investigate",
        "answer",
        "escalate",
        "investigate",
        "answer",
        "accept",
    ]
    assert all(t["by"] == agent.username and t["at"] for t in complaint.transitions)
    ticket.refresh_from_db()
    assert complaint.status == "Accepted" and ticket.status == "Resolved"


def test_the_regulators_reference_is_searchable(complaint, service_world, client):
    complaint.source, complaint.external_reference = "Regulator Hotline", "12386-2026-0042"
    complaint.save()
    client.force_login(service_world["compliance"])
    page = client.get("/app/securities_crm/complaint/?q=12386-2026-0042")
    assert complaint.pk in page.content.decode()
    queue = client.get("/app/securities_crm/serviceticket/?q=12386-2026-0042")
    assert complaint.ticket_id in queue.content.decode()
