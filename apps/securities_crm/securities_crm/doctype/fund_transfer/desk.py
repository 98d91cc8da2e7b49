from django.contrib import admin

from ...desk.ingested import IngestedDesk
from .model import FundTransfer


@admin.register(FundTransfer)
class FundTransferDesk(IngestedDesk):
    list_display = (
        "name",
        "transfer_time",
        "account",
        "direction",
        "amount",
        "currency",
        "is_cash",
        "cross_border",
        "counterparty_bank",
        "external_id",
    )
    list_filter = ("direction", "currency", "is_cash", "cross_border", "transfer_time")
    search_fields = ("=external_id", "=account__account_number")
