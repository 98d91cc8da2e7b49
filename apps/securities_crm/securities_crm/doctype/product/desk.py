from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from ...desk import suitability_check
from ...desk.base import DocTypeAdmin
from .model import Product


@admin.register(Product)
class ProductDesk(DocTypeAdmin):
    actions_detail = ["check_suitability"]

    def has_suitability_check_permission(self, request, object_id=None):
        return suitability_check.may_check(request.user)

    @action(
        description=_("Suitability check"),
        url_path="suitability-check",
        permissions=["suitability_check"],
        icon="fact_check",
    )
    def check_suitability(self, request, object_id):
        """The check page with this product filled in; the other side is picked there by autocomplete."""
        return redirect(suitability_check.url(product=object_id))

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
