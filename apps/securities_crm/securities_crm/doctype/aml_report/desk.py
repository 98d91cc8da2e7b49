from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from ...desk.base import DocTypeAdmin
from ...desk.evidence import evidence_table
from . import export
from .model import AMLReport


def xml_response(reports, request, channel: str = "desk") -> HttpResponse:
    """The reports as an XML attachment (only Compliance gets here: export_xml refuses anyone else). Without
    a valid institution code nothing is exported: the user is sent back with the reason and where to fix it."""
    try:
        body = export.export_xml(reports, request.user, request, channel=channel)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("admin:securities_crm_amlsettings_changelist"))
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(reports)}"'
    return response


@admin.register(AMLReport)
class AMLReportDesk(DocTypeAdmin):
    list_display = ("name", "report_type", "client", "amount", "currency", "transaction_date", "due_date", "docstatus")
    list_filter = ("report_type", "docstatus", "due_date")
    search_fields = ("=name", "client__client_name")
    fields = (
        "report_type",
        "client",
        "alert",
        "risk_case",
        "amount",
        "currency",
        "transaction_date",
        "due_date",
        "narrative",
        "evidence_rows",
    )
    readonly_fields = ("evidence_rows",)
    # The desk's autocomplete: a search over the clients (and cases) the user may read, not a list of all.
    autocomplete_fields = ("client", "risk_case")  # set from the alert or case it is drafted from, never typed in
    actions = ["export_xml", "export_structured"]
    actions_detail = ["export_xml_detail"]

    @admin.display(description=_("Evidence"))
    def evidence_rows(self, obj):
        return evidence_table(obj.evidence) if obj else "-"

    def has_export_aml_permission(self, request, object_id=None):
        """Filing AML reports is Compliance's alone (it reveals the client's identity)."""
        return export.may_export(request.user)

    def _visible(self, request, object_id):
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    @action(
        description=_("Export XML (PBOC layout)"), url_path="export-xml", permissions=["export_aml"], icon="download"
    )
    def export_xml_detail(self, request, object_id):
        return xml_response([self._visible(request, object_id)], request)

    @admin.action(description=_("Export as XML (PBOC layout)"), permissions=["export_aml"])
    def export_xml(self, request, queryset):
        return xml_response(list(queryset.select_related("client", "client__branch")), request)

    @admin.action(description=_("Export as structured file (JSON)"), permissions=["export_aml"])
    def export_structured(self, request, queryset):
        response = HttpResponse(
            export.export_json(queryset, request.user, request, channel="desk"),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="aml_reports.json"'
        return response
