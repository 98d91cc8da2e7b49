from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from ...desk.base import DocTypeAdmin
from ...permissions import policy
from .model import ApplicationStatus, ProfessionalInvestorApplication


@admin.register(ProfessionalInvestorApplication)
class ProfessionalInvestorApplicationDesk(DocTypeAdmin):
    list_display = ("name", "client", "application_type", "status", "criteria_met", "reviewer", "reviewed_at",
                    "creation")
    list_filter = ("application_type", "status", "criteria_met")
    list_select_related = ("client", "reviewer")
    search_fields = ("name", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = (
        (_("Application"), {"classes": ["tab"], "fields": (
            "client", "application_type", "financial_assets", "average_income", "net_assets", "investment_years",
            "evidence", "statement")}),
        (_("Review"), {"classes": ["tab"], "fields": (
            "criteria_met", "criteria_report", "status", "reviewer", "reviewed_at", "review_comment")}),
    )
    readonly_fields = ("criteria_met", "criteria_report", "status", "reviewer", "reviewed_at")
    actions_detail = ["approve_application", "refuse_application"]

    def has_change_permission(self, request, obj=None):
        decided = obj is not None and obj.status != ApplicationStatus.PENDING
        return super().has_change_permission(request, obj) and not decided

    def _decide(self, request, object_id, verb):
        app = ProfessionalInvestorApplication.objects.get(pk=object_id)
        if not policy.can(request.user, "submit", app):
            messages.error(request, _("Only a reviewer (the submit right) may approve or refuse an application."))
        else:
            try:
                getattr(app, verb)(request.user)
                messages.success(request, _("Application %(name)s: %(status)s.")
                                 % {"name": app.pk, "status": app.get_status_display()})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect(reverse("admin:securities_crm_professionalinvestorapplication_change", args=[object_id]))

    @action(description=_("Approve"), url_path="approve")
    def approve_application(self, request, object_id):
        return self._decide(request, object_id, "approve")

    @action(description=_("Refuse (give the reason in Review Comment first)"), url_path="refuse")
    def refuse_application(self, request, object_id):
        return self._decide(request, object_id, "refuse")
