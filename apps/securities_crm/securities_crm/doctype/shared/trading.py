"""What the trading DocTypes share: integer names, the source system and its id, immutability.

Trades, orders, fund transfers, positions and login events arrive by the million from the
trading, clearing and depository systems. Each row carries its source system (`source`) and
that system's own id (`external_id`); the pair is unique, which is what makes ingestion
idempotent. The client is copied from the account at ingest (an account never changes
hands), so record rules and the client 360 page need no join through the account.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import BulkDocument, bulk_link


def instrument_link():
    """The link to an Instrument: no index (instruments are never deleted) and no database constraint."""
    return bulk_link("securities_crm.Instrument", _("Instrument"), "+", on_delete=models.PROTECT)


TRADING_PATHS = dict(client_path="client", branch_path="client__branch", manager_path="client__client_manager")
TRADING_SPEC = dict(module="Trading", naming="autoincrement", immutable=True, history=False, **TRADING_PATHS)
DEFAULT_SOURCE = "trading"


class Side(models.TextChoices):
    BUY = "Buy", _("Buy")
    SELL = "Sell", _("Sell")


class Channel(models.TextChoices):
    ONLINE = "Online", _("Online")
    MOBILE = "Mobile", _("Mobile App")
    COUNTER = "Counter", _("Counter")
    PHONE = "Phone", _("Phone")
    API = "API", _("Program Trading")


class TradingRecord(BulkDocument):  # written once, never modified: no index on the stamps
    name = models.BigAutoField(_("ID"), primary_key=True)
    source = models.CharField(_("Source System"), max_length=40, default=DEFAULT_SOURCE)
    external_id = models.CharField(_("External ID"), max_length=64)
    # Each DocType indexes (client, time) only: the client 360 page, record rules and monitoring
    # (AML is per client per day) all start from the client, and every index costs ingest speed
    # (on a 2-core machine one more b-tree over random accounts doubles the time of a bulk load).
    # No database foreign keys either: ingestion joins the account and checks the instrument in
    # the same statement, desk and API inserts validate links, and the records are never updated;
    # deferred foreign-key checks would cost a trigger call per row at commit.
    account = bulk_link("securities_crm.SecuritiesAccount", _("Account"), "+", on_delete=models.PROTECT)
    client = bulk_link("securities_crm.Client", _("Client"), "+", on_delete=models.PROTECT, editable=False)

    class Meta(BulkDocument.Meta):
        abstract = True
