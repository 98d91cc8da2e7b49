"""The desk for the ingested DocTypes: read-only lists and forms, and an Upload page that runs
the same engine as the API (the list's Import button, for users with the create right)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..ingest import engine, schema
from .base import DocTypeAdmin, standard_readonly


class IngestedDesk(DocTypeAdmin):
    """Records that arrive by ingestion: never added, changed or deleted in the desk."""

    list_per_page = 50
    ordering = ("-name",)  # the primary key: ingest order, and cheap on millions of rows
    raw_id_fields = ()  # every field is read-only: no pickers over millions of accounts

    def get_readonly_fields(self, request, obj=None):
        return standard_readonly(self.model)

    def has_add_permission(self, request, *args):
        return False

    def import_action(self, request, **kwargs):
        kind = schema.for_doctype(self.model.doctype.name)
        if not self.has_import_permission(request) or kind is None:
            raise PermissionDenied
        report, error, batch_url = None, None, ""
        if request.method == "POST" and request.FILES.get("import_file"):
            upload = request.FILES["import_file"]
            fmt = "jsonl" if upload.name.lower().endswith((".jsonl", ".ndjson")) else "csv"
            try:
                report = engine.ingest(
                    kind.name,
                    upload.read(),
                    fmt,
                    source=request.POST.get("source", ""),
                    user=request.user,
                    channel="desk",
                    filename=upload.name,
                )
                batch_url = reverse("admin:securities_crm_ingestionbatch_change", args=[report["batch"]])
            except engine.IngestError as exc:
                error = str(exc)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Upload %(doctype)s") % {"doctype": opts.verbose_name_plural},
            "report": report,
            "error": error,
            "batch_url": batch_url,
            "columns": [c.name for c in kind.columns],
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        }
        return TemplateResponse(request, "securities_crm/ingest/upload.html", context)
