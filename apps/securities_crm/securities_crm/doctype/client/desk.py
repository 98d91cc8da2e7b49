"""The client 360 page: a header (identity masked, classification, manager), then tabs.

Form tabs hold the client's own fields; record tabs (each DocType's tabs.py; this folder's lists
accounts, contacts, consents and the interaction timeline); the History tab lists who changed what.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ...desk import suitability_check
from ...desk import timeline as client_timeline
from ...desk.base import DocTypeAdmin
from ...desk.client360 import ClientTab, tabs
from ...desk.sensitive import SensitiveDeskMixin
from ...permissions.roles import ADVISOR, CLIENT_MANAGER
from ..segment.desk import ClientSegmentFilter
from ..trade import tabs as trading
from .importing import COLUMNS, import_clients
from .model import Client


def _change_url(obj) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _lazy(testid: str, url: str):
    """A tab's placeholder that fetches its content when the tab is first shown (htmx's intersect): the
    timeline, the trading overview and the history read many rows, and most visits open none of them."""
    return format_html(
        '<div class="crm-wide" data-testid="{}" hx-get="{}" hx-trigger="intersect once" hx-swap="innerHTML">{}</div>',
        testid,
        url,
        _("Loading…"),
    )


@admin.register(Client)
class ClientDesk(suitability_check.CheckActionMixin, SensitiveDeskMixin, DocTypeAdmin):
    check_side = "client"

    change_form_before_template = "securities_crm/client/header.html"
    list_display = (
        "name",
        "client_name",
        "client_type",
        "id_number_masked",
        "mobile_masked",
        "investor_type",
        "risk_level",
        "client_manager",
        "branch",
        "status",
    )
    list_filter = ("client_type", "status", "investor_type", "risk_level", "branch", ClientSegmentFilter)
    list_select_related = ("client_manager", "branch")
    search_fields = ("name", "client_name")
    raw_id_fields = ("user",)
    search_help_text = _("Name or client ID; an exact ID number or mobile number also finds the client.")
    readonly_fields = (
        "birth_date",
        "gender",
        "risk_level",
        "risk_valid_until",
        "lowest_category",
        "history_table",
        "trading_overview",
        "timeline",
    )
    fieldsets = (
        (
            _("Identity"),
            {
                "classes": ["tab"],
                "fields": (
                    "client_name",
                    "client_type",
                    "id_type",
                    "id_number",
                    ("birth_date", "gender"),
                    "nationality",
                ),
            },
        ),
        (_("Contact Details"), {"classes": ["tab"], "fields": ("mobile", "email", "address")}),
        (
            _("Background and Finances"),
            {
                "classes": ["tab"],
                "fields": (
                    "occupation",
                    "employer",
                    "education",
                    "annual_income",
                    "financial_assets",
                    "net_assets",
                    "investment_years",
                ),
            },
        ),
        (
            _("Classification"),
            {"classes": ["tab"], "fields": ("investor_type", "risk_level", "risk_valid_until", "lowest_category")},
        ),
        (
            _("Ownership and Status"),
            {
                "classes": ["tab"],
                "fields": (
                    "client_manager",
                    "advisor",
                    "branch",
                    "status",
                    "source_channel",
                    "onboarded_on",
                    "user",
                    "processing_restricted",
                ),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            if trading.may_see(request.user):
                fieldsets.append((_("Trading"), {"classes": ["tab"], "fields": ("trading_overview",)}))
            fieldsets.append((_("Timeline"), {"classes": ["tab"], "fields": ("timeline",)}))
            fieldsets.append((_("History"), {"classes": ["tab"], "fields": ("history_table",)}))
        return fieldsets

    @admin.display(description=_("Timeline"))
    def timeline(self, obj):
        """The merged timeline (a dozen DocTypes), its first page fetched when the tab is first shown."""
        return _lazy("timeline", reverse("admin:securities_crm_client_timeline", args=[obj.pk]))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/tab/<str:slug>/",
                self.admin_site.admin_view(self.tab_view),
                name="securities_crm_client_tab",
            ),
            path(
                "<path:object_id>/recent-changes/",
                self.admin_site.admin_view(self.recent_changes_view),
                name="securities_crm_client_recent_changes",
            ),
            path(
                "<path:object_id>/trading/",
                self.admin_site.admin_view(self.trading_view),
                name="securities_crm_client_trading",
            ),
            path(
                "<path:object_id>/timeline/",
                self.admin_site.admin_view(self.timeline_view),
                name="securities_crm_client_timeline",
            ),
            *super().get_urls(),
        ]

    def tab_view(self, request, object_id, slug):
        """One page of a record tab's rows (desk/client360.py), as an HTML fragment for the tab."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        tab = next((t for t in tabs() if t.slug() == slug), None)
        if tab is None:
            raise Http404
        inline = tab(self.model, self.admin_site)
        if not inline.has_view_permission(request, obj):
            raise PermissionDenied
        page = Paginator(inline.rows(request, obj), inline.per_page).get_page(request.GET.get("page"))
        rows = [{"cells": inline.cells(row), "url": _change_url(row)} for row in page.object_list]
        url = reverse("admin:securities_crm_client_tab", args=[obj.pk, slug])
        overview = inline.overview(request, obj) if page.number == 1 else ""
        context = {"rows": rows, "headers": inline.headers(), "page": page, "url": url, "overview": overview}
        return TemplateResponse(request, "securities_crm/client/tab_rows.html", context)

    def timeline_view(self, request, object_id):
        """One page of the timeline, as an HTML fragment for the tab (?page=2 for the next)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        try:
            number = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            number = 1
        events, more = client_timeline.page(request.user, obj, number)
        url = reverse("admin:securities_crm_client_timeline", args=[obj.pk])
        context = {"events": events, "more": more, "page": number, "next_url": f"{url}?page={number + 1}"}
        return TemplateResponse(request, "securities_crm/client/timeline.html", context)

    @admin.display(description=_("Trading overview"))
    def trading_overview(self, obj):
        """AUM and two 90-day charts over the trading tables, fetched when the tab is first shown."""
        return _lazy("trading", reverse("admin:securities_crm_client_trading", args=[obj.pk]))

    def trading_view(self, request, object_id):
        """The Trading tab's overview, as an HTML fragment."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj) or not trading.may_see(request.user):
            raise PermissionDenied
        return HttpResponse(trading.overview(request, obj))

    def recent_changes_view(self, request, object_id):
        """The History tab's recent changes, as an HTML fragment (history_view is the full history page)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        return HttpResponse(self._history_table(obj))

    # --- import: our row-by-row import replaces import-export's all-or-nothing screen ----
    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        report, error = None, None
        if request.method == "POST" and request.FILES.get("import_file"):
            upload = request.FILES["import_file"]
            try:
                report = import_clients(upload.read(), upload.name, request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import clients"),
            "report": report,
            "error": error,
            "columns": COLUMNS,
            "changelist_url": reverse("admin:securities_crm_client_changelist"),
        }
        return TemplateResponse(request, "securities_crm/client/import.html", context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ClientTab):  # a record tab's rows are fetched by the tab, not held in the form
            kwargs["queryset"] = inline.model._default_manager.none()
        return kwargs

    def get_inlines(self, request, obj):
        return tabs() if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        role = {"client_manager": CLIENT_MANAGER, "advisor": ADVISOR}.get(db_field.name)
        if role is not None:
            kwargs["queryset"] = (
                get_user_model().objects.filter(is_active=True, groups__name=role).order_by("username").distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Recent changes"))
    def history_table(self, obj):
        """The last 15 changes (each diffed against the one before), fetched when the tab is first shown."""
        return _lazy("history", reverse("admin:securities_crm_client_recent_changes", args=[obj.pk]))

    def _history_table(self, obj):
        records = list(obj.history.select_related("history_user").order_by("-history_date")[:16])
        rows = []
        for newer, older in zip(records, records[1:] + [None]):
            if older is None:
                changed = _("Created")
            else:
                delta = newer.diff_against(older)
                changed = (
                    ", ".join(
                        str(Client._meta.get_field(c.field).verbose_name)
                        for c in delta.changes
                        if not c.field.endswith("_index")
                    )
                    or "-"
                )
            who = newer.history_user.get_username() if newer.history_user else (obj.modified_by or "-")
            rows.append((timezone.localtime(newer.history_date).strftime("%Y-%m-%d %H:%M"), who, changed))
        if not rows:
            return "-"
        link = reverse("admin:securities_crm_client_history", args=[obj.pk])
        return format_html(
            '<table class="w-full text-sm"><tbody>{}</tbody></table><p class="mt-2"><a class="text-primary-600" '
            'href="{}">{}</a></p>',
            format_html_join(
                "",
                '<tr><td class="pr-4 py-1 whitespace-nowrap">{}</td><td class="pr-4">{}</td><td>{}</td></tr>',
                rows[:15],
            ),
            link,
            _("Full history"),
        )
