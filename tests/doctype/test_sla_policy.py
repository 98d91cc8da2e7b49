"""SLA Policy: its calendar and targets are checked, and conditions choose it (the 高净值 and complaint ones
stricter), the default taking the rest."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from service_fixtures import make_policy, make_ticket, service_world  # noqa: F401

from securities_crm.doctype.ticket_category.model import TicketCategory
from securities_crm.service import sla

pytestmark = pytest.mark.django_db


def test_bad_calendars_and_targets_name_the_field():
    for fields, field in (
        ({"working_weekdays": "189"}, "working_weekdays"),
        ({"day_start": dt.time(18), "day_end": dt.time(9)}, "day_end"),
        ({"break_start": dt.time(12)}, "break_end"),
        ({"response": 600, "resolution": 60}, "resolution_low"),
        ({"pause_statuses": ["Resolved"]}, "pause_statuses"),
        ({"categories": ["没有这个类别"]}, "categories"),
    ):
        with pytest.raises(ValidationError) as bad:
            make_policy("坏策略", **fields)
        assert field in bad.value.message_dict, fields


def test_conditions_choose_the_policy(service_world):
    TicketCategory(category_name="投诉", complaint=True).save()
    make_policy("标准", response=120)
    make_policy("高净值", default=False, rank=10, response=30, min_financial_assets=Decimal("6000000"))
    make_policy("投诉", default=False, rank=5, response=15, categories=["投诉"])
    rich, plain = service_world["clients"]["a"], service_world["clients"]["b"]
    type(rich).objects.filter(pk=rich.pk).update(financial_assets=Decimal("8000000"))
    rich.refresh_from_db()
    assert make_ticket(client=rich).sla_policy_id == "高净值"
    assert make_ticket(client=plain).sla_policy_id == "标准"
    assert make_ticket(client=rich, category=TicketCategory.objects.get(pk="投诉")).sla_policy_id == "投诉"
    ticket = make_ticket(client=plain)
    ticket.priority = "Urgent"
    ticket.client = rich
    ticket.save()  # what chooses the policy changed: chosen again
    assert ticket.sla_policy_id == "高净值" and sla.choose_policy(ticket).pk == "高净值"
