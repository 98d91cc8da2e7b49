"""Service Ticket (服务工单): a client's request from any channel, its thread, and its SLA clock.

The client may be empty for a caller not yet identified; service/tickets.py matches them later by
mobile (through the blind index) or email. The SLA Policy and its due times are the system's
(service/sla.py, run by the validate hook in hooks.py); the status, the stamps of when things
happened and the pause clock belong to the workflow (workflow.py). Confidential tickets (those that
Compliance opens from a failed 回访 check) are seen by Compliance only, never by the client.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...core.fields import BlindIndexField, EncryptedField
from ...permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER
from ..shared.service import Priority, TicketChannel, TicketStatus
from .workflow import WORKFLOW


@doctype(
    "Service Ticket",
    module="Service",
    naming="series:TKT-.YYYY.-.######",
    title_field="subject",
    search_fields=("name", "subject", "client__client_name", "contact_email"),
    client_path="client",
    branch_path="client__branch",
    manager_path="client__client_manager",
    user_path="assigned_to",
    workflow=WORKFLOW,
    server_set=(
        "sla_policy",
        "first_response_due",
        "resolution_due",
        "next_due",
        "first_response_breached",
        "resolution_breached",
        "first_response_reminded",
        "resolution_reminded",
        "escalated_at",
        "split_from",
        "csat_score",
        "csat_comment",
        "csat_at",
    ),
    set_only_once=("channel", "confidential", "interaction"),
    rights={
        "Service Agent": "rwce",
        "Branch Manager": "rwe",
        "Client Manager": "rwc",
        "Advisor": "r",
        "Compliance Officer": "rwce",
        "Client": "r",
        "Integration": "c",
    },
)
class ServiceTicket(Document):
    subject = models.CharField(_("Subject"), max_length=200)
    client = models.ForeignKey(
        "securities_crm.Client",
        verbose_name=_("Client"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_tickets",
        help_text=_("Empty for a caller not yet identified: matched later by mobile or email."),
    )
    channel = models.CharField(_("Channel"), max_length=20, choices=TicketChannel.choices, default=TicketChannel.PHONE)
    category = models.ForeignKey(
        "securities_crm.TicketCategory",
        verbose_name=_("Category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("Status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    team = models.ForeignKey(
        "securities_crm.ServiceTeam",
        verbose_name=_("Team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Assigned To"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # who wrote in, when the client is not (yet) known
    contact_name = models.CharField(_("Contact Name"), max_length=140, blank=True)
    contact_email = models.EmailField(_("Contact Email"), blank=True, db_index=True)
    contact_mobile = EncryptedField(
        _("Contact Mobile"), kind="mobile", plain_max_length=20, blank=True, index_field="contact_mobile_index"
    )
    contact_mobile_index = BlindIndexField(_("Contact Mobile Search Key"), source="contact_mobile")
    sender_id = models.CharField(
        _("Sender ID"),
        max_length=140,
        blank=True,
        db_index=True,
        help_text=_("The sender's id on a chat channel (WeChat openid, app user id)."),
    )
    confidential = models.BooleanField(
        _("Confidential"), default=False, help_text=_("Seen by Compliance only, never by the client.")
    )
    interaction = models.ForeignKey(
        "securities_crm.ClientInteraction",
        verbose_name=_("From Interaction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # the SLA clock (service/sla.py)
    sla_policy = models.ForeignKey(
        "securities_crm.SLAPolicy",
        verbose_name=_("SLA Policy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_response_due = models.DateTimeField(_("First Response Due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("Resolution Due"), null=True, blank=True)
    next_due = models.DateTimeField(
        _("Next Due"),
        null=True,
        blank=True,
        help_text=_(
            "The first response's due time until it is made, then the resolution's; empty while the clock is stopped."
        ),
    )
    first_responded_at = models.DateTimeField(_("First Responded At"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("Resolved At"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Closed At"), null=True, blank=True)
    first_response_breached = models.BooleanField(_("First Response Breached"), default=False)
    resolution_breached = models.BooleanField(_("Resolution Breached"), default=False)
    first_response_reminded = models.BooleanField(_("First Response Reminder Sent"), default=False)
    resolution_reminded = models.BooleanField(_("Resolution Reminder Sent"), default=False)
    escalated_at = models.DateTimeField(_("Escalated At"), null=True, blank=True)
    paused_at = models.DateTimeField(_("Paused Since"), null=True, blank=True)
    paused_minutes = models.PositiveIntegerField(_("Paused Working Minutes"), default=0)
    # merge and split
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("Merged Into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_tickets",
    )
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("Split From"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="split_tickets",
    )
    # satisfaction (service/csat.py)
    csat_score = models.PositiveSmallIntegerField(
        _("Satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    csat_comment = models.TextField(_("Satisfaction Comment"), blank=True)
    csat_at = models.DateTimeField(_("Rated At"), null=True, blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Service Ticket")
        verbose_name_plural = _("Service Tickets")
        ordering = ["-creation"]
        indexes = [
            # the agent queue: a team's (or a person's) tickets in some statuses, soonest due first
            models.Index(fields=["team", "status", "next_due"], name="ticket_team_queue"),
            models.Index(fields=["assigned_to", "status", "next_due"], name="ticket_agent_queue"),
            models.Index(fields=["client", "creation"], name="ticket_client_creation"),
            models.Index(fields=["status", "next_due"], name="ticket_status_due"),
        ]

    @staticmethod
    def restrict_scope(roles, action="read") -> Q | None:
        """Confidential tickets are Compliance's: no other role, and never the client, sees them."""
        if COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles:
            return None
        return Q(confidential=False)

    @property
    def is_complaint(self) -> bool:
        return bool(self.category_id and self.category.complaint)
