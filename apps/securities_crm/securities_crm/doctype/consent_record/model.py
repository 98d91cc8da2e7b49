from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS


class ConsentType(models.TextChoices):
    MARKETING = "Marketing", _("Marketing")
    PERSONALISED = "Personalised Recommendation", _("Personalised Recommendation")
    DATA_SHARING = "Data Sharing", _("Data Sharing with Third Parties")
    CROSS_BORDER = "Cross-border Transfer", _("Cross-border Data Transfer")


class ConsentAction(models.TextChoices):
    GIVEN = "Given", _("Given")
    WITHDRAWN = "Withdrawn", _("Withdrawn")


class ConsentChannel(models.TextChoices):
    PORTAL = "Portal", _("Portal")
    APP = "App", _("Mobile App")
    BRANCH = "Branch", _("Branch (paper)")
    PHONE = "Phone", _("Phone (recorded)")
    DESK = "Desk", _("Desk")


@doctype(
    "Consent Record",
    module="Clients",
    naming="series:CNS-.YYYY.-.#######",
    immutable=True,
    history=False,
    search_fields=("client__name", "client__client_name"),
    **CHILD_PATHS,
    server_set=("recorded_at",),
    rights={"Branch Manager": "r", "Client Manager": "rc", "Compliance Officer": "r", "Client": "rc"},
)
class ConsentRecord(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="consents"
    )
    consent_type = models.CharField(_("Consent"), max_length=40, choices=ConsentType.choices)
    action = models.CharField(
        _("Given or Withdrawn"), max_length=10, choices=ConsentAction.choices, default=ConsentAction.GIVEN
    )
    recorded_at = models.DateTimeField(_("When"), default=timezone.now)
    channel = models.CharField(
        _("Channel"), max_length=20, choices=ConsentChannel.choices, default=ConsentChannel.PORTAL
    )
    text_version = models.CharField(
        _("Consent Text Version"),
        max_length=40,
        help_text=_("The version of the wording the client saw, e.g. MKT-2026.1."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Consent Record")
        verbose_name_plural = _("Consent Records")
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["client", "consent_type", "-recorded_at"]),
            models.Index(fields=["client", "recorded_at"], name="consent_client_time"),  # tab and timeline
        ]

    @classmethod
    def current(cls, client, consent_type: str) -> bool:
        """Has the client consented to this now? The latest record decides; no record means no."""
        latest = (
            cls.objects.filter(client=client, consent_type=consent_type)
            .order_by("-recorded_at", "-creation")
            .values_list("action", flat=True)
            .first()
        )
        return latest == ConsentAction.GIVEN
