from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import Branch


@admin.register(Branch)
class BranchDesk(DocTypeAdmin):
    list_display = ("branch_code", "branch_name", "city", "is_active", "modified")
    list_filter = ("city", "is_active")
    search_fields = ("branch_code", "branch_name", "city")
    fieldsets = ((None, {"fields": ("branch_code", "branch_name", "city", "address", "phone", "is_active")}),)
