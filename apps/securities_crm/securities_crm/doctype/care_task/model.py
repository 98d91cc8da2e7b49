"""Care Task (关怀任务 / 回访): a visit or call to a client, made by a Care Rule or by hand.

It carries its script (the rule's questions, copied when the task is made) and is worked through it:
the `complete` move records the answers, an outcome code, notes and the next action. A check answered
"no" fails the task, and service/care.py opens a confidential ticket for Compliance (hooks.py).
`dedup_key` (rule, client and occasion) makes the daily run create each task once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.workflow import Transition, Workflow
from ...permissions.roles import ADVISOR, BRANCH_MANAGER, CLIENT_MANAGER, SERVICE_AGENT
from ..care_rule.model import CareKind
from ..securities_account.model import CHILD_PATHS


class CareStatus(models.TextChoices):
    OPEN = "Open", pgettext_lazy("care task status", "Open")
    IN_PROGRESS = "In Progress", _("In Progress")
    DONE = "Done", pgettext_lazy("care task status", "Done")
    CANCELLED = "Cancelled", pgettext_lazy("care task status", "Cancelled")


class Outcome(models.TextChoices):
    COMPLETED = "Completed", _("Completed: all checks passed")
    CHECK_FAILED = "Check Failed", _("A check failed")
    NOT_REACHED = "Not Reached", _("Client not reached")
    DECLINED = "Declined", _("Client declined")


ANSWERS = ("yes", "no")
WORKFLOW = Workflow(
    log="transitions",
    assignee_roles=(CLIENT_MANAGER, ADVISOR, BRANCH_MANAGER, SERVICE_AGENT),  # who makes visits and calls
    owns=("answers", "outcome", "completed_at", "compliance_ticket"),
    transitions=(
        Transition(
            "start",
            (CareStatus.OPEN,),
            CareStatus.IN_PROGRESS,
            pgettext_lazy("workflow action", "Start"),
            needs_reason=False,
        ),
        Transition(
            "complete",
            (CareStatus.OPEN, CareStatus.IN_PROGRESS),
            CareStatus.DONE,
            _("Record the outcome"),
            needs_reason=False,
        ),
        Transition(
            "cancel",
            (CareStatus.OPEN, CareStatus.IN_PROGRESS),
            CareStatus.CANCELLED,
            pgettext_lazy("workflow action", "Cancel"),
        ),
    ),
)


@doctype(
    "Care Task",
    module="Service",
    naming="series:CARE-.YYYY.-.######",
    title_field="subject",
    search_fields=("name", "subject", "client__client_name"),
    **CHILD_PATHS,
    user_path="assigned_to",
    workflow=WORKFLOW,
    server_set=("rule", "dedup_key", "source_doctype", "source_name", "script"),
    set_only_once=("client", "kind"),
    rights={
        "Client Manager": "rwc",
        "Branch Manager": "rwc",
        "Advisor": "rw",
        "Service Agent": "rwc",
        "Compliance Officer": "re",
    },
)
class CareTask(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="care_tasks"
    )
    kind = models.CharField(_("Kind"), max_length=30, choices=CareKind.choices, default=CareKind.MANUAL)
    subject = models.CharField(_("Subject"), max_length=200)
    rule = models.ForeignKey(
        "securities_crm.CareRule",
        verbose_name=_("Care Rule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due_on = models.DateField(_("Due On"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Assigned To"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        "securities_crm.ServiceTeam",
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=CareStatus.choices, default=CareStatus.OPEN, db_index=True
    )
    script = models.JSONField(_("Script"), default=list, blank=True)
    answers = models.JSONField(_("Answers"), default=dict, blank=True)
    outcome = models.CharField(_("Outcome"), max_length=20, choices=Outcome.choices, blank=True)
    notes = models.TextField(_("Notes"), blank=True)
    next_action = models.CharField(_("Next Action"), max_length=255, blank=True)
    next_action_on = models.DateField(_("Next Action On"), null=True, blank=True)
    completed_at = models.DateTimeField(_("Completed At"), null=True, blank=True)
    compliance_ticket = models.ForeignKey(
        "securities_crm.ServiceTicket",
        verbose_name=_("Compliance Ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_doctype = models.CharField(_("Source Document Type"), max_length=140, blank=True)
    source_name = models.CharField(_("Source Document"), max_length=140, blank=True)
    dedup_key = models.CharField(_("Deduplication Key"), max_length=200, unique=True, null=True, blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Care Task")
        verbose_name_plural = _("Care Tasks")
        ordering = ["due_on", "name"]
        indexes = [
            models.Index(fields=["assigned_to", "status", "due_on"], name="care_task_board"),
            models.Index(fields=["client", "creation"], name="care_task_client_creation"),  # the client timeline
        ]

    @property
    def failed_checks(self) -> list[dict]:
        return [q for q in self.script or [] if q.get("check") and (self.answers or {}).get(q["key"]) == "no"]

    # --- the workflow's moves (core/workflow.apply calls these) ---------------------------
    def before_transition(self, move, user, reason, values):
        if move.action != "complete":
            return
        outcome = values.get("outcome")
        answers = values.get("answers") or {}
        if not isinstance(answers, dict) or any(v not in ANSWERS for v in answers.values()):
            raise ValidationError({"answers": _t("Answer each question yes or no.")})
        reached = outcome not in (Outcome.NOT_REACHED, Outcome.DECLINED)
        missing = [q["key"] for q in self.script or [] if reached and q["key"] not in answers]
        if missing:
            raise ValidationError(
                {"answers": _t("Answer every question of the script (%(keys)s).") % {"keys": ", ".join(missing)}}
            )
        self.answers = {q["key"]: answers[q["key"]] for q in self.script or [] if q["key"] in answers}
        if reached:
            outcome = Outcome.CHECK_FAILED if self.failed_checks else Outcome.COMPLETED
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": _t("Choose an outcome.")})
        self.outcome = outcome
        self.completed_at = timezone.now()
        for field in ("notes", "next_action", "next_action_on"):
            if values.get(field) not in (None, ""):
                setattr(self, field, values[field])
