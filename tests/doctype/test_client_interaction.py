"""Client Interaction: the client's timeline, newest first; the desk records who logged it."""

import datetime as dt

import pytest
from client_fixtures import desk_for, english, new_client, world  # noqa: F401  (fixtures)
from django.utils import timezone

from securities_crm.doctype.client_interaction.model import ClientInteraction

pytestmark = pytest.mark.django_db


def test_timeline_is_newest_first(branch):
    client = new_client(branch)
    for days, subject in ((3, "开户"), (1, "回访"), (2, "咨询")):
        ClientInteraction(client=client, subject=subject, occurred_at=timezone.now() - dt.timedelta(days=days)).save()
    assert [i.subject for i in client.interactions.all()] == ["回访", "咨询", "开户"]
    assert ClientInteraction.objects.first().name.startswith(f"INT-{timezone.localdate():%Y}-")


def test_the_desk_stamps_the_staff_member(world):
    users, clients = world
    desk = desk_for(users["service"])
    response = desk.post(
        "/app/securities_crm/clientinteraction/add/",
        {
            "client": clients["a1"].pk,
            "interaction_type": "Call",
            "direction": "Inbound",
            "occurred_at_0": "2026-03-09",
            "occurred_at_1": "10:00:00",
            "subject": "查询账户",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert ClientInteraction.objects.get(subject="查询账户").staff == users["service"]
