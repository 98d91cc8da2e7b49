"""Service Team: its members share the queue; its lead receives escalations (see test_service_ticket)."""

import pytest
from service_fixtures import service_world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_members_and_lead(service_world):
    team = service_world["team"]
    assert set(team.members.all()) == set(service_world["agents"]) and team.lead == service_world["lead"]
    assert list(service_world["agents"][0].service_teams.all()) == [team]
