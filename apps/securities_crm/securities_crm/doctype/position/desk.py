from django.contrib import admin

from ...desk.ingested import IngestedDesk
from .model import Position


@admin.register(Position)
class PositionDesk(IngestedDesk):
    list_display = ("name", "position_date", "account", "instrument", "quantity", "market_value")
    list_filter = ("position_date",)
    search_fields = ("=external_id", "=account__account_number", "=instrument__code")
