"""Complaint (投诉): a ticket of a complaint category, worked through its own workflow with deadlines.

Received → Acknowledged → Investigating → Answered (in writing) → Accepted by the client, or Escalated
(and investigated again). The deadlines are working days from receipt, as the category says (default 1
to acknowledge, 15 to answer); every step is recorded with who, when and why. A complaint that came
through a regulator's hotline keeps its reference there (`external_reference`), searchable.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.workflow import Transition, Workflow
from ..holiday.model import Holiday
from ..securities_account.model import CHILD_PATHS
from ..ticket_category.model import ACKNOWLEDGE_DAYS, ANSWER_DAYS


class ComplaintStatus(models.TextChoices):
    RECEIVED = "Received", _("Received")
    ACKNOWLEDGED = "Acknowledged", _("Acknowledged")
    INVESTIGATING = "Investigating", _("Investigating")
    ANSWERED = "Answered", _("Answered in Writing")
    ACCEPTED = "Accepted", _("Accepted by the Client")
    ESCALATED = "Escalated", pgettext_lazy("complaint status", "Escalated")


class ComplaintSource(models.TextChoices):
    DIRECT = "Direct", _("Directly from the client")
    REGULATOR = "Regulator Hotline", _("Regulator's hotline (12386)")
    ASSOCIATION = "Association", _("Securities Association")
    OTHER = "Other", _("Other")


S = ComplaintStatus
OPEN_STATES = (S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.ESCALATED)
WORKFLOW = Workflow(
    log="transitions",
    owns=("acknowledged_at", "answered_at", "written_answer", "closed_at"),
    transitions=(
        Transition("acknowledge", (S.RECEIVED,), S.ACKNOWLEDGED, _("Acknowledge receipt"), needs_reason=False),
        Transition("investigate", (S.ACKNOWLEDGED, S.ESCALATED), S.INVESTIGATING, _("Investigate")),
        Transition("answer", (S.INVESTIGATING,), S.ANSWERED, _("Answer in writing"), needs_reason=False),
        Transition("accept", (S.ANSWERED,), S.ACCEPTED, _("The client accepts")),
        Transition("escalate", (S.ANSWERED,), S.ESCALATED, _("The client escalates")),
    ),
)


@doctype(
    "Complaint",
    module="Service",
    naming="series:CMP-.YYYY.-.#####",
    title_field="summary",
    search_fields=("name", "external_reference", "summary", "client__client_name"),
    **CHILD_PATHS,
    workflow=WORKFLOW,
    server_set=("client", "acknowledge_due", "answer_due"),
    set_only_once=("ticket", "received_on"),
    rights={"Service Agent": "rwc", "Compliance Officer": "rwce", "Branch Manager": "r", "Client Manager": "r"},
)
class Complaint(Document):
    ticket = models.OneToOneField(
        "securities_crm.ServiceTicket",
        verbose_name=_("Service Ticket"),
        on_delete=models.PROTECT,
        related_name="complaint",
    )
    client = models.ForeignKey(
        "securities_crm.Client",
        verbose_name=_("Client"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    summary = models.CharField(_("Summary"), max_length=200)
    source = models.CharField(
        _("Source"), max_length=20, choices=ComplaintSource.choices, default=ComplaintSource.DIRECT
    )
    external_reference = models.CharField(
        _("External Reference"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The regulator hotline's or association's reference."),
    )
    received_on = models.DateField(_("Received On"), default=timezone.localdate)
    acknowledge_due = models.DateField(_("Acknowledge By"), null=True, blank=True)
    answer_due = models.DateField(_("Answer By"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, db_index=True
    )
    acknowledged_at = models.DateTimeField(_("Acknowledged At"), null=True, blank=True)
    answered_at = models.DateTimeField(_("Answered At"), null=True, blank=True)
    written_answer = models.TextField(_("Written Answer"), blank=True)
    closed_at = models.DateTimeField(_("Closed At"), null=True, blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Complaint")
        verbose_name_plural = _("Complaints")
        ordering = ["-received_on", "-name"]

    def validate(self):
        if self.ticket_id:
            self.client_id = self.ticket.client_id
            if not self.summary:
                self.summary = self.ticket.subject[:200]
        if self.is_new or not self.acknowledge_due:
            category = self.ticket.category if self.ticket_id else None
            ack = category.acknowledge_days if category is not None else ACKNOWLEDGE_DAYS
            answer = category.answer_days if category is not None else ANSWER_DAYS
            self.acknowledge_due = Holiday.add_working_days(self.received_on, ack) if ack else self.received_on
            self.answer_due = Holiday.add_working_days(self.received_on, answer)

    @classmethod
    def overdue(cls, today) -> Q:
        """Complaints past a deadline on `today`: not acknowledged after its day, or not answered after its."""
        return Q(acknowledged_at__isnull=True, acknowledge_due__lt=today, status=S.RECEIVED) | Q(
            answered_at__isnull=True, answer_due__lt=today, status__in=OPEN_STATES
        )

    # --- the workflow's moves (core/workflow.apply calls these) ---------------------------
    def before_transition(self, move, user, reason, values):
        now = timezone.now()
        if move.action == "acknowledge":
            self.acknowledged_at = now
        elif move.action == "answer":
            answer = (values.get("written_answer") or reason or "").strip()
            if not answer:
                raise ValidationError({"written_answer": _t("Write the answer the client will receive.")})
            self.written_answer, self.answered_at = answer, now
        elif move.action == "accept":
            self.closed_at = now
