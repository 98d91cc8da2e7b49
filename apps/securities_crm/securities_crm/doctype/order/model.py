"""Order (委托): an order as placed, and cancelled where it was. Immutable once ingested; kept at least 20 years."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ...core.validators import NON_NEGATIVE, POSITIVE
from ..shared.trading import TRADING_SPEC, Channel, Side, TradingRecord, instrument_link


class OrderStatus(models.TextChoices):
    NEW = "New", _("New")
    PARTIAL = "Partially Filled", _("Partially Filled")
    FILLED = "Filled", _("Filled")
    CANCELLED = "Cancelled", _("Cancelled")
    REJECTED = "Rejected", _("Rejected")


@doctype(
    "Order",
    title_field="external_id",
    search_fields=("external_id", "account__account_number"),
    **TRADING_SPEC,
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Compliance Officer": "re",
        "Risk Officer": "re",
        "Integration": "c",
    },
)
class Order(TradingRecord):
    instrument = instrument_link()
    side = models.CharField(_("Side"), max_length=4, choices=Side.choices)
    price = models.DecimalField(_("Price"), max_digits=18, decimal_places=4, validators=[NON_NEGATIVE])
    quantity = models.DecimalField(_("Quantity"), max_digits=20, decimal_places=4, validators=[POSITIVE])
    status = models.CharField(_("Status"), max_length=20, choices=OrderStatus.choices)
    placed_time = models.DateTimeField(_("Placed Time"))
    cancelled_time = models.DateTimeField(_("Cancelled Time"), null=True, blank=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel.choices, blank=True)

    class Meta(TradingRecord.Meta):
        verbose_name = _("Order")
        verbose_name_plural = _("Orders")
        ordering = ["-placed_time"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="order_source_external_id")]
        indexes = [models.Index(fields=["client", "placed_time"], name="order_client_time")]
