from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from ...desk.base import DocTypeAdmin, standard_readonly
from .model import IngestionBatch, IngestionReject


class RejectsTab(TabularInline):
    """Every rejected row, paged: a batch may hold a hundred thousand of them."""

    model = IngestionReject
    tab = True
    extra = 0
    max_num = 0
    can_delete = False
    per_page = 50
    fields = ("line", "field", "value", "reason")
    readonly_fields = fields
    verbose_name_plural = _("Rejected Rows")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IngestionBatch)
class IngestionBatchDesk(DocTypeAdmin):
    list_display = (
        "name",
        "creation",
        "kind",
        "source",
        "channel",
        "status",
        "received",
        "created",
        "duplicates",
        "rejected",
        "seconds",
        "created_by",
    )
    list_filter = ("kind", "status", "channel", "creation")
    search_fields = ("name", "filename")
    inlines = [RejectsTab]
    fieldsets = (
        (
            None,
            {"fields": ("kind", "source", "channel", "filename", "data_format", "status", "created_by", "creation")},
        ),
        (_("Counts"), {"fields": ("received", "created", "duplicates", "rejected", "accounts", "seconds")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return standard_readonly(self.model)

    def has_add_permission(self, request, *args):
        return False


@admin.register(IngestionReject)
class IngestionRejectDesk(DocTypeAdmin):
    list_display = ("batch", "line", "field", "value", "reason")
    list_filter = ("field",)
    search_fields = ("=batch__name",)
    ordering = ("batch", "line")

    def get_readonly_fields(self, request, obj=None):
        return standard_readonly(self.model)

    def has_add_permission(self, request, *args):
        return False
