import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...security import privacy
from .model import DataSubjectRequest, RequestType


@admin.register(DataSubjectRequest)
class DataSubjectRequestDesk(DocTypeAdmin):
    list_display = ("name", "client", "request_type", "status", "due_date", "handled_by", "completed_on")
    list_filter = ("request_type", "status")
    list_select_related = ("client", "handled_by")
    search_fields = ("name", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    readonly_fields = ("workflow_link", "transition_log")
    fieldsets = (
        (None, {"fields": ("client", "request_type", "details", "received_via", "due_date")}),
        (
            _("Handling"),
            {"fields": ("status", "workflow_link", "handled_by", "resolution", "completed_on", "transition_log")},
        ),
    )

    actions = ["download_data_package"]

    @admin.action(description=_("Download the client's data (access request)"))
    def download_data_package(self, request, queryset):
        requests = list(queryset[:2])
        if len(requests) != 1 or requests[0].request_type != RequestType.ACCESS:
            self.message_user(request, _("Select exactly one access request."), level=messages.WARNING)
            return None
        package = privacy.data_package(requests[0], request.user, "desk")
        response = HttpResponse(
            json.dumps(package, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{requests[0].name}.json"'
        return response
