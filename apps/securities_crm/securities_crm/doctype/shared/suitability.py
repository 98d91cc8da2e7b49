"""The suitability vocabulary shared by the DocTypes and the matching rules, and the rating fields
Product and Service Offering share (RatedOffering)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskRating(models.TextChoices):
    """A product's or service's risk rating (产品风险等级)."""

    R1 = "R1", _("R1 Low")
    R2 = "R2", _("R2 Medium-Low")
    R3 = "R3", _("R3 Medium")
    R4 = "R4", _("R4 Medium-High")
    R5 = "R5", _("R5 High")


class Horizon(models.TextChoices):
    """An investment horizon, shortest first: a client's horizon covers every shorter one."""

    SHORT = "Short", _("Short (under 1 year)")
    MEDIUM = "Medium", _("Medium (1 to 5 years)")
    LONG = "Long", _("Long (over 5 years)")


HORIZON_ORDER = [Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG]


class Variety(models.TextChoices):
    """Investment varieties (投资品种), as the questionnaire asks about them."""

    CASH = "Cash", _("Cash Management")
    FIXED_INCOME = "Fixed Income", _("Fixed Income")
    EQUITY = "Equity", _("Equity")
    DERIVATIVES = "Derivatives", _("Futures, Options and Margin")
    COMPLEX = "Complex", _("Complex and Alternative Products")


class OfferingStatus(models.TextChoices):
    ACTIVE = "Active", _("On Sale")
    SUSPENDED = "Suspended", _("Suspended")
    CLOSED = "Closed", _("Closed")


class Channel(models.TextChoices):
    """Where an assessment was taken or a suitability result confirmed."""

    DESK = "Desk", _("Desk (staff)")
    BRANCH = "Branch", _("Branch Counter")
    PHONE = "Phone", _("Phone (recorded)")
    PORTAL = "Portal", _("Portal")
    APP = "App", _("Mobile App")
    API = "API", _("API")


class Outcome(models.TextChoices):
    """The overall answer of a suitability check."""

    MATCH = "match", _("Match")
    MISMATCH_CONFIRMABLE = "mismatch_confirmable", _("Mismatch, confirmable after a warning")
    BLOCKED = "blocked", _("Blocked")


class AxisResult(models.TextChoices):
    MATCH = "match", _("Match")
    MISMATCH = "mismatch", _("Mismatch")
    BLOCKED = "blocked", _("Blocked")


class RatedOffering(models.Model):
    """The fields suitability matching reads, shared by Product and Service Offering."""

    risk_rating = models.CharField(_("Risk Rating"), max_length=2, choices=RiskRating.choices, db_index=True)
    horizon = models.CharField(_("Investment Horizon"), max_length=10, choices=Horizon.choices)
    variety = models.CharField(_("Investment Variety"), max_length=20, choices=Variety.choices)
    professional_only = models.BooleanField(_("Professional Investors Only"), default=False)
    status = models.CharField(
        _("Status"), max_length=12, choices=OfferingStatus.choices, default=OfferingStatus.ACTIVE, db_index=True
    )

    class Meta:
        abstract = True
