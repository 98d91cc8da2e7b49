"""Risk Alert's workflow: Open → Assigned → Investigating → Closed, or Escalated into a Risk Case.

Every move needs a reason and is appended to the alert's `transitions` (who, when, from, to, why).
Closing needs a resolution; assigning needs a user; escalating opens a Risk Case. Nothing else
writes the status, the assignee, the resolution or the case: not a PUT, not the desk's form.
"""

from django.utils.translation import gettext_lazy as _

from ...core.workflow import Transition, Workflow
from ...permissions.roles import COMPLIANCE_OFFICER, RISK_OFFICER

OPEN, ASSIGNED, INVESTIGATING, CLOSED, ESCALATED = "Open", "Assigned", "Investigating", "Closed", "Escalated"
UNFINISHED = (OPEN, ASSIGNED, INVESTIGATING)

WORKFLOW = Workflow(
    log="transitions",
    owns=("assigned_to", "resolution", "closed_at", "risk_case"),
    assignee_roles=(RISK_OFFICER, COMPLIANCE_OFFICER),  # who works on alerts (record rules narrow it per alert)
    transitions=(
        Transition("assign", (OPEN, ASSIGNED), ASSIGNED, _("Assign")),
        Transition("investigate", (OPEN, ASSIGNED), INVESTIGATING, _("Investigate")),
        Transition("close", UNFINISHED, CLOSED, _("Close")),
        Transition("escalate", UNFINISHED, ESCALATED, _("Escalate to a case")),
    ),
)
