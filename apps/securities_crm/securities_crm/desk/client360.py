"""The client 360 page's tabs. A DocType adds its tab in its folder's tabs.py, with one decorator
(core.discovery.autodiscover("tabs") loads every tabs.py from AppConfig.ready):

    from securities_crm.desk.client360 import ClientTab, client_tab

    @client_tab(order=40)
    class RiskAssessmentTab(ClientTab):
        model = RiskAssessment
        fields = ("name", "score", "risk_level", "valid_until")

A tab is a read-only, paginated list of the client's records of one DocType, each linking to
its own form. It appears only to users whose role may read that DocType, and shows only the
rows the record rules allow. Encrypted fields appear masked (`<field>_masked` names).
"""

from __future__ import annotations

from django.utils.text import capfirst
from unfold.admin import TabularInline

from ..core.fields import sensitive_fields
from ..core.masks import mask
from ..permissions import policy

TABS: list[tuple[int, type]] = []


def client_tab(order: int = 100):
    def wrap(cls):
        TABS.append((order, cls))
        TABS.sort(key=lambda t: t[0])
        return cls

    return wrap


def tabs() -> list[type]:
    return [cls for _, cls in TABS]


class ClientTab(TabularInline):
    tab = True
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    per_page = 10
    fk_name = "client"

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        for field in sensitive_fields(self.model):

            def show(obj, field=field):
                return mask(getattr(obj, field.attname), field.kind) or "-"

            show.short_description = capfirst(field.verbose_name)
            setattr(self, f"{field.name}_masked", show)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        return policy.filter_queryset(request.user, super().get_queryset(request), "read")

    def has_view_permission(self, request, obj=None):
        return policy.has_right(request.user, "read", self.model)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
