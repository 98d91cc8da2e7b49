from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from .model import DataSubjectRequest


@admin.register(DataSubjectRequest)
class DataSubjectRequestDesk(DocTypeAdmin):
    list_display = ("name", "client", "request_type", "status", "due_date", "handled_by", "completed_on")
    list_filter = ("request_type", "status")
    list_select_related = ("client", "handled_by")
    search_fields = ("name", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    readonly_fields = ("completed_on",)
    fieldsets = (
        (None, {"fields": ("client", "request_type", "details", "received_via", "due_date")}),
        (_("Handling"), {"fields": ("status", "handled_by", "resolution", "completed_on")}),
    )

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data and obj.handled_by_id is None:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)
