"""Service Ticket's workflow: Open → Replied → (Awaiting Client | On Hold) → Resolved → Closed.

A staff reply moves an Open ticket to Replied (the service's reply() makes that move, with no reason to
give); a client writing back reopens a Replied, Awaiting Client, On Hold or Resolved ticket. Which
statuses pause the SLA clock is the ticket's SLA Policy's to say (service/sla.py follows every move).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.workflow import Transition, Workflow
from ...permissions.roles import BRANCH_MANAGER, CLIENT_MANAGER, COMPLIANCE_OFFICER, SERVICE_AGENT
from ..shared.service import TicketStatus as S

WORKFLOW = Workflow(
    log="transitions",
    # The roles that work tickets: agents, a client's own manager (assignment rules may send it there first),
    # the branch manager, and Compliance for complaints and confidential tickets.
    assignee_roles=(SERVICE_AGENT, CLIENT_MANAGER, BRANCH_MANAGER, COMPLIANCE_OFFICER),
    owns=("first_responded_at", "resolved_at", "closed_at", "paused_at", "paused_minutes", "merged_into"),
    transitions=(
        Transition("reply", (S.OPEN,), S.REPLIED, pgettext_lazy("workflow action", "Mark replied"), needs_reason=False),
        Transition("await_client", (S.OPEN, S.REPLIED, S.ON_HOLD), S.AWAITING_CLIENT, _("Wait for the client")),
        Transition("hold", (S.OPEN, S.REPLIED, S.AWAITING_CLIENT), S.ON_HOLD, _("Put on hold")),
        Transition("reopen", (S.REPLIED, S.AWAITING_CLIENT, S.ON_HOLD, S.RESOLVED), S.OPEN, _("Reopen")),
        Transition(
            "resolve",
            (S.OPEN, S.REPLIED, S.AWAITING_CLIENT, S.ON_HOLD),
            S.RESOLVED,
            pgettext_lazy("workflow action", "Resolve"),
        ),
        Transition(
            "close",
            (S.OPEN, S.REPLIED, S.AWAITING_CLIENT, S.ON_HOLD, S.RESOLVED),
            S.CLOSED,
            pgettext_lazy("workflow action", "Close"),
        ),
    ),
)
