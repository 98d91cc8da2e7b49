from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...core import session
from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS


class InteractionType(models.TextChoices):
    CALL = "Call", _("Phone Call")
    VISIT = "Visit", _("Visit")
    MEETING = "Meeting", _("Meeting")
    MESSAGE = "Message", _("Message")
    EMAIL = "Email", _("Email")


class Direction(models.TextChoices):
    INBOUND = "Inbound", _("Inbound")
    OUTBOUND = "Outbound", _("Outbound")


@doctype(
    "Client Interaction",
    module="Clients",
    naming="series:INT-.YYYY.-.#######",
    title_field="subject",
    search_fields=("subject", "client__name", "client__client_name"),
    **CHILD_PATHS,
    server_set=("staff",),
    set_only_once=("client",),
    rights={"Branch Manager": "rwc", "Client Manager": "rwc", "Compliance Officer": "r", "Service Agent": "rwc"},
)
class ClientInteraction(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.CASCADE, related_name="interactions"
    )
    interaction_type = models.CharField(
        _("Type"), max_length=20, choices=InteractionType.choices, default=InteractionType.CALL
    )
    direction = models.CharField(_("Direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    occurred_at = models.DateTimeField(_("When"), default=timezone.now)
    subject = models.CharField(_("Subject"), max_length=200)
    notes = models.TextField(_("Notes"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_interactions",
    )
    duration_minutes = models.PositiveIntegerField(_("Duration (minutes)"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Client Interaction")
        verbose_name_plural = _("Client Interactions")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["client", "-occurred_at"])]

    def validate(self):
        if self.is_new and self.staff_id is None:
            self.staff = session.current_user()  # who logged it: the acting user, never the caller's word
