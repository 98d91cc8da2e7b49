"""Position (持仓): the depository's end-of-day snapshot of one account's holding of one instrument.
One row per source, account, instrument and date; immutable once ingested. The sum of a client's
latest market values is their AUM (ingest.summaries.client_aum)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ...core.validators import NON_NEGATIVE
from ..shared.trading import TRADING_SPEC, TradingRecord, instrument_link


@doctype(
    "Position",
    title_field="external_id",
    search_fields=("external_id", "account__account_number"),
    **TRADING_SPEC,
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Compliance Officer": "r",
        "Risk Officer": "r",
        "Client": "r",
        "Integration": "c",
    },
)
class Position(TradingRecord):
    instrument = instrument_link()
    position_date = models.DateField(_("Position Date"))
    quantity = models.DecimalField(_("Quantity"), max_digits=20, decimal_places=4, validators=[NON_NEGATIVE])
    market_value = models.DecimalField(_("Market Value"), max_digits=20, decimal_places=2, validators=[NON_NEGATIVE])

    class Meta(TradingRecord.Meta):
        verbose_name = _("Position")
        verbose_name_plural = _("Positions")
        ordering = ["-position_date"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="position_source_external_id"),
            models.UniqueConstraint(
                fields=["source", "account", "instrument", "position_date"], name="position_snapshot"
            ),
        ]
        indexes = [models.Index(fields=["client", "position_date"], name="position_client_date")]
