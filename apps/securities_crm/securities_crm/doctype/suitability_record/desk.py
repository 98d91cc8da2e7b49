"""Suitability records in the desk (read-only), their client 360 tab, and the suitability report page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...permissions import policy
from ...suitability import matching
from . import report
from .model import SuitabilityRecord


@admin.register(SuitabilityRecord)
class SuitabilityRecordDesk(DocTypeAdmin):
    list_display = (
        "name",
        "client",
        "product",
        "service_offering",
        "result",
        "risk_result",
        "horizon_result",
        "variety_result",
        "channel",
        "confirmed_by",
        "confirmed_at",
        "follow_up_due",
    )
    list_filter = ("result", "channel", "risk_result", "horizon_result", "variety_result", "confirmed_at")
    list_select_related = ("client", "product", "service_offering", "confirmed_by")
    search_fields = ("name", "client__name", "client__client_name", "product__product_code")
    fieldsets = (
        (
            _("Result"),
            {
                "classes": ["tab"],
                "fields": (
                    "client",
                    "product",
                    "service_offering",
                    "assessment",
                    "investor_type",
                    "client_risk_level",
                    "lowest_category",
                    "product_risk_rating",
                    "result",
                    "risk_result",
                    "horizon_result",
                    "variety_result",
                    "reasons_shown",
                ),
            },
        ),
        (
            _("Warning and Confirmation"),
            {
                "classes": ["tab"],
                "fields": ("warning_text", "confirmed_by", "confirmed_at", "channel", "ip_address", "follow_up_due"),
            },
        ),
    )

    readonly_fields = ("reasons_shown",)

    @admin.display(description=_("Reasons"))
    def reasons_shown(self, obj):
        """The stored reasons as sentences in the reader's language, not as their JSON."""
        sentences = [matching.reason_text(r) for r in obj.reasons or [] if isinstance(r, dict)]
        if not sentences:
            return "-"
        return format_html(
            '<ul class="list-disc ml-4">{}</ul>', format_html_join("", "<li>{}</li>", ((s,) for s in sentences))
        )

    def has_add_permission(self, request, *args):
        return False  # written only by the confirmation (api.suitability.confirm)

    def get_urls(self):
        return [
            path(
                "report/", self.admin_site.admin_view(self.report_view), name="securities_crm_suitabilityrecord_report"
            ),
            *super().get_urls(),
        ]

    def report_view(self, request):
        if not policy.has_right(request.user, "read", SuitabilityRecord):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Suitability Report"),
            "opts": self.model._meta,
            "figures": report.figures(request),
            "no_data_text": _("No data yet"),
            "error_text": _("This figure is unavailable."),
        }
        return TemplateResponse(request, "securities_crm/suitability/report.html", context)
