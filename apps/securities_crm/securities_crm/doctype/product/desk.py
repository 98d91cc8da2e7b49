from django.contrib import admin

from ...desk import suitability_check
from ...desk.base import DocTypeAdmin
from .model import Product


@admin.register(Product)
class ProductDesk(suitability_check.CheckActionMixin, DocTypeAdmin):
    check_side = "product"

    list_display = (
        "product_code",
        "product_name",
        "product_type",
        "risk_rating",
        "horizon",
        "variety",
        "professional_only",
        "status",
    )
    list_filter = ("risk_rating", "product_type", "horizon", "variety", "professional_only", "status")
    search_fields = ("product_code", "product_name")
    fields = (
        "product_code",
        "product_name",
        "product_type",
        "issuer",
        "risk_rating",
        "horizon",
        "variety",
        "professional_only",
        "status",
        "description",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "product_code"] if obj is not None else fields
