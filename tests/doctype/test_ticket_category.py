"""Ticket Category: a complaint category opens a Complaint with its own deadlines; its default priority
applies to new tickets."""

import pytest
from service_fixtures import make_policy, service_world  # noqa: F401

from securities_crm.doctype.ticket_category.model import TicketCategory
from securities_crm.service import tickets

pytestmark = pytest.mark.django_db


def test_a_complaint_category_and_its_default_priority(service_world):
    make_policy()
    TicketCategory(category_name="投诉", complaint=True, default_priority="High", acknowledge_days=2).save()
    TicketCategory(category_name="咨询").save()
    complaint = tickets.open_ticket("投诉", "内容", category=TicketCategory.objects.get(pk="投诉"))
    assert complaint.priority == "High" and complaint.complaint.acknowledge_due is not None
    assert complaint.is_complaint
    plain = tickets.open_ticket("咨询", "内容", category=TicketCategory.objects.get(pk="咨询"))
    assert not plain.is_complaint and not hasattr(plain, "complaint_cache")
