"""Saved Reply: global, team or personal (a personal reply is its owner's alone), placeholders filled in,
unknown placeholders refused."""

import pytest
from django.core.exceptions import ValidationError
from service_fixtures import service_world  # noqa: F401

from securities_crm.core import session
from securities_crm.doctype.saved_reply.model import SavedReply
from securities_crm.permissions import policy

pytestmark = pytest.mark.django_db


def test_scopes_and_placeholders(service_world):
    a1, a2 = service_world["agents"][:2]
    with session.acting_as(a1.username):
        mine = SavedReply(title="我的", body="{{client_name}}您好", scope="Personal")
        mine.save()
    team = SavedReply(title="组内", body="工单{{ticket}}", scope="Team", team=service_world["team"])
    team.save()
    everyone = SavedReply(title="通用", body="感谢来电", scope="Global")
    everyone.save()
    assert mine.owner_user == a1
    assert set(policy.filter_queryset(a1, SavedReply.objects.all())) == {mine, team, everyone}
    assert set(policy.filter_queryset(a2, SavedReply.objects.all())) == {team, everyone}
    assert set(policy.filter_queryset(service_world["cm"], SavedReply.objects.all())) == {everyone}
    assert mine.render({"client_name": "王先生"}) == "王先生您好"
    with pytest.raises(ValidationError) as bad:
        SavedReply(title="坏", body="{{password}}", scope="Global").save()
    assert "body" in bad.value.message_dict
    with pytest.raises(ValidationError) as no_team:
        SavedReply(title="无组", body="x", scope="Team").save()
    assert "team" in no_team.value.message_dict
