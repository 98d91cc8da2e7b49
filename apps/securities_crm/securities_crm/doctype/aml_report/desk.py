from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from .model import AMLReport


@admin.register(AMLReport)
class AMLReportDesk(DocTypeAdmin):
    list_display = ("name", "report_type", "client", "amount", "transaction_date", "due_date", "docstatus")
    list_filter = ("report_type", "docstatus", "due_date")
    search_fields = ("=name", "client__client_name")
    fields = ("report_type", "client", "alert", "risk_case", "amount", "transaction_date", "due_date", "narrative",
              "evidence")
    actions = ["export_structured"]

    @admin.action(description=_("Export as structured file (JSON)"))
    def export_structured(self, request, queryset):
        import json
        body = json.dumps([r.export() for r in queryset], ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="aml_reports.json"'
        return response
