""" "Assign to" offers, and accepts, only the users who hold a role the workflow assigns to (the workflow's
assignee_roles): on the desk's forms and transition page, and on every write route."""

import pytest
from api.conftest import api_as, api_key_for  # noqa: F401
from django.core.exceptions import ValidationError
from django.test import Client as DjangoClient
from django.urls import reverse

from .conftest import make_rule, world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _desk(user):
    session = DjangoClient(HTTP_ACCEPT_LANGUAGE="en")
    session.force_login(user)
    return session


@pytest.fixture
def staff(world, make_user, branch):
    from django.contrib.auth.models import Group, User

    from securities_crm.doctype.risk_case.model import RiskCase

    extra = {
        "marketing": make_user("mkt_assign", roles=["Marketing"], branch=branch),
        "agent": make_user("agent_assign", roles=["Service Agent"], branch=branch),
        "risk2": make_user("risk_assign", roles=["Risk Officer"], branch=branch),
    }
    portal = User.objects.create_user("portal_assign", password="x")
    portal.groups.add(Group.objects.get(name="Client"))
    case = RiskCase(title="异常交易", client=world["person"], category="Market")
    case.save()
    return {**world, **extra, "portal": portal, "case": case}


def _options(html: str, select_name: str) -> set[str]:
    import re

    block = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert block, select_name
    return set(re.findall(r"<option[^>]*>([^<]+)</option>", block.group(1))) - {"---------"}


def test_the_case_form_offers_only_risk_and_compliance(staff):
    html = _desk(staff["risk"]).get(reverse("admin:securities_crm_riskcase_change", args=[staff["case"].pk]))
    names = _options(html.content.decode(), "assigned_to")
    assert {"risk_mon", "risk_assign", "compliance_mon"} <= names
    assert not names & {"mkt_assign", "agent_assign", "portal_assign", "cm_mon"}


def test_the_ticket_form_offers_only_the_roles_that_work_tickets(staff):
    from securities_crm.doctype.service_ticket.model import ServiceTicket
    from securities_crm.permissions import policy

    names = {u.username for u in policy.assignees(ServiceTicket)}
    assert {"agent_assign", "cm_mon", "compliance_mon"} <= names
    assert not names & {"mkt_assign", "portal_assign", "risk_mon"}


def test_the_alert_transition_page_offers_only_those_who_may_work_it(staff):
    from django.utils import timezone

    from securities_crm.doctype.risk_alert.model import RiskAlert

    rule = make_rule("frequent_trading")
    now = timezone.now()
    alert = RiskAlert(
        rule=rule,
        kind=rule.kind,
        category="Market",
        client=staff["person"],
        severity="Medium",
        summary="x",
        window_start=now,
        window_end=now,
        dedup_key="t-1",
    )
    alert.save()
    r = _desk(staff["risk"]).get(reverse("admin:securities_crm_riskalert_transition", args=[alert.pk]))
    names = _options(r.content.decode(), "assign_to")
    assert {"risk_mon", "risk_assign", "compliance_mon"} <= names and "mkt_assign" not in names


def test_a_write_naming_anyone_else_is_refused_on_every_route(staff, api_as):
    case = staff["case"]
    api = api_as(staff["risk"])
    r = api.put(f"/api/resource/Risk Case/{case.pk}", {"assigned_to": "mkt_assign"})
    assert r.status_code == 417 and "处理人" in r.content.decode()  # the field, named in the user's language
    case.refresh_from_db()
    assert case.assigned_to is None
    r = api.put(f"/api/resource/Risk Case/{case.pk}", {"assigned_to": "risk_assign"})
    assert r.status_code == 200, r.content
    # the desk form: the choice is not offered, and posting it anyway is refused
    change = reverse("admin:securities_crm_riskcase_change", args=[case.pk])
    r = _desk(staff["risk"]).post(
        change,
        {"title": case.title, "category": "Market", "severity": "High", "assigned_to": staff["marketing"].pk},
    )
    assert r.status_code == 200 and 'name="assigned_to"' in r.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == staff["risk2"]
    # an assignee kept while their roles change is not re-checked on every save
    staff["risk2"].groups.clear()
    case.narrative = "补充说明"
    case.save()
    with pytest.raises(ValidationError):
        case.assigned_to = staff["agent"]
        case.save()
