from django.contrib import admin

from ...desk.ingested import IngestedDesk
from .model import Trade


@admin.register(Trade)
class TradeDesk(IngestedDesk):
    list_display = (
        "name",
        "trade_time",
        "account",
        "instrument",
        "side",
        "quantity",
        "price",
        "amount",
        "fee",
        "channel",
        "external_id",
    )
    list_filter = ("side", "channel", "trade_time")
    search_fields = ("=external_id", "=account__account_number", "=instrument__code")
