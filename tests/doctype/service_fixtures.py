"""Shared helpers for the service tests: a working calendar, a team with a lead, agents and clients."""

import datetime as dt

import pytest
from client_fixtures import new_client
from django.utils import timezone


def at(text: str) -> dt.datetime:
    """A local (Asia/Shanghai) time, "2026-03-06 17:00"."""
    return timezone.make_aware(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))


def make_policy(name="Standard", *, default=True, rank=100, response=60, resolution=480, **fields):
    from securities_crm.doctype.sla_policy.model import SLAPolicy

    values = {}
    for p in ("low", "medium", "high", "urgent"):
        values[f"response_{p}"], values[f"resolution_{p}"] = response, resolution
    values.update(policy_name=name, is_default=default, rank=rank, day_start=dt.time(9, 0), day_end=dt.time(17, 30))
    values.update(fields)
    policy = SLAPolicy(**values)
    policy.save()
    return policy


def make_ticket(subject="咨询", *, created=None, **fields):
    from securities_crm.doctype.service_ticket.model import ServiceTicket

    ticket = ServiceTicket(subject=subject, creation=created, **fields)
    ticket.save()
    return ticket


@pytest.fixture
def service_world(make_user, branch):
    """A team (lead and three agents), a client manager with two clients (one with a portal login)."""
    from django.contrib.auth.models import Group, User

    from securities_crm.doctype.service_team.model import ServiceTeam

    lead = make_user("lead", roles=["Service Agent"], branch=branch)
    agents = [make_user(f"agent{i}", roles=["Service Agent"], branch=branch) for i in (1, 2, 3)]
    cm = make_user("cm_svc", roles=["Client Manager"], branch=branch)
    compliance = make_user("compl_svc", roles=["Compliance Officer"], branch=branch)
    team = ServiceTeam(team_name="客服一组", lead=lead)
    team.save()
    team.members.set(agents)
    portal = User.objects.create_user("client_svc", password="pw-client_svc")
    portal.groups.add(Group.objects.get(name="Client"))
    other_portal = User.objects.create_user("client_other", password="pw-client_other")
    other_portal.groups.add(Group.objects.get(name="Client"))
    clients = {
        "a": new_client(branch, cm, 11, user=portal, email="wang@example.cn"),
        "b": new_client(branch, cm, 12, user=other_portal, email="li@example.cn"),
    }
    return {
        "lead": lead,
        "agents": agents,
        "cm": cm,
        "compliance": compliance,
        "team": team,
        "clients": clients,
        "portal": portal,
        "other_portal": other_portal,
    }
