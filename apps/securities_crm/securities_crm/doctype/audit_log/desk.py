from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import AuditLog


@admin.register(AuditLog)
class AuditLogDesk(DocTypeAdmin):
    list_display = (
        "creation",
        "user",
        "action",
        "reference_doctype",
        "reference_name",
        "field_name",
        "channel",
        "ip_address",
    )
    # A date filter, not date_hierarchy: that needs MariaDB's time zone tables.
    list_filter = ("action", "channel", "reference_doctype", "creation")
    search_fields = ("user", "reference_name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "action",
                    "user",
                    "reference_doctype",
                    "reference_name",
                    "field_name",
                    "channel",
                    "ip_address",
                    "detail",
                )
            },
        ),
    )

    def has_add_permission(self, request, *args):
        return False
