"""Instrument (证券): a listed security or a product, named by its code with the market suffix (600519.SH)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


class InstrumentMarket(models.TextChoices):
    SH = "SH", _("Shanghai Stock Exchange")
    SZ = "SZ", _("Shenzhen Stock Exchange")
    BJ = "BJ", _("Beijing Stock Exchange")
    HK = "HK", _("Hong Kong (Stock Connect)")
    OF = "OF", _("Off-Exchange Fund")
    OTC = "OTC", _("Over the Counter")


class InstrumentType(models.TextChoices):
    STOCK = "Stock", _("Stock")
    BOND = "Bond", _("Bond")
    FUND = "Fund", _("Fund")
    ETF = "ETF", _("ETF")
    OPTION = "Option", _("Option")
    WARRANT = "Warrant", _("Warrant")
    PRODUCT = "Product", _("Wealth Product")


class ProductRisk(models.TextChoices):
    R1 = "R1", _("R1 Low")
    R2 = "R2", _("R2 Medium-Low")
    R3 = "R3", _("R3 Medium")
    R4 = "R4", _("R4 Medium-High")
    R5 = "R5", _("R5 High")


@doctype(
    "Instrument",
    module="Trading",
    naming="field:code",
    immutable=True,
    history=False,
    title_field="instrument_name",
    search_fields=("code", "instrument_name"),
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "r",
        "Risk Officer": "r",
        "Client": "r",
        "Integration": "rc",
    },
)
class Instrument(Document):
    code = models.CharField(
        _("Code"), max_length=32, unique=True, help_text=_("With the market suffix, e.g. 600519.SH.")
    )
    market = models.CharField(_("Market"), max_length=10, choices=InstrumentMarket.choices)
    instrument_name = models.CharField(_("Instrument Name"), max_length=140)
    instrument_type = models.CharField(
        _("Instrument Type"), max_length=20, choices=InstrumentType.choices, default=InstrumentType.STOCK
    )
    industry = models.CharField(_("Industry"), max_length=100, blank=True)
    risk_rating = models.CharField(
        _("Risk Rating"),
        max_length=2,
        choices=ProductRisk.choices,
        blank=True,
        help_text=_("For products: R1 (low) to R5 (high)."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Instrument")
        verbose_name_plural = _("Instruments")
        ordering = ["code"]
