from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...suitability.choices import Horizon, OfferingStatus, RiskRating, Variety


class RatedOffering(models.Model):
    """The fields suitability matching reads, shared by Product and Service Offering."""

    risk_rating = models.CharField(_("Risk Rating"), max_length=2, choices=RiskRating.choices, db_index=True)
    horizon = models.CharField(_("Investment Horizon"), max_length=10, choices=Horizon.choices)
    variety = models.CharField(_("Investment Variety"), max_length=20, choices=Variety.choices)
    professional_only = models.BooleanField(_("Professional Investors Only"), default=False)
    status = models.CharField(_("Status"), max_length=12, choices=OfferingStatus.choices,
                              default=OfferingStatus.ACTIVE, db_index=True)

    class Meta:
        abstract = True

    def matching_facts(self):
        from ...suitability.matching import ProductFacts

        return ProductFacts(risk_rating=self.risk_rating, horizon=self.horizon, variety=self.variety,
                            professional_only=self.professional_only, on_sale=self.status == OfferingStatus.ACTIVE,
                            label=str(self))


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


@doctype("Product", module="Suitability", naming="field:product_code", title_field="product_name",
         search_fields=("product_code", "product_name"))
class Product(RatedOffering, Document):
    product_code = models.CharField(_("Product Code"), max_length=40, unique=True)
    product_name = models.CharField(_("Product Name"), max_length=140)
    product_type = models.CharField(_("Product Type"), max_length=30, choices=ProductType.choices,
                                    default=ProductType.OTHER)
    issuer = models.CharField(_("Issuer"), max_length=140, blank=True)
    description = models.TextField(_("Description"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Product")
        verbose_name_plural = _("Products")

    def __str__(self):
        return f"{self.product_code} {self.product_name}"
