"""Fund Transfer (资金流水): money in or out of an account through its designated bank (三方存管).
Immutable once ingested; kept at least 20 years."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import doctype
from ...core.validators import POSITIVE
from ..shared.trading import TRADING_SPEC, Channel, TradingRecord


class Direction(models.TextChoices):
    IN = "In", _("In")
    OUT = "Out", _("Out")


class Currency(models.TextChoices):
    CNY = "CNY", _("Renminbi")
    USD = "USD", _("US Dollar")
    HKD = "HKD", _("Hong Kong Dollar")


@doctype(
    "Fund Transfer",
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
class FundTransfer(TradingRecord):
    direction = models.CharField(_("Direction"), max_length=4, choices=Direction.choices)
    amount = models.DecimalField(_("Amount"), max_digits=20, decimal_places=2, validators=[POSITIVE])
    currency = models.CharField(_("Currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    is_cash = models.BooleanField(pgettext_lazy("money", "Cash"), default=False)
    cross_border = models.BooleanField(_("Cross-Border"), default=False)
    counterparty_bank = models.CharField(_("Counterparty Bank"), max_length=100, blank=True)
    transfer_time = models.DateTimeField(_("Transfer Time"))
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel.choices, blank=True)

    class Meta(TradingRecord.Meta):
        verbose_name = _("Fund Transfer")
        verbose_name_plural = _("Fund Transfers")
        ordering = ["-transfer_time"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="fund_transfer_source_external_id")
        ]
        indexes = [models.Index(fields=["client", "transfer_time"], name="fund_transfer_client_time")]
