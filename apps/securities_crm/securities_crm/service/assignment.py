"""Assignment rules: who takes a new ticket.

The first enabled Assignment Rule, by rank, that matches the ticket's category and channel (and its
team, when it has one) gives the team; the member is then picked by the rule's method among the team's
active members not marked away (Staff Profile): round robin after the member picked last, or the one
with the fewest unfinished tickets (ties go round robin, so equal loads share the work). A rule may send
the ticket to the client's own client manager first, when they are active and not away. Picking locks
the rule's row, so two tickets created at once never both go to the same "next" person.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from ..doctype.assignment_rule.model import AssignmentRule, Method
from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.shared.service import UNFINISHED
from ..notifications import notify


def available(users):
    """Active staff not marked away, by username."""
    return (
        users.filter(is_active=True, is_staff=True)
        .exclude(staff_profile__away=True)
        .exclude(staff_profile__is_active=False)
        .order_by("username")
    )


def _rotation(members: list, last_id) -> list:
    """The members in round-robin order, starting after the one picked last."""
    ids = [m.pk for m in members]
    if last_id in ids:
        i = ids.index(last_id) + 1
        return members[i:] + members[:i]
    return members


def pick(rule: AssignmentRule):
    """The next member of the rule's team (None when nobody is in); records them as picked last."""
    rule = AssignmentRule.objects.select_for_update().get(pk=rule.pk)
    members = list(available(rule.team.members.all()))
    if not members:
        return None
    order = _rotation(members, rule.last_assigned_id)
    if rule.method == Method.FEWEST_OPEN:
        load = _open_counts(members)
        user = min(order, key=lambda m: load.get(m.pk, 0))  # min() keeps the first of equals: rotation order
    else:
        user = order[0]
    AssignmentRule.objects.filter(pk=rule.pk).update(last_assigned=user)
    return user


def _open_counts(members) -> dict:
    return dict(
        ServiceTicket.objects.filter(assigned_to__in=members, status__in=UNFINISHED)
        .values_list("assigned_to")
        .annotate(n=Count("name"))
        .values_list("assigned_to", "n")
    )


def rule_for(ticket) -> AssignmentRule | None:
    team_id = ticket.team_id or (ticket.category.team_id if ticket.category_id else None)
    rules = AssignmentRule.objects.filter(enabled=True).select_related("team").order_by("rank", "rule_name")
    if team_id:
        rules = rules.filter(team_id=team_id)
    return next((r for r in rules if r.matches(ticket)), None)


def route(ticket) -> None:
    """Give a ticket its team and assignee by the rules (after it is created: hooks.py). A ticket
    created with an assignee keeps them; one no rule matches goes to its category's team, unassigned."""
    if ticket.assigned_to_id:
        return
    rule = rule_for(ticket)
    if rule is None:
        if not ticket.team_id and ticket.category_id and ticket.category.team_id:
            ticket.team_id = ticket.category.team_id
            ticket.save()
        return
    ticket.team = rule.team
    user = None
    if rule.client_manager_first and ticket.client_id and ticket.client.client_manager_id:
        user = available(get_user_model().objects.filter(pk=ticket.client.client_manager_id)).first()
    ticket.assigned_to = user or pick(rule)
    ticket.save()
    if ticket.assigned_to_id:
        notify(
            ticket.assigned_to,
            _("Ticket assigned to you: %(name)s %(subject)s") % {"name": ticket.pk, "subject": ticket.subject},
            doc=ticket,
            kind="Assignment",
        )


def assign(ticket, user, by=None) -> None:
    """Hand a ticket to someone (the API's and the desk's assign): an active staff member."""
    if user is not None and not (user.is_active and user.is_staff):
        raise ValidationError({"assigned_to": _("%(name)s is not active staff.") % {"name": user.get_username()}})
    ticket.assigned_to = user
    ticket._change_reason = _("Assigned by %(who)s") % {"who": getattr(by, "username", by) or "system"}
    ticket.save()
    if user is not None and user != by:
        notify(
            user,
            _("Ticket assigned to you: %(name)s %(subject)s") % {"name": ticket.pk, "subject": ticket.subject},
            doc=ticket,
            kind="Assignment",
        )
