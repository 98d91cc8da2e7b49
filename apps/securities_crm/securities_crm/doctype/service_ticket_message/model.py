"""Service Ticket Message: one message of a ticket's thread, from the client, staff or the system.

Messages are written only by the service (service/tickets.py: reply, client messages, inbound email and
channel webhooks), which keeps the ticket's status and SLA clock in step: no generic route writes one.
Internal notes are never shown to the client (`restrict_scope`), and neither is anything on a
confidential ticket. Attachments are stored files, checked for type by their content
(service/attachments.py); `attachments` lists them: [{name, path, content_type, size}].
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...permissions.roles import CLIENT, COMPLIANCE_OFFICER, STAFF, SYSTEM_MANAGER
from ..shared.service import TicketChannel


class SenderType(models.TextChoices):
    CLIENT = "Client", _("Client")
    STAFF = "Staff", _("Staff")
    SYSTEM = "System", _("System")


@doctype(
    "Service Ticket Message",
    module="Service",
    naming="autoincrement",
    history=False,
    system_only=True,
    client_path="ticket__client",
    branch_path="ticket__client__branch",
    manager_path="ticket__client__client_manager",
    user_path="ticket__assigned_to",
    rights={
        "Service Agent": "r",
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "r",
        "Client": "r",
    },
)
class ServiceTicketMessage(Document):
    name = models.BigAutoField(_("ID"), primary_key=True)
    ticket = models.ForeignKey(
        "securities_crm.ServiceTicket",
        verbose_name=_("Service Ticket"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    sender_type = models.CharField(_("From"), max_length=10, choices=SenderType.choices, default=SenderType.CLIENT)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Sender"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sender_address = models.CharField(_("Sender Address"), max_length=254, blank=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=TicketChannel.choices, default=TicketChannel.PORTAL)
    body = models.TextField(_("Message"), blank=True)
    internal = models.BooleanField(
        _("Internal Note"), default=False, help_text=_("Seen by staff only, never by the client.")
    )
    attachments = models.JSONField(_("Attachments"), default=list, blank=True)
    external_id = models.CharField(
        _("External ID"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("The channel's id of the message (an email's Message-ID)."),
    )
    sent_at = models.DateTimeField(_("Sent At"), default=timezone.now)

    class Meta(Document.Meta):
        verbose_name = _("Service Ticket Message")
        verbose_name_plural = _("Service Ticket Messages")
        ordering = ["sent_at", "name"]
        indexes = [models.Index(fields=["ticket", "sent_at"], name="ticket_message_thread")]

    @staticmethod
    def restrict_scope(roles, action="read") -> Q | None:
        """The client never sees internal notes, nor anything of a confidential ticket; staff other than
        Compliance see no confidential ticket's messages."""
        if COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles:
            return None
        if CLIENT in roles and not (roles & set(STAFF)):
            return Q(internal=False, ticket__confidential=False)
        return Q(ticket__confidential=False)

    @property
    def excerpt(self) -> str:
        return (self.body or "").strip().replace("\n", " ")[:80]
