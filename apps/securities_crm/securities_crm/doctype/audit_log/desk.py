from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.labels import doctype_label, field_label, user_label
from .model import AuditLog


class DocTypeFilter(admin.SimpleListFilter):
    """The audited document types by their labels."""

    title = _("Document Type")
    parameter_name = "reference_doctype"

    def lookups(self, request, model_admin):
        names = model_admin.get_queryset(request).order_by().values_list("reference_doctype", flat=True).distinct()
        return sorted(((n, doctype_label(n)) for n in names if n), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(reference_doctype=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogDesk(DocTypeAdmin):
    list_display = (
        "creation",
        "user_shown",
        "action",
        "doctype_shown",
        "reference_name",
        "field_shown",
        "channel",
        "ip_address",
    )
    # A date filter, not date_hierarchy: that needs MariaDB's time zone tables.
    list_filter = ("action", "channel", DocTypeFilter, "creation")
    readonly_fields = ("user_shown", "doctype_shown", "field_shown")
    search_fields = ("user", "reference_name")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "action",
                    "user_shown",
                    "doctype_shown",
                    "reference_name",
                    "field_shown",
                    "channel",
                    "ip_address",
                    "detail",
                )
            },
        ),
    )

    @admin.display(description=_("User"), ordering="user")
    def user_shown(self, obj):
        return user_label(obj.user)

    @admin.display(description=_("Field"), ordering="field_name")
    def field_shown(self, obj):
        return field_label(obj.reference_doctype, obj.field_name)

    @admin.display(description=_("Document Type"), ordering="reference_doctype")
    def doctype_shown(self, obj):
        return doctype_label(obj.reference_doctype)

    def has_add_permission(self, request, *args):
        return False
