from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import ServiceOffering


@admin.register(ServiceOffering)
class ServiceOfferingDesk(DocTypeAdmin):
    list_display = (
        "service_code",
        "service_name",
        "service_type",
        "risk_rating",
        "horizon",
        "variety",
        "professional_only",
        "status",
    )
    list_filter = ("risk_rating", "service_type", "professional_only", "status")
    search_fields = ("service_code", "service_name")
    fields = (
        "service_code",
        "service_name",
        "service_type",
        "risk_rating",
        "horizon",
        "variety",
        "professional_only",
        "status",
        "description",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "service_code"] if obj is not None else fields
