"""Assignment Rule: round robin and fewest open tickets share the work fairly within a team, skip staff
marked away, and may send a category to the client's own client manager first."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from service_fixtures import make_policy, service_world  # noqa: F401

from securities_crm.core import workflow
from securities_crm.doctype.assignment_rule.model import AssignmentRule
from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.doctype.ticket_category.model import TicketCategory
from securities_crm.service import tickets

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(service_world):
    make_policy()
    TicketCategory(category_name="账户咨询").save()
    TicketCategory(category_name="产品回访", team=service_world["team"]).save()
    return service_world


def test_round_robin_is_fair_and_skips_staff_away(rules):
    AssignmentRule(rule_name="一组轮询", team=rules["team"]).save()
    agents = rules["agents"]
    picked = [tickets.open_ticket(f"问题{i}", "内容").assigned_to for i in range(9)]
    assert picked == agents * 3  # in turn, by username
    assert Counter(picked) == dict.fromkeys(agents, 3)
    agents[1].staff_profile.away = True
    agents[1].staff_profile.save()
    picked = [tickets.open_ticket(f"再问{i}", "内容").assigned_to for i in range(4)]
    assert agents[1] not in picked and Counter(picked) == {agents[0]: 2, agents[2]: 2}
    note = NotificationLog.objects.filter(for_user=agents[0], type="Assignment").first()
    assert note is not None and note.document_type == "Service Ticket"


def test_fewest_open_balances_the_load(rules):
    AssignmentRule(rule_name="一组均衡", team=rules["team"], method="Fewest Open").save()
    agents = rules["agents"]
    first = [tickets.open_ticket(f"问题{i}", "内容") for i in range(6)]
    assert Counter(t.assigned_to for t in first) == dict.fromkeys(agents, 2)
    for ticket in [t for t in first if t.assigned_to == agents[2]]:
        workflow.apply(ticket, "resolve", agents[2], "已解决")
    nxt = [tickets.open_ticket(f"新问题{i}", "内容").assigned_to for i in range(2)]
    assert nxt == [agents[2], agents[2]]  # the one with nothing open catches up first


def test_a_category_goes_to_the_client_manager_first(rules):
    AssignmentRule(
        rule_name="回访给客户经理", team=rules["team"], categories=["产品回访"], rank=10, client_manager_first=True
    ).save()
    AssignmentRule(rule_name="其余轮询", team=rules["team"], rank=20).save()
    client = rules["clients"]["a"]
    mine = tickets.open_ticket("回访预约", "内容", client=client, category=TicketCategory.objects.get(pk="产品回访"))
    assert mine.assigned_to == rules["cm"] and mine.team == rules["team"]
    other = tickets.open_ticket("一般咨询", "内容", client=client, category=TicketCategory.objects.get(pk="账户咨询"))
    assert other.assigned_to == rules["agents"][0]
    rules["cm"].staff_profile.away = True
    rules["cm"].staff_profile.save()
    away = tickets.open_ticket("回访预约2", "内容", client=client, category=TicketCategory.objects.get(pk="产品回访"))
    assert away.assigned_to in rules["agents"]  # the manager is away: the team takes it


def test_no_rule_leaves_the_ticket_with_its_categorys_team(rules):
    ticket = tickets.open_ticket("回访", "内容", category=TicketCategory.objects.get(pk="产品回访"))
    assert ticket.team == rules["team"] and ticket.assigned_to is None


def test_rules_name_known_categories_and_channels(rules):
    with pytest.raises(ValidationError) as bad:
        AssignmentRule(rule_name="坏规则", team=rules["team"], categories=["不存在"], channels=["Fax"]).save()
    assert set(bad.value.message_dict) == {"categories", "channels"}
