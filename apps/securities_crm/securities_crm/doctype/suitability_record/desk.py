"""Suitability records in the desk (read-only), their client 360 tab, and the suitability report page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ...desk import suitability_check
from ...desk.base import DocTypeAdmin, current_request
from ...permissions import policy
from ...suitability import matching
from ..care_task.model import CareTask
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
                    "return_visit",
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
                "fields": (
                    "warning_text",
                    "confirmed_by",
                    "confirmed_at",
                    "channel",
                    "ip_address",
                    "follow_up_due",
                ),
            },
        ),
    )

    readonly_fields = ("return_visit", "reasons_shown")

    @admin.display(description=_("Return visit (回访)"))
    def return_visit(self, obj):
        """The care task that follows up a confirmed mismatch, as a link when the user may open it."""
        task = CareTask.objects.filter(source_doctype=self.model.doctype.name, source_name=obj.pk).first()
        if task is None:
            return "-"
        if not policy.can(current_request().user, "read", task):
            return task.pk
        link = reverse("admin:securities_crm_caretask_change", args=[task.pk])
        return format_html(
            '<a class="underline" href="{}" data-testid="care-task">{} · {}</a>', link, task.pk, task.due_on
        )

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
        # A record is written only by a confirmed check: the add button opens the check page (add_view).
        return suitability_check.may_check(request.user)

    def add_view(self, request, form_url="", extra_context=None):
        return redirect(suitability_check.url())

    def check_view(self, request):
        return suitability_check.check_view(request, self)

    def get_urls(self):
        return [
            path("check/", self.admin_site.admin_view(self.check_view), name="securities_crm_suitabilityrecord_check"),
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
