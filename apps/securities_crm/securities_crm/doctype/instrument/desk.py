from django.contrib import admin

from ...desk.ingested import IngestedDesk
from .model import Instrument


@admin.register(Instrument)
class InstrumentDesk(IngestedDesk):
    ordering = ("code",)
    list_display = ("code", "instrument_name", "market", "instrument_type", "industry", "risk_rating")
    list_filter = ("market", "instrument_type", "risk_rating")
    search_fields = ("code", "instrument_name")
