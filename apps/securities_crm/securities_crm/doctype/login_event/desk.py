from django.contrib import admin

from ...desk.ingested import IngestedDesk
from .model import LoginEvent


@admin.register(LoginEvent)
class LoginEventDesk(IngestedDesk):
    list_display = ("name", "login_time", "account", "ip_address", "device", "channel")
    list_filter = ("channel", "login_time")
    search_fields = ("=external_id", "=account__account_number", "=ip_address")
