from django.contrib import admin

from ...desk.base import DocTypeAdmin
from ..risk_alert.model import RiskAlert
from .model import RiskCase


class AlertInline(admin.TabularInline):
    model = RiskAlert
    fk_name = "risk_case"
    fields = ("name", "rule", "severity", "status", "summary", "score")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RiskCase)
class RiskCaseDesk(DocTypeAdmin):
    list_display = ("name", "title", "client", "category", "severity", "status", "assigned_to", "creation")
    list_filter = ("status", "category", "severity")
    search_fields = ("=name", "title", "client__client_name")
    fields = (
        "title",
        "client",
        "category",
        "severity",
        "status",
        "workflow_link",
        "assigned_to",
        "narrative",
        "transition_log",
    )
    readonly_fields = ("workflow_link", "transition_log")
    inlines = [AlertInline]
