from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..shared.suitability import RatedOffering


class ProductType(models.TextChoices):
    MONEY_FUND = "Money Market Fund", _("Money Market Fund")
    BOND_FUND = "Bond Fund", _("Bond Fund")
    MIXED_FUND = "Mixed Fund", _("Mixed Fund")
    EQUITY_FUND = "Equity Fund", _("Equity Fund")
    ASSET_MANAGEMENT = "Asset Management Plan", _("Asset Management Plan")
    PRIVATE_FUND = "Private Fund", _("Private Fund")
    STRUCTURED_NOTE = "Structured Note", _("Structured Note")
    BOND = "Bond", _("Bond")
    REPO = "Reverse Repo", _("Reverse Repo")
    OTHER = "Other", _("Other")


@doctype(
    "Product",
    module="Suitability",
    naming="field:product_code",
    title_field="product_name",
    search_fields=("product_code", "product_name"),
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "rwc",
        "Risk Officer": "r",
        "Marketing": "r",
        "Client": "r",
    },
)
class Product(RatedOffering, Document):
    product_code = models.CharField(_("Product Code"), max_length=40, unique=True)
    product_name = models.CharField(_("Product Name"), max_length=140)
    product_type = models.CharField(
        _("Product Type"), max_length=30, choices=ProductType.choices, default=ProductType.OTHER
    )
    issuer = models.CharField(_("Issuer"), max_length=140, blank=True)
    description = models.TextField(_("Description"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Product")
        verbose_name_plural = _("Products")

    def __str__(self):
        return f"{self.product_code} {self.product_name}"
