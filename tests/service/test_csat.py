"""CSAT: resolving asks the client (inbox and email with a signed link); the link rates without signing in,
once, 1 to 5; a forged link is not found."""

import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client as Browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from service_fixtures import make_policy, service_world  # noqa: E402,F401

from securities_crm.core import workflow  # noqa: E402
from securities_crm.doctype.notification_log.model import NotificationLog  # noqa: E402
from securities_crm.service import csat, tickets  # noqa: E402

pytestmark = pytest.mark.django_db


def test_resolution_asks_and_the_signed_link_rates_once(service_world, django_capture_on_commit_callbacks):
    make_policy()
    ticket = tickets.open_ticket(
        "开户问题", "内容", client=service_world["clients"]["a"], channel="Email", contact_email="wang@example.cn"
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(ticket, "resolve", service_world["agents"][0], "已解决")
    assert NotificationLog.objects.filter(for_user=service_world["portal"], document_name=ticket.pk).exists()
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/portal/rate/" in line)
    path = link[link.index("/portal/rate/") :]
    anonymous = Browser()
    assert anonymous.get(path).status_code == 200
    assert anonymous.post(path, {"csat_score": "9"}).status_code == 400
    assert anonymous.post(path, {"csat_score": "4", "csat_comment": "不错"}).status_code == 200
    ticket.refresh_from_db()
    assert (ticket.csat_score, ticket.csat_comment) == (4, "不错")
    anonymous.post(path, {"csat_score": "1"})
    ticket.refresh_from_db()
    assert ticket.csat_score == 4
    assert anonymous.get(path[:-6] + "forged/").status_code == 404
    assert csat.ticket_for(csat.token(ticket) + "x") is None
