from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from ...desk.base import DocTypeAdmin
from ...permissions import policy
from ..aml_report.model import AMLReport
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
    actions_detail = ["raise_str"]

    def has_raise_str_permission(self, request, object_id=None):
        """Whoever may write AML reports (Compliance): the report is confidential, as the AML case is."""
        return policy.can(request.user, "create", AMLReport) and policy.has_right(request.user, "write@1", AMLReport)

    @action(
        description=_("Raise a suspicious-transaction report"),
        url_path="raise-str",
        permissions=["raise_str"],
        icon="gavel",
    )
    def raise_str(self, request, object_id):
        """A draft AML Report from the case (client, evidence, narrative), opened for Compliance to finish."""
        case = get_object_or_404(self.get_queryset(request), pk=object_id)
        report = case.draft_suspicious_report()
        messages.success(
            request,
            _("Suspicious-transaction report %(report)s drafted from %(case)s: check the narrative, then submit it.")
            % {"report": report.pk, "case": case.pk},
        )
        return redirect(reverse("admin:securities_crm_amlreport_change", args=[report.pk]))
