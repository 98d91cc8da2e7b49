from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.sensitive import SensitiveDeskMixin
from .model import ClientContact


@admin.register(ClientContact)
class ClientContactDesk(SensitiveDeskMixin, DocTypeAdmin):
    list_display = (
        "contact_name",
        "client",
        "contact_role",
        "relationship",
        "mobile_masked",
        "ownership_percent",
        "valid_until",
    )
    list_filter = ("contact_role", "may_trade")
    list_select_related = ("client",)
    search_fields = ("contact_name", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = (
        (None, {"fields": ("client", "contact_role", "contact_name", "relationship")}),
        (_("Identity and Contact"), {"fields": ("id_type", "id_number", "mobile", "email")}),
        (_("Authority"), {"fields": ("ownership_percent", "may_trade", "valid_until")}),
    )
