"""Trade (成交): one execution from the trading system. Immutable once ingested; kept at least 20 years."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ...core.validators import NON_NEGATIVE, POSITIVE
from ..shared.trading import TRADING_SPEC, Channel, Side, TradingRecord, instrument_link


@doctype(
    "Trade",
    title_field="external_id",
    search_fields=("external_id", "account__account_number"),
    **TRADING_SPEC,
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Compliance Officer": "re",
        "Risk Officer": "re",
        "Client": "r",
        "Integration": "c",
    },
)
class Trade(TradingRecord):
    instrument = instrument_link()
    side = models.CharField(_("Side"), max_length=4, choices=Side.choices)
    quantity = models.DecimalField(_("Quantity"), max_digits=20, decimal_places=4, validators=[POSITIVE])
    price = models.DecimalField(_("Price"), max_digits=18, decimal_places=4, validators=[NON_NEGATIVE])
    amount = models.DecimalField(_("Amount"), max_digits=20, decimal_places=2, validators=[NON_NEGATIVE])
    fee = models.DecimalField(_("Fee"), max_digits=18, decimal_places=2, default=0, validators=[NON_NEGATIVE])
    trade_time = models.DateTimeField(_("Trade Time"))
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel.choices, blank=True)

    class Meta(TradingRecord.Meta):
        verbose_name = _("Trade")
        verbose_name_plural = _("Trades")
        ordering = ["-trade_time"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="trade_source_external_id")]
        indexes = [models.Index(fields=["client", "trade_time"], name="trade_client_time")]
