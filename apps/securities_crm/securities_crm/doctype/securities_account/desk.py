from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.sensitive import SensitiveDeskMixin
from .model import SecuritiesAccount


@admin.register(SecuritiesAccount)
class SecuritiesAccountDesk(SensitiveDeskMixin, DocTypeAdmin):
    list_display = (
        "account_number",
        "client",
        "account_type",
        "market",
        "bank_name",
        "bank_account_masked",
        "opened_on",
        "status",
    )
    list_filter = ("account_type", "market", "status")
    list_select_related = ("client",)
    search_fields = ("account_number", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = (
        (None, {"fields": ("account_number", "client", "account_type", "market", "status", "opened_on", "closed_on")}),
        (_("Designated Bank"), {"fields": ("bank_name", "bank_account", "bank_account_name")}),
    )
