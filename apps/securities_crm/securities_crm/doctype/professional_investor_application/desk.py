from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from .model import ApplicationStatus, ProfessionalInvestorApplication


@admin.register(ProfessionalInvestorApplication)
class ProfessionalInvestorApplicationDesk(DocTypeAdmin):
    list_display = (
        "name",
        "client",
        "application_type",
        "status",
        "criteria_met",
        "reviewer",
        "reviewed_at",
        "creation",
    )
    list_filter = ("application_type", "status", "criteria_met")
    list_select_related = ("client", "reviewer")
    search_fields = ("name", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = (
        (
            _("Application"),
            {
                "classes": ["tab"],
                "fields": (
                    "client",
                    "application_type",
                    "financial_assets",
                    "average_income",
                    "net_assets",
                    "investment_years",
                    "evidence",
                    "statement",
                ),
            },
        ),
        (
            _("Review"),
            {
                "classes": ["tab"],
                "fields": (
                    "criteria_met",
                    "criteria_report",
                    "status",
                    "workflow_link",
                    "reviewer",
                    "reviewed_at",
                    "review_comment",
                    "transition_log",
                ),
            },
        ),
    )
    readonly_fields = (
        "criteria_met",
        "criteria_report",
        "status",
        "workflow_link",
        "reviewer",
        "reviewed_at",
        "review_comment",
        "transition_log",
    )

    def has_change_permission(self, request, obj=None):
        decided = obj is not None and obj.status != ApplicationStatus.PENDING
        return super().has_change_permission(request, obj) and not decided
