from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..shared.suitability import RatedOffering


class ServiceType(models.TextChoices):
    ADVISORY = "Investment Advisory", _("Investment Advisory")
    MARGIN = "Margin Trading", _("Margin Trading and Securities Lending")
    OPTIONS = "Options Trading", _("Stock Options Trading")
    STAR_MARKET = "STAR Market Access", _("STAR Market Access")
    GEM = "ChiNext Access", _("ChiNext Access")
    NORTHBOUND = "Stock Connect", _("Stock Connect (Hong Kong)")
    OTHER = "Other", _("Other")


@doctype(
    "Service Offering",
    module="Marketing",
    naming="field:service_code",
    title_field="service_name",
    search_fields=("service_code", "service_name"),
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "rwc",
        "Marketing": "r",
        "Client": "r",
    },
)
class ServiceOffering(RatedOffering, Document):
    service_code = models.CharField(_("Service Code"), max_length=40, unique=True)
    service_name = models.CharField(_("Service Name"), max_length=140)
    service_type = models.CharField(
        _("Service Type"), max_length=30, choices=ServiceType.choices, default=ServiceType.OTHER
    )
    description = models.TextField(_("Description"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Service Offering")
        verbose_name_plural = _("Service Offerings")

    def __str__(self):
        return f"{self.service_code} {self.service_name}"
