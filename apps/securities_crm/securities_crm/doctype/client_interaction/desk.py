from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import ClientInteraction


@admin.register(ClientInteraction)
class ClientInteractionDesk(DocTypeAdmin):
    list_display = ("occurred_at", "client", "interaction_type", "direction", "subject", "staff")
    list_filter = ("interaction_type", "direction", "occurred_at")
    list_select_related = ("client", "staff")
    search_fields = ("subject", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = ((None, {"fields": ("client", "interaction_type", "direction", "occurred_at", "subject", "notes",
                                    "staff", "duration_minutes")}),)

    def save_model(self, request, obj, form, change):
        if not change and obj.staff_id is None:
            obj.staff = request.user
        super().save_model(request, obj, form, change)
