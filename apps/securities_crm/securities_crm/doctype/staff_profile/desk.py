from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.labels import RoleFilter, label_roles
from .model import StaffProfile


@admin.register(StaffProfile)
class StaffProfileDesk(DocTypeAdmin):
    list_display = ("username", "full_name", "branch", "manager", "is_active")
    list_filter = ("branch", ("roles", RoleFilter), "is_active")
    search_fields = ("username", "full_name", "employee_no")
    autocomplete_fields = ("user", "branch", "manager")
    filter_horizontal = ("roles",)
    fieldsets = (
        (None, {"fields": ("user", "full_name", "employee_no", "mobile", "is_active")}),
        (_("Organisation"), {"fields": ("branch", "manager", "roles")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return label_roles(field) if db_field.name == "roles" else field
