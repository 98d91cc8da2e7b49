from django.contrib import admin

from ...desk.ingested import IngestedDesk
from .model import Order


@admin.register(Order)
class OrderDesk(IngestedDesk):
    list_display = (
        "name",
        "placed_time",
        "account",
        "instrument",
        "side",
        "price",
        "quantity",
        "status",
        "cancelled_time",
        "external_id",
    )
    list_filter = ("side", "status", "placed_time")
    search_fields = ("=external_id", "=account__account_number", "=instrument__code")
