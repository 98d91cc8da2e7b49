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

The page itself carries only each tab's frame: the rows are fetched (ClientDesk.tab_view, page by
page) when the tab is first shown, so opening a client costs one tab's query, not ten tabs' queries
and the rendering of a hundred read-only rows.
"""

from __future__ import annotations

from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.urls import reverse
from django.utils.text import capfirst
from unfold.admin import TabularInline

from ..core.fields import sensitive_fields, shown
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
    template = "securities_crm/client/lazy_tab.html"
    fragment_url = ""
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

    def get_formset(self, request, obj=None, **kwargs):
        if obj is not None:
            self.fragment_url = reverse("admin:securities_crm_client_tab", args=[obj.pk, self.slug()])
        return super().get_formset(request, obj, **kwargs)

    @classmethod
    def slug(cls) -> str:
        return cls.model._meta.model_name

    # --- the rows, for the tab's fragment ------------------------------------------------
    def overview(self, request, client) -> str:
        """HTML shown above the rows on the tab's first page (a summary such as the Profile tab's)."""
        return ""

    def rows(self, request, client):
        qs = self.get_queryset(request).filter(**{self.fk_name: client})
        names = {f.name for f in self.model._meta.concrete_fields if f.is_relation}
        qs = qs.select_related(*[n for n in self.fields if n in names])  # a page's links in its one query
        return qs.order_by(*self.ordering) if self.ordering else qs

    def headers(self) -> list[str]:
        return [str(label_for_field(name, self.model, self)) for name in self.fields]

    def cells(self, obj) -> list:
        out = []
        for name in self.fields:
            field, attr, value = lookup_field(name, obj, self)
            if field is not None:
                out.append(display_for_field(shown(field, value), field, "-"))
            else:
                out.append(display_for_value(value, "-", boolean=getattr(attr, "boolean", False)))
        return out

    def has_view_permission(self, request, obj=None):
        return policy.has_right(request.user, "read", self.model)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
