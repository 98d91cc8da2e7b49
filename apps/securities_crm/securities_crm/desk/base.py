"""The admin class every DocType's desk form inherits.

It routes every permission question through permissions.policy (lists, forms, search,
export, delete), shows read-only every field the user may not write (core/ownership.py:
standard, server-set and workflow-owned fields, and those above the user's level), offers
the workflow's moves where the DocType has one (desk/workflow.py), keeps the document
history, and offers CSV/XLSX import and export where the role has the right.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin
from unfold.contrib.import_export.forms import ExportForm, ImportForm

from ..core import ownership
from ..doctype.audit_log import audit
from ..permissions import policy
from ..security import masking
from . import importing
from .history import DeskHistoryHelper
from .labels import user_label
from .requests import current_request  # noqa: F401  (desks import it from here too)
from .workflow import WorkflowDeskMixin

# Who created and last changed a document are stored as Frappe stores them ("Administrator" for the system);
# the form shows them through labels.user_label.
STANDARD_FIELDS = ("name", "created_by", "creation", "modified", "modified_by_shown", "docstatus")


def standard_readonly(model) -> list[str]:
    """Every field of a read-only form, the standard ones by their shown names (created_by, ...)."""
    stored = {"owner", "modified_by"}  # shown as created_by and modified_by_shown
    return [f.name for f in model._meta.concrete_fields if f.name not in stored] + [
        f for f in STANDARD_FIELDS if f not in ("name", "creation", "modified", "docstatus")
    ]


class DocTypeAdmin(WorkflowDeskMixin, SimpleHistoryAdmin, ImportExportModelAdmin, ModelAdmin):
    import_form_class = ImportForm
    export_form_class = ExportForm
    list_per_page = 50
    show_full_result_count = False  # a COUNT(*) over millions of rows on every page is not worth it
    warn_unsaved_form = True

    @admin.display(description=_("Created By"), ordering="owner")
    def created_by(self, obj):
        return user_label(obj.owner)

    @admin.display(description=_("Last Updated By"), ordering="modified_by")
    def modified_by_shown(self, obj):
        return user_label(obj.modified_by)

    def get_historical_record_context_helper(self, request, historical_record):
        return DeskHistoryHelper(self.model, historical_record)

    # --- what the user may see and do: always the policy's answer -----------------------
    def get_queryset(self, request):
        return policy.filter_queryset(request.user, super().get_queryset(request), "read")

    def has_module_permission(self, request):
        return policy.has_right(request.user, "read", self.model)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "read", obj if obj is not None else self.model)

    def has_change_permission(self, request, obj=None):
        if self.model.doctype.system_only or (obj is not None and (obj.doctype.immutable or obj.docstatus == 2)):
            return False
        return policy.can(request.user, "write", obj if obj is not None else self.model)

    def has_add_permission(self, request, *args):
        return not self.model.doctype.system_only and policy.can(request.user, "create", self.model)

    def has_delete_permission(self, request, obj=None):
        if self.model.doctype.immutable or self.model.doctype.system_only:
            return False
        return policy.can(request.user, "delete", obj if obj is not None else self.model)

    def has_export_permission(self, request):
        return policy.has_right(request.user, "export", self.model)

    def has_import_permission(self, request):
        return not self.model.doctype.system_only and policy.has_right(request.user, "create", self.model)

    def get_import_resource_classes(self, request):
        if self.resource_classes:  # a DocType with an import of its own (e.g. clients) checks its own rows
            return self.resource_classes
        return [importing.for_user(self.model, request.user)]

    def get_data_for_export(self, request, queryset, **kwargs):
        """Exports are masked (encrypted fields) and audited, whatever the DocType."""
        data = masking.mask_dataset(super().get_data_for_export(request, queryset, **kwargs), self.model)
        audit.log(
            audit.EXPORT,
            user=request.user,
            doctype=self.model.doctype.name,
            channel="desk",
            detail=f"{len(data)} rows",
            request=request,
        )
        return data

    # --- choices -------------------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """ "Assign to" offers only the users who hold a role the workflow assigns to (and, on a record, who
        may write it), not every user of the site."""
        wf = self.model.doctype.workflow
        if wf is not None and db_field.name == wf.assignee_field and "queryset" not in kwargs:
            pool = policy.assignees(self.model, self._editing(request))
            if pool is not None:
                kwargs["queryset"] = pool
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _editing(self, request):
        """The record the form being built is for, from the URL (None on an add form)."""
        match = getattr(request, "resolver_match", None)
        object_id = match.kwargs.get("object_id") if match is not None else None
        if not object_id:
            return None
        return self.model._default_manager.filter(pk=object_id).first()

    # --- the standard fields --------------------------------------------------------
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [f for f in STANDARD_FIELDS if f not in fields]
        return fields + [f for f in self.locked_fields(request, obj) if f not in fields]

    def locked_fields(self, request, obj=None) -> list[str]:
        """The form's fields this user may not write: shown, never submitted (core/ownership.py)."""
        spec = self.model.doctype
        levels = policy.writable_levels(request.user, self.model)
        creating = obj is None
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if f.editable
            and not f.primary_key
            and ownership.refusal(spec, f.name, creating=creating, levels=levels) is not None
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.fieldsets:
            fieldsets.append((_("Document"), {"fields": STANDARD_FIELDS, "classes": ["tab"]}))
        return fieldsets
