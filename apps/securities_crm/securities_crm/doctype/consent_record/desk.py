from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import ConsentRecord


@admin.register(ConsentRecord)
class ConsentRecordDesk(DocTypeAdmin):
    list_display = ("name", "client", "consent_type", "action", "recorded_at", "channel", "text_version")
    list_filter = ("consent_type", "action", "channel", "recorded_at")
    list_select_related = ("client",)
    search_fields = ("client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = ((None, {"fields": ("client", "consent_type", "action", "recorded_at", "channel", "text_version")}),)
