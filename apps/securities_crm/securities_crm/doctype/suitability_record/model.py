from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..client.model import InvestorType, RiskLevel
from ..securities_account.model import CHILD_PATHS
from ..shared.suitability import AxisResult, Channel


class RecordResult(models.TextChoices):
    MATCH = "match", _("Match")
    MISMATCH_CONFIRMED = "mismatch_confirmed", _("Mismatch, warned and confirmed")


@doctype(
    "Suitability Record",
    module="Suitability",
    naming="series:SR-.YYYY.-.########",
    immutable=True,
    history=False,
    system_only=True,  # written only by the check's confirm(), from its own result search_fields=("name", "client__name", "client__client_name", "product__product_code"),
    **CHILD_PATHS,
    rights={
        "Branch Manager": "r",
        "Client Manager": "rc",
        "Advisor": "rc",
        "Compliance Officer": "re",
        "Risk Officer": "r",
        "Client": "rc",
    },
)
class SuitabilityRecord(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="suitability_records"
    )
    product = models.ForeignKey(
        "securities_crm.Product",
        verbose_name=_("Product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suitability_records",
    )
    service_offering = models.ForeignKey(
        "securities_crm.ServiceOffering",
        verbose_name=_("Service Offering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suitability_records",
    )
    assessment = models.ForeignKey(
        "securities_crm.RiskAssessment",
        verbose_name=_("Risk Assessment"),
        on_delete=models.PROTECT,
        related_name="suitability_records",
    )
    investor_type = models.CharField(_("Investor Type"), max_length=20, choices=InvestorType.choices)
    client_risk_level = models.CharField(_("Client Risk Level"), max_length=2, choices=RiskLevel.choices)
    lowest_category = models.BooleanField(_("Lowest Risk Category"), default=False)
    product_risk_rating = models.CharField(_("Product Risk Rating"), max_length=2)
    risk_result = models.CharField(_("Risk Result"), max_length=10, choices=AxisResult.choices)
    horizon_result = models.CharField(_("Horizon Result"), max_length=10, choices=AxisResult.choices)
    variety_result = models.CharField(_("Variety Result"), max_length=10, choices=AxisResult.choices)
    result = models.CharField(_("Result"), max_length=20, choices=RecordResult.choices, db_index=True)
    reasons = models.JSONField(_("Reasons"), default=list, blank=True)
    warning_text = models.TextField(_("Warning Shown"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Confirmed By"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("Confirmed At"), default=timezone.now)
    channel = models.CharField(_("Channel"), max_length=10, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(_("IP Address"), null=True, blank=True)
    follow_up_due = models.DateField(_("Follow-up Visit Due"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Suitability Record")
        verbose_name_plural = _("Suitability Records")
        ordering = ["-confirmed_at"]
        indexes = [models.Index(fields=["client", "-confirmed_at"]), models.Index(fields=["result", "confirmed_at"])]

    @property
    def offering(self):
        return self.product or self.service_offering
